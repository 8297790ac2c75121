"""The site's identity and feedback at the foot of every page, from site.yml: who runs the site, its
filing numbers, its phones, its official social-media accounts (as QR codes drawn at build time) and
the link by which a citizen reports an error on the page they are reading.

Everything here is optional in site.yml; what is left out is left out of the page, not shown empty.
The theme's template (overrides/partials/copyright.html) lays it out: this module hands it text
already escaped, as Markup, because MkDocs' theme templates do not autoescape.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlencode, urlsplit, urlunsplit

from markupsafe import Markup

from portal.model.records import IDENTITY_FOLDER, Feedback, Site
from portal.render.qrcode import qr_svg_file

MIIT_FILING = "https://beian.miit.gov.cn/"
"""Where an ICP filing number is checked: the MIIT rules ask every filed site to link its number here."""
POLICE_FILING = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"
"""Where a public-security filing number is checked (全国互联网安全管理服务平台), by its 14 digits."""


@dataclass(frozen=True)
class MediaCode:
    """An official social-media account and the QR code of its address, published as an SVG file."""

    platform: Markup
    name: Markup
    url: Markup
    path: str  # where the QR code's file lives in the site, e.g. assets/media/qr-1a2b3c4d5e.svg
    svg: str


def _e(text: str | None) -> Markup | None:
    return None if text is None else Markup.escape(text)


def media_codes(site: Site) -> list[MediaCode]:
    """One QR code per account, named by its address's digest: a changed address is a new file,
    so no browser keeps showing the old code from its cache."""
    codes = []
    for account in site.media:
        name = hashlib.sha256(account.url.encode("utf-8")).hexdigest()[:10]
        codes.append(MediaCode(_e(account.platform), _e(account.name), _e(account.url),
                               f"assets/media/qr-{name}.svg", qr_svg_file(account.url)))
    return codes


def police_code(number: str) -> str:
    """The 14 digits of a 公安机关备案号 (鲁公网安备 37070202000123号 -> 37070202000123)."""
    return re.sub(r"[^0-9]", "", number)


def feedback_url(feedback: Feedback, address: str, title: str) -> str:
    """The message platform's address with the page's address and title added as query parameters,
    percent-encoded, so that staff see which page a message is about. Whatever query site.yml's
    address has is kept as written, before them."""
    parts = urlsplit(feedback.url)
    ours = urlencode({feedback.address_param: address, feedback.title_param: title})
    return urlunsplit(parts._replace(query=f"{parts.query}&{ours}" if parts.query else ours))


def page_feedback_url(site: Site, address: str, title: str) -> Markup | None:
    """feedback_url for one page, ready for an HTML attribute; None when site.yml names no platform.
    A page title from front matter arrives HTML-escaped (portal/render/pages.py): it is unescaped first."""
    if site.feedback is None:
        return None
    return Markup.escape(feedback_url(site.feedback, address, unescape(str(title))))


def footer_context(site: Site) -> dict:
    """What the footer template shows, every value escaped; keys of what site.yml leaves out are None
    (or an empty list), so the template leaves their lines out."""
    badge = site.gov_badge
    return {
        "department": _e(site.department),
        "address": _e(site.address),
        "hotline": _e(site.hotline),
        "complaint_line": _e(site.complaint_line),
        "sponsor": _e(site.sponsor),
        "organizer": _e(site.organizer),
        "site_code": _e(site.site_code),
        "icp_number": _e(site.icp_number),
        "icp_url": MIIT_FILING,
        "police_number": _e(site.police_number),
        "police_url": _e(POLICE_FILING.format(code=police_code(site.police_number))) if site.police_number else None,
        "badge": {"src": f"{IDENTITY_FOLDER}/{badge.image}", "url": _e(badge.url)} if badge else None,
        "media": media_codes(site),
        "feedback_url": _e(site.feedback.url) if site.feedback else None,  # where no page is known (404)
    }
