"""The committed JSON Schemas are exactly what the models produce, and editors are pointed at them."""

import json
from pathlib import Path

import pytest

from portal.exports import schemas
from portal.model.kinds import BY_KEY

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("kind", sorted(BY_KEY))
def test_committed_schema_matches_the_model(kind):
    committed = (ROOT / "schemas" / f"{kind}.json").read_text(encoding="utf-8")
    assert committed == schemas.render(kind), f"schemas/{kind}.json is stale: run `portal schema`"


def test_schema_carries_chinese_titles_and_the_do_not_edit_notice():
    schema = json.loads((ROOT / "schemas" / "rectification.json").read_text(encoding="utf-8"))
    assert "请勿手工修改" in schema["$comment"]
    assert schema["properties"]["deadline"]["title"] == "整改期限"
    assert schema["properties"]["deadline"]["format"] == "date"
    assert "owner" in schema["required"]


def test_editor_settings_map_every_schema_to_its_files():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for kind, pattern in ((k, v.path) for k, v in BY_KEY.items()):
        assert mapping[f"./schemas/{kind}.json"] == pattern
