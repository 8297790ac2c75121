"""The code-hosting platforms (forges) the data repository may live on, and each one's addresses:
GitHub, GitLab (gitlab.com or self-managed) and Gitea (self-hosted; Forgejo speaks the same API).
site.yml's repository.forge names one; without it, github.com and gitlab.com are recognised by host.
Every edit link, history link and the browser editor's backend are made here, from site.yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Forge:
    name: str  # also Decap CMS's backend name
    title: str
    edit: str  # after the repository's address: {branch}/{path}
    history: str
    api: str  # the API's path on the forge's host ("" for GitHub, whose API has a host of its own)


FORGES = {
    "github": Forge("github", "GitHub", "edit/{branch}/{path}", "commits/{branch}/{path}", ""),
    "gitlab": Forge("gitlab", "GitLab", "-/edit/{branch}/{path}", "-/commits/{branch}/{path}", "/api/v4"),
    "gitea": Forge("gitea", "Gitea", "_edit/{branch}/{path}", "commits/branch/{branch}/{path}", "/api/v1"),
}
KNOWN_HOSTS = {"github.com": "github", "gitlab.com": "gitlab"}


class UnknownForge(Exception):
    """The repository is on a host that is not recognised and site.yml does not say which forge it is."""


def forge_of(repository) -> Forge:
    """The forge site.yml's repository is on: repository.forge, or by its host."""
    name = getattr(repository, "forge", None) or KNOWN_HOSTS.get(urlsplit(repository.url).hostname or "")
    if name is None:
        raise UnknownForge(
            f"不知道 {repository.url} 是哪种代码托管平台；请在 data/site.yml 的 repository 下写 forge: gitea 或 forge: gitlab"
            "（自建平台），在线编辑器只支持 GitHub、GitLab 和 Gitea")
    return FORGES[name]


def _address(repository, form: str, path: str) -> str:
    try:
        forge = forge_of(repository)
    except UnknownForge:
        forge = FORGES["github"]  # links only: the validator has already named the missing forge
    return f"{repository.url.rstrip('/')}/" + form(forge).format(branch=repository.branch, path=path)


def history_url(repository, path: str) -> str:
    """Every commit that changed a file, on the repository's own forge."""
    return _address(repository, lambda f: f.history, path)


def edit_prefix(repository) -> str:
    """MkDocs' edit_uri: where a page's source file is edited, before its path."""
    return _address(repository, lambda f: f.edit, "")


def api_root(repository) -> str | None:
    """The forge's API for a self-hosted or GitLab repository (Decap's api_root); None for GitHub."""
    forge = forge_of(repository)
    if not forge.api:
        return None
    parts = urlsplit(repository.url)
    return f"{parts.scheme}://{parts.netloc}{forge.api}"
