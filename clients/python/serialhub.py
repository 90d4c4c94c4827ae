"""A pexpect-style client of one serialhub port, over its WebSocket.

    import serialhub
    port = serialhub.Port("127.0.0.1:8080/dut", token=None, timeout=30)
    port.sendline("reboot")
    port.expect(["login: ", "Kernel panic"], timeout=120)
    port.sendline("root")
    port.expect(r"# $")
    print(port.before)
    port.close()

A port reserved with `serialhub lease take` (docs/automation.md) is
written to under the lease given as `lease=ID`, or in $SERIALHUB_LEASE.

`expect` takes a pattern (a regular expression, str or compiled) or a
list of them, and returns the index of the one that matched first (at the
earliest place in the output); `before`, `after` and `match` are set as
pexpect sets them. A timeout raises `TIMEOUT` (its `before` holds all the
output since the last match), a closed connection `EOF`. Nothing is lost
between calls: the port's output is kept from the moment of connecting.

Needs only Python 3's standard library and Debian's python3-websocket
(websocket-client). docs/automation.md has the protocol it speaks.
"""

import codecs
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import websocket

__all__ = ["Port", "TIMEOUT", "EOF", "ServerError", "take_lease", "release_lease"]


class ExceptionPexpect(Exception):
    """The base of this module's errors."""


class TIMEOUT(ExceptionPexpect):
    """No pattern matched within the timeout."""

    def __init__(self, message, before=""):
        super().__init__(message)
        self.before = before


class EOF(ExceptionPexpect):
    """The connection closed (the port was removed, the server stopped)."""


class ServerError(ExceptionPexpect):
    """The server refused something: its error event's code and message."""

    def __init__(self, code, message):
        super().__init__("%s: %s" % (code, message))
        self.code = code


def ws_url(url, lease=None):
    """The port's WebSocket URL for what a user typed: ws://HOST/ws/NAME,
    http://HOST/NAME or HOST:PORT/NAME (a fleet port: HOST/GATEWAY/PORT);
    with lease, the connection acts under that lease."""
    if "://" not in url:
        url = "ws://" + url
    u = urllib.parse.urlsplit(url)
    scheme = {"ws": "ws", "http": "ws", "wss": "wss", "https": "wss"}.get(u.scheme)
    if scheme is None:
        raise ValueError("URL %r: want ws, wss, http or https" % url)
    path = u.path.strip("/")
    if not path:
        raise ValueError("URL %r names no port" % url)
    if "/ws/" not in "/" + path + "/":
        path = "ws/" + path
    query = urllib.parse.parse_qs(u.query)
    query["replay"] = ["0"]
    if lease:
        query["lease"] = [lease]
    return urllib.parse.urlunsplit((scheme, u.netloc, "/" + path, urllib.parse.urlencode(query, doseq=True), ""))


def api_url(url, path):
    """The REST URL of path (such as "lease") of the port a user typed."""
    if "://" not in url:
        url = "http://" + url
    u = urllib.parse.urlsplit(url)
    scheme = {"ws": "http", "http": "http", "wss": "https", "https": "https"}.get(u.scheme)
    if scheme is None:
        raise ValueError("URL %r: want ws, wss, http or https" % url)
    name = u.path.strip("/")
    if name.startswith("ws/"):
        name = name[3:]
    if not name:
        raise ValueError("URL %r names no port" % url)
    quoted = urllib.parse.quote(name, safe="")
    return urllib.parse.urlunsplit((scheme, u.netloc, "/api/ports/%s/%s" % (quoted, path), "", ""))


def _request(method, url, body=None, token=None, lease=None, timeout=30, raw=None):
    if token is None:
        token = os.environ.get("SERIALHUB_TOKEN")
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    if lease:
        headers["Serialhub-Lease"] = lease
    data = json.dumps(body).encode() if body is not None else raw
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        try:
            err = json.loads(e.read())
        except ValueError:
            err = {}
        raise ServerError(err.get("code", str(e.code)), err.get("error", e.reason)) from None


def take_lease(url, ttl="60s", note="", wait=False, token=None, timeout=None):
    """Reserve the port (docs/automation.md, "Leases"): returns the lease,
    a dict whose "lease" is its id (pass it as Port(lease=...)). Another's
    lease raises ServerError("locked", ...); with wait, it waits its turn."""
    body = {"ttl": ttl, "note": note, "wait": wait}
    return _request("POST", api_url(url, "lease"), body, token=token, timeout=timeout)


def release_lease(url, lease, token=None):
    """Let go of a lease taken with take_lease."""
    _request("DELETE", api_url(url, "lease"), token=token, lease=lease)


