"""A real OpenID Connect provider on 127.0.0.1 for the sign-in tests, and the app's ``[auth]`` secrets pointing at it.

``oidc_provider(...)`` runs ``oidc-provider-mock`` (a real OIDC provider for tests: discovery, authorization code
flow, signed ID tokens, an end-session endpoint) in a thread of the test process, on a free port; anyone can sign in
as any subject by typing it into its authorize page (``sign_in_form``). ``OidcProvider.set_user`` sets the claims a
subject's ID token carries (by default only ``email`` = the subject). ``write_auth_secrets`` writes the
``secrets.toml`` that makes the app use it (``--secrets.files PATH``, never the committed .streamlit/).

Imports nothing from pytest and needs no network beyond loopback.
"""

from __future__ import annotations

import json
import secrets
import threading
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import werkzeug.serving

AUTHORIZE_PATH = "/oauth2/authorize"
END_SESSION_PATH = "/oauth2/end_session"


@dataclass(frozen=True)
class OidcProvider:
    base_url: str  # http://127.0.0.1:PORT (also the issuer)

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}/.well-known/openid-configuration"

    def set_user(self, sub: str, claims: Mapping[str, object]) -> None:
        """The claims ``sub``'s ID token and userinfo carry from now on (``PUT /users/{sub}``)."""
        request = urllib.request.Request(
            f"{self.base_url}/users/{urllib.parse.quote(sub, safe='')}",
            data=json.dumps(dict(claims)).encode(),
            headers={"Content-Type": "application/json"},
            method="PUT",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status != 204:
                raise RuntimeError(f"the OIDC mock refused the claims of {sub!r}: HTTP {response.status}")


@contextmanager
def oidc_provider() -> Iterator[OidcProvider]:
    """``oidc-provider-mock`` serving on a free port on 127.0.0.1 from a background thread; stopped on leaving.

    Any client id and secret are accepted and any redirect URI, as a provider with a registered client would.
    """
    # The mock's imports from Authlib are deprecated in the Authlib installed: not our concern. (Importing
    # authlib.deprecate turns its warnings on, so it comes first, then they are silenced.)
    with warnings.catch_warnings():
        import authlib.deprecate  # noqa: F401

        warnings.simplefilter("ignore", DeprecationWarning)
        import oidc_provider_mock

    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield OidcProvider(base_url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def write_auth_secrets(path: Path, app_base_url: str, provider: OidcProvider) -> Path:
    """A ``secrets.toml`` whose ``[auth]`` section signs in to the app at ``app_base_url`` through ``provider``."""
    values = {
        "redirect_uri": f"{app_base_url}/oauth2callback",
        "cookie_secret": secrets.token_hex(32),
        "client_id": "improvement-dashboard-test",
        "client_secret": secrets.token_hex(16),
        "server_metadata_url": provider.metadata_url,
    }
    # json.dumps of a plain ASCII string is a valid TOML basic string.
    path.write_text("[auth]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in values.items()))
    return path


def sign_in_form(page, sub: str) -> None:
    """On the provider's authorize page (Playwright page): sign in as ``sub``, which sends the browser back to the
    app's ``redirect_uri``."""
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize").click()
