"""HTTP client over urllib (no third-party packages)."""
from __future__ import annotations

import asyncio
import json
import logging
import os
import time
import urllib.error
import urllib.request
from typing import Any, Dict, Iterable, Iterator, List, Optional, Union

DEFAULT_URL = "http://127.0.0.1:8080"

log = logging.getLogger("rlcf_client")


class RlcfError(RuntimeError):
    """The server answered with an error (``status`` is the HTTP status, ``field`` the bad field), or
    could not be reached after the retries (``status`` 0)."""

    def __init__(self, status: int, message: str, field: Optional[str] = None):
        super().__init__(f"rlcf server: HTTP {status}: {message}")
        self.status = status
        self.field = field


class Client:
    """A reward-server client. ``retries`` covers connection errors and 429/502/503/504."""

    def __init__(self, url: Optional[str] = None, token: Optional[str] = None, timeout: float = 600.0, retries: int = 3):
        self.url = (url or os.environ.get("RLCF_URL") or DEFAULT_URL).rstrip("/")
        self.token = token if token is not None else os.environ.get("RLCF_TOKEN")
        self.timeout = timeout
        self.retries = retries

    # -- transport ---------------------------------------------------------------------------
    def _request(self, method: str, path: str, body: Any = None, accept: str = "application/json"):
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"accept": accept}
        if data is not None:
            headers["content-type"] = "application/json"
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        delay = 0.5
        for attempt in range(self.retries + 1):
            try:
                return urllib.request.urlopen(req, timeout=self.timeout)
            except urllib.error.HTTPError as e:
                if e.code in (429, 502, 503, 504) and attempt < self.retries:
                    wait = float(e.headers.get("retry-after") or delay)
                    log.warning("rlcf server %s%s: HTTP %s; retry %d of %d in %.1fs", self.url, path, e.code, attempt + 1, self.retries, wait)
                    time.sleep(wait)
                    delay *= 2
                    continue
                raw = e.read().decode("utf-8", "replace")
                try:
                    j = json.loads(raw)
                    raise RlcfError(e.code, j.get("error") or j.get("message") or raw, j.get("field")) from None
                except ValueError:
                    raise RlcfError(e.code, raw) from None
            except (urllib.error.URLError, ConnectionError) as e:
                if attempt < self.retries:
                    log.warning("rlcf server %s unreachable (%s); retry %d of %d in %.1fs", self.url, e, attempt + 1, self.retries, delay)
                    time.sleep(delay)
                    delay *= 2
                    continue
                raise RlcfError(0, f"cannot reach {self.url} after {self.retries + 1} attempts: {e} (is `rlcf serve` running? "
                                   "set RLCF_URL)") from None
        raise AssertionError("unreachable")

    def _json(self, method: str, path: str, body: Any = None) -> Any:
        with self._request(method, path, body) as r:
            return json.loads(r.read().decode("utf-8"))

    # -- API -----------------------------------------------------------------------------------
    def grade(self, items: List[Dict[str, Any]], reward: Union[str, Dict[str, Any], None] = None,
              run_all: bool = True, limits: Optional[Dict[str, float]] = None, sanitize: bool = True) -> List[Dict[str, Any]]:
        """Grade ``items`` (each ``{id?, completion, task}``) in one call; returns the graded items
        (``reward``, ``passed``, ``status``, ``tests``, ``code`` ...) in input order."""
        return self.grade_full(items, reward, run_all, limits, sanitize)["items"]

    def grade_full(self, items, reward=None, run_all=True, limits=None, sanitize=True) -> Dict[str, Any]:
        return self._json("POST", "/v1/grade", {"items": list(items), "options": _options(reward, run_all, limits, sanitize)})

    def grade_stream(self, items, reward=None, run_all=True, limits=None, sanitize=True) -> Iterator[Dict[str, Any]]:
        """Yield graded items as they finish (completion order); the last line's summary is skipped."""
        body = {"items": list(items), "options": _options(reward, run_all, limits, sanitize)}
        with self._request("POST", "/v1/grade", body, accept="application/x-ndjson") as r:
            for line in r:
                if line.strip():
                    obj = json.loads(line)
                    if "summary" not in obj:
                        yield obj

    def grade_repo(self, patches: Dict[str, str], reward: str = "resolved",
                   instances: Optional[Dict[str, Dict[str, Any]]] = None, stream: bool = False) -> Any:
        """Repository rewards (SWE-RL / SWE-Gym style): grade model patches ``{instance_id: patch}``
        against SWE-bench instances, evaluated as ``rlcf swe eval`` does. Instances are named by id
        (the server was started with ``--swe-instances FILE``) or given inline in ``instances``
        (``{instance_id: row}``, whose base_commit the server has imported). ``reward``: "resolved"
        (1 or 0) or "f2p" (the fraction of FAIL_TO_PASS tests passing, 0 if a PASS_TO_PASS test
        fails). Each item's ``tests`` lists every expected test with its status. With ``stream``,
        yields items as they finish."""
        items = []
        for iid, patch in patches.items():
            swe: Dict[str, Any] = {"reward": reward}
            if instances and iid in instances:
                swe["instance"] = instances[iid]
            else:
                swe["instance_id"] = iid
            items.append({"id": iid, "completion": patch, "task": {"swe": swe}})
        return self.grade_stream(items) if stream else self.grade(items)

    def run(self, language: str, source: str, stdin: Optional[str] = None, **limits: Any) -> Dict[str, Any]:
        """Run one program; returns the sandbox verdict (status, exit_code, stdout, stderr, ...)."""
        body: Dict[str, Any] = {"language": language, "source": source, **limits}
        if stdin is not None:
            body["stdin"] = stdin
        return self._json("POST", "/v1/run", body)

    def healthy(self) -> bool:
        try:
            return bool(self._json("GET", "/healthz").get("ok"))
        except RlcfError:
            return False


class AsyncClient:
    """asyncio wrapper: the blocking calls run in a thread (standard library only)."""

    def __init__(self, *args: Any, **kwargs: Any):
        self.sync = Client(*args, **kwargs)

    async def grade(self, items, **kw) -> List[Dict[str, Any]]:
        return await asyncio.to_thread(self.sync.grade, items, **kw)

    async def run(self, language: str, source: str, stdin: Optional[str] = None, **limits: Any) -> Dict[str, Any]:
        return await asyncio.to_thread(self.sync.run, language, source, stdin, **limits)


def _options(reward, run_all, limits, sanitize) -> Dict[str, Any]:
    o: Dict[str, Any] = {"run_all": run_all, "sanitize": sanitize}
    if reward is not None:
        o["reward"] = reward
    if limits:
        o["limits"] = limits
    return o


_default: Optional[Client] = None


def default_client() -> Client:
    """A process-wide client from $RLCF_URL / $RLCF_TOKEN."""
    global _default
    if _default is None:
        _default = Client()
    return _default


def grade(items: List[Dict[str, Any]], reward: Union[str, Dict[str, Any], None] = None, **options: Any) -> List[Dict[str, Any]]:
    """:meth:`Client.grade` on the process-wide client ($RLCF_URL / $RLCF_TOKEN): graded items in
    input order. Raises :class:`RlcfError` when the server errs or cannot be reached."""
    return default_client().grade(items, reward=reward, **options)
