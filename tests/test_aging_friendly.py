"""What an older or visually impaired citizen uses, in Debian's Chromium at phone and desktop width:
the footer (identity, phones to call, 我要纠错/留言 naming the page), the 高对比度 mode (every text at
least 7:1: axe's AAA rule color-contrast-enhanced, remembered across pages) and 朗读本页 (shown only
where the browser has a Chinese voice, operated from the keyboard, reading the content in zh-CN).

Headless Chromium may have no voices at all, so each test gives the page the voices it needs: an
init script replaces speechSynthesis' getVoices, speak and cancel and SpeechSynthesisUtterance, and
records what would have been spoken. One page load checks many things: the suite must stay quick.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from browsing import DESKTOP, PHONE, new_context, sideways_overflow
from conftest import PROJECT
from test_accessibility import AXE, _axe_problems

SITE = yaml.safe_load((PROJECT / "data" / "site.yml").read_text(encoding="utf-8"))
GUIDE = yaml.safe_load((PROJECT / "data/guides/fuwu-shouce.yml").read_text(encoding="utf-8"))
CHINESE = {"lang": "zh-CN", "name": "普通话（测试）", "voiceURI": "test-zh", "localService": True, "default": False}
ENGLISH = {"lang": "en-US", "name": "English (test)", "voiceURI": "test-en", "localService": True, "default": True}

VOICES = """(voices) => {
  window.__voices = voices;
  window.__spoken = [];
  window.__cancelled = 0;
  speechSynthesis.getVoices = () => window.__voices;
  speechSynthesis.speak = (utterance) => window.__spoken.push(utterance);
  speechSynthesis.cancel = () => { window.__cancelled += 1; };
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
}"""
"""The browser's speech synthesis as a test sees it: these voices, and a record of what is spoken."""

def _context(browser, viewport, voices):
    # axe is injected as an inline script, which the pages' Content-Security-Policy rightly refuses;
    # this context alone lets the test's own scripts in (test_accessibility.py does the same).
    context = new_context(browser, viewport, bypass_csp=True)
    context.add_init_script(f"({VOICES})({json.dumps(voices)})")
    return context


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return _axe_problems(page, enhanced_contrast=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_footer_feedback_high_contrast_and_read_aloud(site, origin, browser, viewport):
    context = _context(browser, viewport, [ENGLISH, CHINESE])
    page = context.new_page()
    page.goto(origin + "/guides/fuwu-shouce/")

    # The footer: who runs the site, the numbers to call, the filings; nothing wider than the phone.
    footer = page.locator(".md-footer-meta")
    for text in (f"主办单位：{SITE['sponsor']}", f"承办单位：{SITE['organizer']}", f"网站标识码：{SITE['site_code']}"):
        assert footer.get_by_text(text).is_visible(), text
    assert footer.get_by_role("link", name=SITE["icp_number"]).get_attribute("href") == "https://beian.miit.gov.cn/"
    assert footer.get_by_role("link", name=SITE["complaint_line"], exact=True).get_attribute("href") == "tel:12345"
    assert footer.get_by_role("link", name=SITE["hotline"]).get_attribute("href") == f"tel:{SITE['hotline']}"
    codes = footer.get_by_role("img", name="二维码")
    assert codes.count() == len(SITE["media"])
    codes.last.scroll_into_view_if_needed()  # they load lazily, once near the screen
    page.wait_for_function("""() => [...document.querySelectorAll('.pt-media img')]
                                     .every(i => i.complete && i.naturalWidth > 0)""", timeout=5000)
    assert sideways_overflow(page) == 0

    # 我要纠错/留言 opens the platform with this page's address and title.
    feedback = footer.get_by_role("link", name="我要纠错/留言")
    query = parse_qs(urlsplit(feedback.get_attribute("href")).query)
    assert query == {"url": [SITE["base_url"] + "guides/fuwu-shouce/"], "title": [GUIDE["title"]]}
    assert page.get_by_role("link", name="去“好差评”评价").get_attribute("href") == SITE["evaluation_url"]

    # 朗读本页: there is a Chinese voice, so the button is there; the keyboard starts and stops it.
    read = page.get_by_role("button", name="朗读本页")
    assert read.is_visible() and read.get_attribute("aria-pressed") == "false"
    read.focus()
    page.keyboard.press("Enter")
    assert read.get_attribute("aria-pressed") == "true"
    spoken = page.evaluate("window.__spoken.map(u => ({text: u.text, lang: u.lang, voice: u.voice.name}))")
    said = "".join(s["text"] for s in spoken)
    assert {(s["lang"], s["voice"]) for s in spoken} == {("zh-CN", CHINESE["name"])}
    assert GUIDE["title"] in said and GUIDE["materials"][0]["name"] in said
    for not_content in ("朗读本页", "我要纠错", SITE["icp_number"], "扫码看最新版本"):
        assert not_content not in said, f"read aloud: {not_content}"
    assert max(len(s["text"]) for s in spoken) <= 80, "long pieces are cut off by some browsers"
    stop = page.get_by_role("button", name="停止朗读")
    stop.focus()
    page.keyboard.press("Enter")
    assert read.get_attribute("aria-pressed") == "false" and not stop.is_visible()
    assert page.evaluate("window.__cancelled") >= 1
    assert page.evaluate("document.activeElement.textContent") == "朗读本页"
    page.keyboard.press("Space")  # read again, to the end this time
    assert read.get_attribute("aria-pressed") == "true"
    page.evaluate("window.__spoken.at(-1).onend()")
    assert read.get_attribute("aria-pressed") == "false"

    # 高对比度: a toggle in the header; white on black; every text at least 7:1 with the footer and
    # 朗读本页 on screen (test_accessibility.py checks every kind of page in this mode); still on
    # after moving on.
    contrast = page.get_by_role("button", name="高对比度")
    assert contrast.evaluate("b => !!b.closest('header')") and contrast.get_attribute("aria-pressed") == "false"
    contrast.click()
    assert contrast.get_attribute("aria-pressed") == "true"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    problems = _axe(page)
    page.goto(origin + "/rectification/")
    assert page.get_by_role("button", name="高对比度").get_attribute("aria-pressed") == "true"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert sideways_overflow(page) == 0
    context.close()
    assert not problems, "\n".join(problems)


def test_read_aloud_is_offered_only_once_a_chinese_voice_is_there(site, origin, browser):
    context = _context(browser, PHONE, [ENGLISH])
    page = context.new_page()
    page.goto(origin + "/rules/")
    read = page.get_by_role("button", name="朗读本页")
    assert read.count() == 0, "offered without a Chinese voice: it would read Chinese with an English voice, or not at all"
    # Browsers often load their voices a moment after the page and say so with voiceschanged.
    page.evaluate("""(voice) => { window.__voices = [...window.__voices, voice];
                                   speechSynthesis.dispatchEvent(new Event('voiceschanged')); }""", CHINESE)
    assert read.is_visible()
    context.close()
