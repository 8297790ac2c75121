"""The site's Content-Security-Policy: what its pages may load and run, and nothing else.

Defence in depth behind escaping and sanitising: even if text from the data ever became markup,
no inline script, event handler, javascript: URL, plugin or frame could run. The same policy is
put in a <meta> tag on every page (overrides/main.html, through hooks/portal_csp.py) and sent by
the web server as a header (docs/csp.txt, for nginx); the header adds what a meta tag cannot carry.
Material's two small inline scripts are moved into files (overrides/assets/javascripts/), so the
policy needs neither 'unsafe-inline' nor per-page hashes.
"""

from __future__ import annotations

DIRECTIVES: dict[str, str] = {
    "default-src": "'none'",  # whatever is not named below is refused
    "script-src": "'self' 'wasm-unsafe-eval'",  # theme and Pagefind files; Pagefind compiles WebAssembly
    "style-src": "'self'",  # no inline styles: Material's and the portal's CSS are files
    "img-src": "'self' data:",  # Material's CSS draws its icons as data: SVG images
    "font-src": "'self'",
    "connect-src": "'self'",  # Pagefind fetches its index and fragments
    "manifest-src": "'self'",
    "base-uri": "'self'",  # a <base> tag could redirect every relative link
    "form-action": "'self'",
    "object-src": "'none'",
}

HEADER_ONLY: dict[str, str] = {
    "frame-ancestors": "'none'",  # no framing (clickjacking); browsers ignore it, with a warning, in a meta tag
}


def _join(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def meta_policy() -> str:
    """The policy for the <meta http-equiv="Content-Security-Policy"> tag of every page."""
    return _join(DIRECTIVES)


def header_policy() -> str:
    """The policy for the web server's Content-Security-Policy header."""
    return _join({**DIRECTIVES, **HEADER_ONLY})


def nginx_line() -> str:
    """The nginx directive that sends the header; docs/csp.txt holds exactly this line."""
    return f'add_header Content-Security-Policy "{header_policy()}" always;'
