"""The words citizens use, from data/synonyms.yml, for search: written into each guide's page for the
index, and into one small file the header box reads before its first query (assets/search.js).

Traditional characters are read as simplified: OpenCC's tables turn every word the search knows
(the synonyms, the question words, the guides' titles and names) into traditional characters, and
each character that changes is mapped back. Only those characters go to the browser, not a whole
conversion table.
"""

from __future__ import annotations

import json
from functools import lru_cache

from opencc_purepy import OpenCC

from portal.model.dataset import Portal
from portal.model.kinds import BY_KEY
from portal.model.records import Guide, SynonymGroup

WORDS_FILE = "assets/search-words.json"  # beside search.js; the header box fetches it with pagefind.js
_TRADITIONAL = ("s2t", "s2tw", "s2hk")  # 里 is 裡 in Taiwan, 裏 in OpenCC's standard and Hong Kong's


def index_words(portal: Portal, guide: Guide) -> list[str]:
    """The synonyms the guide's page carries for the index: every word of each group that names the
    guide, or, for a group naming no guide, of which the guide's own text has a word."""
    if portal.synonyms is None:
        return []
    text = guide.model_dump_json()  # ensure_ascii is off in pydantic: Chinese stays Chinese
    words: list[str] = []
    for group in portal.synonyms.groups:
        if _applies(group, guide, text):
            words += [w for w in group.words if w not in words]
    return words


def _applies(group: SynonymGroup, guide: Guide, text: str) -> bool:
    if group.guides:
        return guide.id in group.guides
    return any(word in text for word in group.words)


def browser_words(portal: Portal) -> str:
    """What assets/search.js needs to read a question: the synonym groups (the first word of each is
    the one searched), the question words it drops, the parts of a guide a question can ask for, and
    the traditional characters it turns into simplified ones. JSON, keys sorted."""
    synonyms = portal.synonyms
    groups = [group.words for group in synonyms.groups] if synonyms else []
    question_words = list(synonyms.question_words) if synonyms else []
    parts = [{"section": p.section, "name": p.name, "asks": p.asks} for p in synonyms.parts] if synonyms else []
    known = [w for words in groups for w in words] + question_words + [a for p in parts for a in p["asks"]]
    known += [text for guide in portal.guides for text in (guide.title, *guide.aliases)]
    return json.dumps({"groups": groups, "question_words": question_words, "parts": parts,
                       "traditional": traditional(tuple(known)), "hotline": portal.site.complaint_line,
                       "guides": f"{BY_KEY['guide'].folder}/"},  # the list of guides, when nothing fits
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@lru_cache(maxsize=4)
def traditional(words: tuple[str, ...]) -> dict[str, str]:
    """{traditional character: simplified} for every character of words that traditional writing changes."""
    mapping: dict[str, str] = {}
    for config in _TRADITIONAL:
        converter = OpenCC(config)
        for word in words:
            converted = converter.convert(word)
            if len(converted) != len(word):  # a phrase written differently, not character for character
                continue
            for simple, trad in zip(word, converted):
                if simple != trad:
                    mapping.setdefault(trad, simple)
    return dict(sorted(mapping.items()))
