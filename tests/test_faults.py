"""Faults that must not lose data: a full disk or a read-only exports folder, two builds at once, and a
remote store that drops the connection in the middle of a load. Each with real files, a real store,
a real server."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from graph.vocab import Ids

from .conftest import DATA
from .test_remote import OXIGRAPH, free_port, server  # noqa: F401 - the fixture

ids = Ids()
pytestmark = pytest.mark.fault  # every test here breaks something on purpose (left out of the quick run)
EXPORTS = ("graph.ttl", "graph.trig", "network.html")


def peacegraph(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph.cli", "--data", str(DATA), *args],
                          capture_output=True, text=True, timeout=300, **kw)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _mount(*args: str) -> bool:
    return os.geteuid() == 0 and subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextlib.contextmanager
def small_disk(folder: Path, size: str):
    """A tmpfs of `size` mounted on `folder` (None when this machine does not allow mounting)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)):
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of `folder` until `leave` bytes are free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    with open(folder / "filler", "wb") as f:
        f.write(b"\0" * max(0, free - leave))


def one_line_error(r: subprocess.CompletedProcess, *names: str) -> str:
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert any(n in lines[0] for n in names), lines[0]
    return lines[0]


def no_temporary_files(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_a_full_disk_leaves_the_previous_exports_whole(tmp_path):
    arts = DATA / "articles"
    with small_disk(tmp_path / "exports", "8m") as exports:
        if exports is None:  # no mounting here: a real limit on file size does the same to writes
            exports = tmp_path / "exports"
            limit = 200_000
        else:
            limit = None
        r = peacegraph("build", str(arts), "--store", str(tmp_path / "store"), "--exports", str(exports))
        assert r.returncode == 0, r.stderr
        before = snapshot(exports)
        assert set(before) == set(EXPORTS) and all(before.values())

        def cap_file_size():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        if limit is None:
            fill(exports, leave=64 * 1024)
            r = peacegraph("build", str(arts), "--force", "--store", "memory", "--exports", str(exports))
            (exports / "filler").unlink()
        else:
            r = peacegraph("build", str(arts), "--force", "--store", "memory", "--exports", str(exports),
                           preexec_fn=cap_file_size)
        line = one_line_error(r, *EXPORTS)
        assert "cannot write" in line
        assert snapshot(exports) == before
        no_temporary_files(exports)
        # the store (on another disk) took the build; the exports follow once there is room
        r = peacegraph("build", str(arts), "--store", str(tmp_path / "store"), "--exports", str(exports))
        assert r.returncode == 0, r.stderr


@contextlib.contextmanager
def read_only(folder: Path):
    """Make `folder` read-only for this process tree: a read-only bind mount when running as root
    (permissions do not stop root), else the permission bits."""
    if os.geteuid() == 0:
        if not _mount("--bind", str(folder), str(folder)):
            pytest.skip("running as root without the right to mount: cannot make a folder read-only")
        try:
            if not _mount("-o", "remount,bind,ro", str(folder)):
                pytest.skip("cannot remount read-only here")
            yield
        finally:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


@pytest.mark.parametrize("command", ["build", "export"])
def test_a_read_only_exports_folder_is_a_clear_error(tmp_path, article, command):
    exports = tmp_path / "exports"
    r = peacegraph("build", str(article), "--store", str(tmp_path / "store"), "--exports", str(exports))
    assert r.returncode == 0, r.stderr
    before = snapshot(exports)
    with read_only(exports):
        if command == "build":
            r = peacegraph("build", str(article), "--force", "--store", str(tmp_path / "store"),
                           "--exports", str(exports))
        else:
            r = peacegraph("export", "--format", "turtle", "-o", str(exports / "graph.ttl"),
                           "--store", str(tmp_path / "store"))
        line = one_line_error(r, *EXPORTS, str(exports))
        assert "cannot write" in line and ("Read-only" in line or "ermission" in line)
    assert snapshot(exports) == before
    no_temporary_files(exports)
    # the store was written and is whole: it answers, with the article
    r = peacegraph("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a a pg:Article }", "--format", "csv",
                   "--store", str(tmp_path / "store"))
    assert r.returncode == 0 and r.stdout.split() == ["n", "1"]


class CuttingProxy:
    """A TCP proxy on a free loopback port that forwards to `target`, and, while `cut` is set,
    closes both connections after `after` bytes of a request have passed."""

    def __init__(self, target_port: int, after: int):
        self.target_port, self.after, self.cut = target_port, after, True
        self.cuts = 0
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, request: bool) -> None:
        passed = 0
        try:
            while data := src.recv(65536):
                passed += len(data)
                if request and self.cut and passed > self.after:
                    self.cuts += 1
                    dst.sendall(data[: len(data) // 2])
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def close(self) -> None:
        self.sock.close()


def _counts(store_spec: str) -> tuple[int, int]:
    r = peacegraph("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv",
                   "--store", store_spec)
    assert r.returncode == 0, r.stderr
    quads = int(r.stdout.split()[1])
    r = peacegraph("query", "SELECT (COUNT(*) AS ?n) WHERE { ?r a pg:RelationStatement }", "--format", "csv",
                   "--store", store_spec)
    return quads, int(r.stdout.split()[1])


def test_a_remote_store_that_drops_the_load_is_named_and_a_retry_leaves_no_duplicates(server, tmp_path):  # noqa: F811
    port = int(server.rsplit(":", 1)[1])
    proxy = CuttingProxy(port, after=200_000)  # the build's big UPDATE is several megabytes
    url = f"http://127.0.0.1:{proxy.port}"
    arts = DATA / "articles"
    try:
        r = peacegraph("build", str(arts), "--store", url, "--exports", str(tmp_path / "e"))
        line = one_line_error(r, url)
        assert proxy.cuts >= 1
        assert "store" in line
        proxy.cut = False
        r = peacegraph("build", str(arts), "--store", url, "--exports", str(tmp_path / "e"))
        assert r.returncode == 0, r.stderr
        r = peacegraph("build", str(arts), "--force", "--store", url, "--exports", str(tmp_path / "e"))
        assert r.returncode == 0, r.stderr
    finally:
        proxy.close()
    # what the server holds is exactly what one clean build writes
    local = tmp_path / "local"
    r = peacegraph("build", str(arts), "--store", str(local), "--exports", str(tmp_path / "e2"))
    assert r.returncode == 0, r.stderr
    assert _counts(server) == _counts(str(local))
    assert _counts(server)[1] > 100


def _locked(lock_file: Path) -> bool:
    """Whether another process holds the store's write lock (probing it from here)."""
    import fcntl

    if not lock_file.exists():
        return False
    with open(lock_file, "a+") as f:
        try:
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.lockf(f, fcntl.LOCK_UN)
        return False


def test_two_builds_at_once_one_refuses_and_the_store_stays_whole(tmp_path, article):
    import shutil
    import time

    first, second = tmp_path / "first", tmp_path / "second"
    for folder, n in ((first, 60), (second, 5)):
        folder.mkdir()
        for i in range(n):
            shutil.copy(article, folder / f"{folder.name}-{i:02d}.txt")
    store = tmp_path / "store"
    a = subprocess.Popen([sys.executable, "-m", "graph.cli", "--data", str(DATA), "build", str(first),
                          "--store", str(store), "--exports", str(tmp_path / "ea"), "--workers", "1"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _locked(tmp_path / "store.lock"):
        assert a.poll() is None and time.monotonic() < deadline, "the first build never took the store"
        time.sleep(0.02)
    b = peacegraph("build", str(second), "--store", str(store), "--exports", str(tmp_path / "eb"))
    line = one_line_error(b, str(store))
    assert "in use by another peacegraph process" in line
    out, err = a.communicate(timeout=300)
    assert a.returncode == 0, err
    assert "articles  60 (60 extracted" in out

    r = peacegraph("query", "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a pg:Article } }",
                   "--store", str(store), "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["n", "60"]
    r = peacegraph("build", str(second), "--store", str(store), "--exports", str(tmp_path / "eb"))
    assert r.returncode == 0, r.stderr  # once the first is done, the second goes through


def _articles(folder: Path, *names: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / f"{name}.txt").write_text(f"News {name}\n\nCanada supports MONUSCO in the Democratic Republic "
                                            f"of the Congo, the United Nations said on {name}.\n", encoding="utf-8")
    return folder


def _article_count(store: Path) -> int:
    r = peacegraph("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a pg:Article } }", "--format", "csv",
                   "--store", str(store))
    assert r.returncode == 0, r.stderr
    return int(r.stdout.split()[1])


def test_exports_that_cannot_be_written_stop_the_build_before_the_store_changes(tmp_path):
    arts, exports, store = _articles(tmp_path / "a", "monday"), tmp_path / "exports", tmp_path / "store"
    r = peacegraph("build", str(arts), "--store", str(store), "--exports", str(exports))
    assert r.returncode == 0, r.stderr
    before = snapshot(exports)
    _articles(arts, "tuesday")
    with read_only(exports):
        r = peacegraph("build", str(arts), "--store", str(store), "--exports", str(exports))
        line = one_line_error(r, *EXPORTS)
        assert "cannot write" in line and "store was updated" not in line
    assert _article_count(store) == 1  # the store kept its one article: the exports were tried first
    assert snapshot(exports) == before
    no_temporary_files(exports)
    r = peacegraph("build", str(arts), "--store", str(store), "--exports", str(exports))
    assert r.returncode == 0 and "1 extracted, 1 unchanged" in r.stdout, r.stderr


def test_exports_that_fail_after_the_store_changed_say_so_and_how_to_write_them(tmp_path):
    arts, exports, store = _articles(tmp_path / "a", "monday"), tmp_path / "exports", tmp_path / "store"
    exports.mkdir()
    (exports / "graph.trig").mkdir()  # renaming the new file onto a folder fails, after everything is written
    r = peacegraph("build", str(arts), "--store", str(store), "--exports", str(exports))
    line = one_line_error(r, "graph.trig")
    assert "cannot write" in line and "the store was updated, the exports were not" in line
    assert "`peacegraph build` again" in line and "`peacegraph export`" in line
    assert _article_count(store) == 1
    no_temporary_files(exports)
    (exports / "graph.trig").rmdir()
    r = peacegraph("build", str(arts), "--store", str(store), "--exports", str(exports))
    assert r.returncode == 0 and "0 extracted, 1 unchanged" in r.stdout, r.stderr
    assert set(snapshot(exports)) == set(EXPORTS)
