"""A real server (`il6sim serve`) on a free local port, shared by the web tests of one test process."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "il6sim"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    """Base URL of a running `il6sim serve`; stopped after the session."""
    httpx = pytest.importorskip("httpx")
    port = free_port()
    env = dict(os.environ, MPLBACKEND="Agg")
    proc = subprocess.Popen([str(BIN), "serve", "--port", str(port), "--workers", "2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out = proc.stdout.read() if proc.stdout else ""
            pytest.fail(f"il6sim serve did not start on port {port}:\n{out}")
        time.sleep(0.2)
    yield url
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def client(server):
    import httpx

    with httpx.Client(base_url=server, timeout=120) as c:
        yield c
