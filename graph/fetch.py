"""A polite and safe HTTP fetcher: it says who it is, honours robots.txt, waits between requests to
one host, caps time and size, retries on 429 and 5xx with back-off, and follows a few redirects,
over http and https only. It fetches nothing but what it is asked for (and each host's robots.txt).
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from .model import PeacegraphError

DEFAULT_DELAY = 1.0  # seconds between two requests to one host
DEFAULT_TIMEOUT = 20.0  # seconds for a whole response
DEFAULT_MAX_BYTES = 25 * 2**20
DEFAULT_RETRIES = 3
DEFAULT_MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 60.0  # a server asking us to wait longer than this is not waited for
SCHEMES = ("http", "https")


class FetchError(PeacegraphError):
    """A URL that could not be fetched: the message says what happened."""


def user_agent() -> str:
    from . import __version__

    return f"peacegraph/{__version__} (+https://w3id.org/peacegraph)"


@dataclass
class Response:
    """A fetched resource (or a 304: `not_modified`, no content)."""

    url: str  # the final URL, after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    content: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            k, _, v = part.partition("=")
            if k.strip().lower() == "charset" and v.strip():
                return v.strip().strip("\"'").lower()
        return None


def check_url(url: str) -> str:
    """The URL if its scheme is http or https and it names a host; else a FetchError."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"{url}: only http and https URLs are fetched, not {parts.scheme or 'a bare path'}:")
    if not parts.hostname:
        raise FetchError(f"{url}: no host in the URL")
    return url


