"""One HTTP request to an ASGI application in the test's event loop, as a server sends it."""

from asgiref.testing import ApplicationCommunicator


async def asgi_request(
    application,
    method: str,
    path: str,
    *,
    body: bytes = b"",
    headers=((b"host", b"testserver"),),
    chunks: int = 1,
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """(status, headers, body) of the answer; the body is sent in ``chunks`` parts."""
    path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": list(headers),
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }
    communicator = ApplicationCommunicator(application, scope)
    size = max(1, -(-len(body) // chunks))
    parts = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    for index, part in enumerate(parts):
        more = index < len(parts) - 1
        await communicator.send_input({"type": "http.request", "body": part, "more_body": more})
    start = await communicator.receive_output(timeout=10)
    content = b""
    while True:
        message = await communicator.receive_output(timeout=10)
        content += message.get("body", b"")
        if not message.get("more_body"):
            break
    await communicator.wait(timeout=10)
    return start["status"], start["headers"], content
