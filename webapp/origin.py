"""The public address that share links and QR codes use: configured, or else the request's own origin."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Request, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

SETTING = "ALL_TIMELINE_PUBLIC_URL"


class ConfigError(ValueError):
    """A setting has a value the app cannot run with; the message names the setting and the fix."""


def validate(value: str) -> str:
    """Return the public address normalised to end in "/", or raise ConfigError naming what is wrong."""
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{SETTING}: {value!r} is not an address. Fix: give the site's public address with "
                          "its scheme, for example https://timeline.example.org/.")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigError(f"{SETTING}: {value!r} has a query, fragment or password. Fix: give only the scheme, "
                          "host and path, for example https://timeline.example.org/timeline/.")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"


def public_base() -> str:
    """Return the address the site's home page has, ending in "/": the configured one, else this request's."""
    return current_app.config.get("PUBLIC_URL") or _url_root(request._get_current_object())


# request.url_root decodes the address to an IRI (the host's punycode too): about 25 us of every /print, for the
# few roots a server is reached by. Kept by what it is made of; bounded: 64 roots of hosts up to 255 characters.
MAX_ROOTS = 64
_roots: dict[tuple, str] = {}


def _parts(found: Request) -> tuple:
    """Return what request.url_root is made of (and the hosts it may be), which decide it."""
    trusted = found.trusted_hosts
    return (found.scheme, found.headers.get("host"), found.server, found.root_path,
            None if trusted is None else tuple(trusted))


def _url_root(found: Request) -> str:
    """Return request.url_root, kept by what it is made of."""
    parts = _parts(found)
    root = _roots.get(parts)
    if root is None:
        root = found.url_root  # raises for a host that is not trusted: nothing kept
        if len(parts[1] or "") <= 255:
            if len(_roots) >= MAX_ROOTS:  # odd hosts filled it (a scanner): start again, the site's own come back
                _roots.clear()
            _roots[parts] = root
    return root


def subscription(path_and_query: str) -> str:
    """Return the webcal:// address of a calendar on this site, for a calendar app to subscribe to and refresh."""
    # webcal:// is the public address with its scheme swapped: calendar apps fetch it over http(s) again and again.
    return "webcal://" + public_base().split("://", 1)[1] + path_and_query


def cache_key() -> str:
    """Return what of the request a cached page may depend on: nothing when the public address is configured.

    Without it the share link comes from the request (scheme, Host, prefix), so that is part of the key: a forged
    Host or a forwarded https request then only ever reaches the visitor who sent it (issue 13).
    """
    if current_app.config.get("PUBLIC_URL"):
        return ""
    # What request.url_root is made of, not the address itself: making it (IRI decoding) was 10 us of every
    # /schedule.json, which never links it (issue 13). The repr of the parts is one string per set of them.
    return repr(_parts(request._get_current_object()))


class SchemeSession(SecureCookieSessionInterface):
    """The session cookie (the upload form's CSRF token) is Secure over https, or whenever the public address is.

    Only the upload form uses the session, yet Flask opens and saves it on every request (issue 13: the app's fixed
    cost): a request without the cookie gets an empty session without a signer, a request that left an empty
    session untouched saves nothing, and the signer is made once per key, not per request.
    """

    def get_signing_serializer(self, app):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = self.__dict__.get("_signer")
        if kept is None or kept[0] != keys:
            kept = self._signer = (keys, super().get_signing_serializer(app))
        return kept[1]

    def open_session(self, app, request):
        # No Cookie header at all (most requests): nothing to parse, 4 us (issue 13).
        if app.secret_key and ("HTTP_COOKIE" not in request.environ
                               or not request.cookies.get(self.get_cookie_name(app))):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        # What Flask's save_session does for an empty session nobody read or changed: nothing.
        if session.accessed or session.modified or session:
            super().save_session(app, session, response)

    def get_cookie_secure(self, app) -> bool:
        # gunicorn sets the scheme from X-Forwarded-Proto only for its forwarded_allow_ips (127.0.0.1 by default).
        https = has_request_context() and request.is_secure
        return super().get_cookie_secure(app) or https or app.config.get("PUBLIC_URL", "").startswith("https:")