class Fetcher:
    """Fetches URLs politely (see the module's docstring); one instance per run keeps its per-host
    clocks and robots.txt rules."""

    def __init__(self, delay: float = DEFAULT_DELAY, timeout: float = DEFAULT_TIMEOUT,
                 max_bytes: int = DEFAULT_MAX_BYTES, retries: int = DEFAULT_RETRIES,
                 max_redirects: int = DEFAULT_MAX_REDIRECTS, backoff: float = 1.0, robots: bool = True):
        import requests

        self.delay, self.timeout, self.max_bytes = delay, timeout, max_bytes
        self.retries, self.max_redirects, self.backoff, self.robots = retries, max_redirects, backoff, robots
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent()
        self._last: dict[str, float] = {}  # host → when its last request was sent
        self._rules: dict[str, urllib.robotparser.RobotFileParser | str | None] = {}  # origin → its robots.txt
        self._robots_delay: dict[str, float] = {}

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ public

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET `url` (conditionally, given an ETag or Last-Modified), following redirects; raise
        FetchError saying what went wrong (the URL first)."""
        check_url(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        current = url
        while True:
            self._allowed(url, current)
            r = self._request(url, current, headers)
            if r.status in (301, 302, 303, 307, 308) and "location" in r.headers:
                target = urljoin(current, r.headers["location"])
                if urlsplit(target).scheme.lower() not in SCHEMES:
                    raise FetchError(f"{url}: redirected to {target}, which is not http or https")
                if target in seen:
                    raise FetchError(f"{url}: redirect loop ({' -> '.join(seen + [target])})")
                if len(seen) > self.max_redirects:
                    raise FetchError(f"{url}: more than {self.max_redirects} redirects")
                seen.append(target)
                current = target
                continue
            if r.status == 304:
                return r
            if r.status in (404, 410):
                raise FetchError(f"{url}: {'not found' if r.status == 404 else 'gone'} (HTTP {r.status})")
            if r.status >= 400:
                raise FetchError(f"{url}: HTTP {r.status}{_reason(r)}")
            return r

    # ------------------------------------------------------------------ helpers

    def _wait(self, host: str) -> None:
        delay = max(self.delay, self._robots_delay.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            pause = last + delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _request(self, url: str, current: str, headers: dict[str, str]) -> Response:
        """One URL, retried with back-off on 429, 5xx and dropped connections."""
        for attempt in range(self.retries + 1):
            r = self._once(url, current, headers)
            if r is not None and r.status != 429 and r.status < 500:
                return r
            if attempt == self.retries:
                if r is None:
                    raise FetchError(f"{url}: connection failed {self.retries + 1} times")
                tries = f"{self.retries + 1} tries" if self.retries else "1 try"
                raise FetchError(f"{url}: HTTP {r.status}{_reason(r)} after {tries}")
            wait = self.backoff * 2**attempt
            if r is not None and "retry-after" in r.headers:
                wait = max(wait, _retry_after(r.headers["retry-after"]))
                if wait > MAX_RETRY_AFTER:
                    raise FetchError(f"{url}: HTTP {r.status}, server asks to retry after {wait:.0f} s")
            time.sleep(wait)
        raise AssertionError("unreachable")

    def _once(self, url: str, current: str, headers: dict[str, str]) -> Response | None:
        """One request; None when the connection dropped (worth a retry)."""
        import requests

        host = urlsplit(current).netloc.lower()
        self._wait(host)
        deadline = time.monotonic() + self.timeout
        try:
            with self.session.get(current, headers=headers, timeout=self.timeout, stream=True,
                                  allow_redirects=False) as resp:
                out = Response(url=current, status=resp.status_code,
                               headers={k.lower(): v for k, v in resp.headers.items()})
                if resp.status_code in (301, 302, 303, 307, 308, 304) or resp.status_code >= 400:
                    return out  # the body of a redirect or an error is not wanted
                declared = out.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"{url}: response of {_size(int(declared))} is over the "
                                     f"{_size(self.max_bytes)} limit")
                chunks, size = [], 0
                for chunk in resp.iter_content(65536):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"{url}: response is over the {_size(self.max_bytes)} limit")
                    if time.monotonic() > deadline:  # a server that trickles bytes forever
                        raise FetchError(f"{url}: timed out after {self.timeout:g} s")
                    chunks.append(chunk)
                out.content = b"".join(chunks)
                return out
        except requests.exceptions.Timeout:
            raise FetchError(f"{url}: timed out after {self.timeout:g} s") from None
        except requests.exceptions.TooManyRedirects:
            raise FetchError(f"{url}: too many redirects") from None
        except requests.exceptions.ChunkedEncodingError:
            return None
        except requests.exceptions.ConnectionError as e:
            if "Read timed out" in str(e):
                raise FetchError(f"{url}: timed out after {self.timeout:g} s") from None
            if _refused(e):
                raise FetchError(f"{url}: cannot connect ({_short(e)})") from None
            return None
        except requests.exceptions.RequestException as e:
            raise FetchError(f"{url}: {_short(e)}") from None

    def _allowed(self, url: str, current: str) -> None:
        if not self.robots:
            return
        parts = urlsplit(current)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if origin not in self._rules:
            self._rules[origin] = self._load_robots(origin)
        rules = self._rules[origin]
        if isinstance(rules, str):
            raise FetchError(f"{url}: {origin}/robots.txt unreachable ({rules}), so nothing is fetched from it")
        if rules is not None and not rules.can_fetch(user_agent(), current):
            raise FetchError(f"{url}: disallowed by {origin}/robots.txt")

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | str | None:
        """The host's robots.txt rules; None (all allowed) when it has none (4xx); the reason when
        it is unreachable (5xx, time-out), which disallows everything, as RFC 9309 says."""
        try:
            r = self.get_robots(origin + "/robots.txt")
        except FetchError as e:
            return str(e).split(": ", 1)[-1]
        if r is None:
            return None
        rules = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        rules.parse(r.content.decode("utf-8", "replace").splitlines())
        delay = rules.crawl_delay(user_agent())
        if delay:
            self._robots_delay[urlsplit(origin).netloc] = min(float(delay), MAX_RETRY_AFTER)
        return rules

    def get_robots(self, robots_url: str) -> Response | None:
        """robots.txt, following redirects on its own origin; None when there is none (4xx)."""
        current, seen = robots_url, [robots_url]
        while True:
            r = self._request(robots_url, current, {})
            if r.status in (301, 302, 303, 307, 308) and "location" in r.headers and len(seen) <= self.max_redirects:
                current = urljoin(current, r.headers["location"])
                if current in seen or urlsplit(current).scheme.lower() not in SCHEMES:
                    return None
                seen.append(current)
                continue
            return r if r.status < 300 else None


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def _reason(r: Response) -> str:
    from http import HTTPStatus

    try:
        return f" {HTTPStatus(r.status).phrase}"
    except ValueError:
        return ""


def _retry_after(value: str) -> float:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return 0.0


def _refused(e: Exception) -> bool:
    text = str(e)
    return any(s in text for s in ("Connection refused", "Name or service not known", "nodename nor servname",
                                   "Failed to resolve", "No route to host", "getaddrinfo failed"))


def _short(e: Exception) -> str:
    text = str(e)
    for marker in ("Connection refused", "Name or service not known", "Failed to resolve", "No route to host"):
        if marker in text:
            return marker.lower()
    return text.splitlines()[0][:160] if text else type(e).__name__
