"""Container health check for the web process: GET /healthz, succeed on 200 "ok" or "degraded".

Used by the Dockerfile HEALTHCHECK and the web service in docker-compose.yml:

    python deploy/healthcheck.py [URL]

URL defaults to http://127.0.0.1:8000/healthz. Standard library only, because
the slim image has no curl.

Two production settings would otherwise turn a healthy app into a failed check:

* ALLOWED_HOSTS rejects the Host "127.0.0.1:8000", so we send the first
  host from the ALLOWED_HOSTS environment variable instead.
* SECURE_SSL_REDIRECT answers plain http with a redirect, so we say the
  request came through the TLS proxy (X-Forwarded-Proto: https) and never
  follow redirects: anything but 200 is a failure.
"""

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000/healthz"


def host_header(allowed_hosts: str) -> str:
    """The Host to send, taken from a comma-separated ALLOWED_HOSTS value."""
    for entry in allowed_hosts.split(","):
        host = entry.strip()
        if not host or host == "*":
            continue
        # ".example.org" allows example.org and every subdomain.
        return host.lstrip(".")
    return "localhost"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError for the 3xx


def check(url: str = DEFAULT_URL, *, allowed_hosts: str = "", timeout: float = 4.0) -> str:
    """Return "" when healthy, otherwise a one-line reason."""
    if urllib.parse.urlsplit(url).scheme != "http":
        return f"{url} is not an http:// URL"
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked just above
        url,
        headers={
            "Host": host_header(allowed_hosts),
            "X-Forwarded-Proto": "https",
            "Accept": "application/json",
        },
    )
    # No proxies from the environment: this request never leaves the container.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        return f"{url} answered HTTP {error.code}"
    except (OSError, ValueError) as error:
        return f"{url} unreachable: {error}"
    if status != 200:
        return f"{url} answered HTTP {status}"
    try:
        payload = json.loads(body)
    except ValueError:
        return f"{url} did not answer JSON"
    # "degraded": the channel layer (Redis) is away and only live updates have stopped; the
    # process still serves pages, posts and votes, so it stays healthy.
    if not isinstance(payload, dict) or payload.get("status") not in {"ok", "degraded"}:
        return f"{url} reported {payload!r}"
    return ""


def main(argv: list[str]) -> int:
    url = argv[1] if len(argv) > 1 else DEFAULT_URL
    problem = check(url, allowed_hosts=os.environ.get("ALLOWED_HOSTS", ""))
    if problem:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    print("healthy")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
