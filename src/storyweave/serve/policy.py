"""The security headers of every response.

The Content-Security-Policy allows no script at all, styles and images only from the server
itself, no plugins and no framing, so even a payload that slipped through escaping could not
run. Pages work without JavaScript by design.
"""

from __future__ import annotations

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
