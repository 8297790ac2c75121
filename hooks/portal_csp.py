"""MkDocs hook: hand the site's Content-Security-Policy (portal/render/csp.py) to the theme's <meta> tag."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from portal.render import csp


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    config.extra["csp"] = csp.meta_policy()
    return config