def start_job(url, file, profile="line", name=None, options=None, start_line=None, token=None, lease=None):
    """Have serialhub stream file (bytes or str) to the device at the
    pace profile says (docs/jobs.md): "line", "grbl", "marlin", "delay" or
    the server's own, with its options ({"buffer": 127}). Returns the job,
    a dict with its "id"; it runs on whatever this program does. Follow it
    with Port.wait_job, opened before, or list_jobs."""
    if isinstance(file, str):
        file = file.encode()
    query = {"profile": profile}
    query.update({k: str(v) for k, v in (options or {}).items()})
    if name:
        query["name"] = name
    if start_line:
        query["from"] = str(start_line)
    u = api_url(url, "jobs") + "?" + urllib.parse.urlencode(query)
    return _request("POST", u, token=token, lease=lease or os.environ.get("SERIALHUB_LEASE"), raw=file)


def list_jobs(url, token=None):
    """The port's jobs, oldest first."""
    return _request("GET", api_url(url, "jobs"), token=token)


def job_action(url, job_id, action, token=None, lease=None):
    """Pause, resume or cancel a job; returns it. A job whose state does
    not allow it raises ServerError("job_state", ...)."""
    path = "jobs/%s/%s" % (urllib.parse.quote(str(job_id), safe=""), action)
    return _request("POST", api_url(url, path), token=token, lease=lease or os.environ.get("SERIALHUB_LEASE"))


class Port:
    """A connection to one port: send and expect, as pexpect's spawn."""

    def __init__(self, url, token=None, timeout=30, encoding="utf-8", linesep="\r", lease=None):
        if token is None:
            token = os.environ.get("SERIALHUB_TOKEN")
        if lease is None:
            lease = os.environ.get("SERIALHUB_LEASE")
        header = ["Authorization: Bearer " + token] if token else []
        self.timeout = timeout
        self.linesep = linesep
        self.encoding = encoding
        self.buffer = ""
        self.before = self.after = None
        self.match = None
        self.status = None  # the port object of the last status event
        self.dropped = 0    # bytes the server said this client missed
        self.jobs = {}      # the port's jobs as their events told, by id
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._ws = websocket.create_connection(ws_url(url, lease), header=header, timeout=timeout)

    def send(self, s):
        """Write s (str, encoded, or bytes) to the device."""
        if isinstance(s, str):
            s = s.encode(self.encoding)
        self._ws.send_binary(s)
        return len(s)

    def sendline(self, s=""):
        """Write s and the line separator (CR by default, as Enter does)."""
        return self.send(s + self.linesep)

    def expect(self, pattern, timeout=-1):
        """Wait until one of pattern (a regular expression, or a list of
        them) matches the output; return its index in the list."""
        patterns = pattern if isinstance(pattern, (list, tuple)) else [pattern]
        compiled = [p if hasattr(p, "search") else re.compile(p) for p in patterns]
        if timeout == -1:
            timeout = self.timeout
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            best = None
            for i, c in enumerate(compiled):
                m = c.search(self.buffer)
                if m and (best is None or m.start() < best[1].start()):
                    best = (i, m)
            if best:
                i, m = best
                self.before = self.buffer[: m.start()]
                self.after = self.buffer[m.start(): m.end()]
                self.match = m
                self.buffer = self.buffer[m.end():]
                return i
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                self.before = self.buffer
                raise TIMEOUT("no match for %r within %ss" % ([c.pattern for c in compiled], timeout), self.buffer)
            self._read(left)

    def expect_exact(self, text, timeout=-1):
        """expect for literal text (or a list of texts)."""
        texts = text if isinstance(text, (list, tuple)) else [text]
        return self.expect([re.compile(re.escape(t)) for t in texts], timeout)

    def wait_job(self, job_id, timeout=-1):
        """Wait until the job (start_job's, after this Port connected) has
        ended, from its events; return it. Whether it ended "done" is its
        "state"."""
        if timeout == -1:
            timeout = self.timeout
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            job = self.jobs.get(str(job_id))
            if job and job.get("ended"):
                return job
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise TIMEOUT("job %s has not ended within %ss" % (job_id, timeout), self.buffer)
            self._read(left)

    def _read(self, timeout):
        self._ws.settimeout(timeout)
        try:
            opcode, data = self._ws.recv_data()
        except websocket.WebSocketTimeoutException:
            return
        except (websocket.WebSocketConnectionClosedException, ConnectionError) as e:
            raise EOF(str(e)) from e
        if opcode == websocket.ABNF.OPCODE_BINARY:
            self.buffer += self._decoder.decode(data)
        elif opcode == websocket.ABNF.OPCODE_TEXT:
            self._event(json.loads(data))
        elif opcode == websocket.ABNF.OPCODE_CLOSE:
            raise EOF("the server closed the connection")

    def _event(self, ev):
        kind = ev.get("type")
        if kind == "status":
            self.status = ev.get("port")
        elif kind == "job" and isinstance(ev.get("job"), dict):
            self.jobs[ev["job"].get("id")] = ev["job"]
        elif kind == "dropped":
            self.dropped += ev.get("bytes", 0)
        elif kind == "error":
            raise ServerError(ev.get("code"), ev.get("message"))

    def close(self):
        self._ws.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
