"""A loopback stand-in for the Hugging Face Hub, serving model directories the tests build.

Enough of the Hub's HTTP API for ``huggingface_hub`` (``model_info``,
``hf_hub_download``, ``snapshot_download``) as sentence-transformers and
transformers use it: ``GET /api/models/{repo}[/revision/{rev}]`` (sha and
siblings), ``GET /api/models/{repo}/tree/{rev}[/{path}]``, and ``HEAD``/``GET
/{repo}/resolve/{rev}/{filename}`` with the headers the client checks
(``X-Repo-Commit``, ``ETag`` or ``X-Linked-Etag``/``X-Linked-Size`` for LFS
files, ``Content-Length``; ``X-Error-Code`` on a 404).  Same style as
``fetch_server``: 127.0.0.1 only, a timeout on every socket, every request
recorded (method and path) so that a test can count them.
"""
from __future__ import annotations

import hashlib
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from loopback import LoopbackServer

#: files the Hub keeps in LFS (their ETag is the content's sha256, sent as X-Linked-Etag), as .gitattributes says
LFS_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".onnx", ".h5", ".msgpack")


class Repo:
    """One model repository: a directory's files at one commit."""

    def __init__(self, directory: Path):
        self.files: dict[str, bytes] = {
            p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}
        digest = hashlib.sha1()
        for name, data in self.files.items():
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        self.sha = digest.hexdigest()          # 40 hex digits, as a git commit id

    @staticmethod
    def is_lfs(name: str) -> bool:
        return name.endswith(LFS_SUFFIXES)

    def etag(self, name: str) -> str:
        data = self.files[name]
        if self.is_lfs(name):
            return hashlib.sha256(data).hexdigest()
        return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()    # git's blob id

    def info(self, repo_id: str) -> dict:
        return {"id": repo_id, "modelId": repo_id, "sha": self.sha, "private": False, "disabled": False,
                "gated": False, "downloads": 0, "likes": 0, "tags": ["sentence-transformers"],
                "library_name": "sentence-transformers",
                "siblings": [{"rfilename": name} for name in self.files]}

    def tree(self, path: str, recursive: bool) -> list[dict]:
        prefix = f"{path.strip('/')}/" if path.strip("/") else ""
        out, dirs = [], set()
        for name, data in self.files.items():
            if not name.startswith(prefix):
                continue
            rest = name[len(prefix):]
            if "/" in rest and not recursive:
                dirs.add(prefix + rest.split("/")[0])
                continue
            entry = {"type": "file", "oid": self.etag(name), "size": len(data), "path": name}
            if self.is_lfs(name):
                entry["lfs"] = {"oid": self.etag(name), "size": len(data), "pointerSize": 134}
            out.append(entry)
        out += [{"type": "directory", "oid": hashlib.sha1(d.encode()).hexdigest(), "size": 0, "path": d}
                for d in sorted(dirs)]
        return out


class HubServer(LoopbackServer):
    """``HubServer({"org/tiny": directory})``: serve those directories as Hub model repos."""

    METHODS = ("GET", "HEAD")        # huggingface_hub asks for file metadata with HEAD

    def __init__(self, repos: dict[str, Path]):
        self.repos = {repo_id: Repo(Path(d)) for repo_id, d in repos.items()}
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        super().__init__()

    def answer(self, h: BaseHTTPRequestHandler, method: str) -> None:
        self._answer(h, head=method == "HEAD")

    def sha(self, repo_id: str) -> str:
        return self.repos[repo_id].sha

    def downloads(self) -> list[str]:
        """Paths of the files actually sent (GET of a resolve URL)."""
        return [p for m, p in self.requests if m == "GET" and "/resolve/" in p]

    # ------------------------------------------------------------------ routing

    def _find(self, parts: list[str]) -> tuple[str, Repo, list[str]] | None:
        """The repo named by the first one or two path parts, and the parts after it."""
        for n in (2, 1):
            repo_id = "/".join(parts[:n])
            if repo_id in self.repos:
                return repo_id, self.repos[repo_id], parts[n:]
        return None

    def _answer(self, h: BaseHTTPRequestHandler, head: bool) -> None:
        url = urllib.parse.urlsplit(h.path)
        with self._lock:
            self.requests.append(("HEAD" if head else "GET", url.path))
        query = dict(urllib.parse.parse_qsl(url.query))
        parts = [urllib.parse.unquote(p) for p in url.path.strip("/").split("/")]
        if parts[:2] == ["api", "models"]:
            found = self._find(parts[2:])
            if found is None:
                return _error(h, 401, "RepoNotFound", "Repository not found", head)
            repo_id, repo, rest = found
            if not rest:
                return _json(h, repo.info(repo_id), repo, head)
            if rest[0] == "revision" and len(rest) == 2:
                if rest[1] not in ("main", repo.sha):
                    return _error(h, 404, "RevisionNotFound", "Invalid rev id", head, repo)
                return _json(h, repo.info(repo_id), repo, head)
            if rest[0] == "tree" and len(rest) >= 2:
                if rest[1] not in ("main", repo.sha):
                    return _error(h, 404, "RevisionNotFound", "Invalid rev id", head, repo)
                recursive = query.get("recursive", "").lower() in ("1", "true")
                return _json(h, repo.tree("/".join(rest[2:]), recursive), repo, head)
            return _error(h, 404, None, "Not found", head, repo)
        found = self._find(parts)
        if found is None:
            return _error(h, 401, "RepoNotFound", "Repository not found", head)
        repo_id, repo, rest = found
        if len(rest) < 3 or rest[0] != "resolve":
            return _error(h, 404, None, "Not found", head, repo)
        if rest[1] not in ("main", repo.sha):
            return _error(h, 404, "RevisionNotFound", "Invalid rev id", head, repo)
        name = "/".join(rest[2:])
        if name not in repo.files:
            return _error(h, 404, "EntryNotFound", "Entry not found", head, repo)
        _file(h, repo, name, head)


def _common(h: BaseHTTPRequestHandler, repo: Repo | None) -> None:
    if repo is not None:
        h.send_header("X-Repo-Commit", repo.sha)


def _json(h: BaseHTTPRequestHandler, payload, repo: Repo, head: bool) -> None:
    data = json.dumps(payload).encode()
    h.send_response(200)
    _common(h, repo)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    if not head:
        h.wfile.write(data)


def _error(h: BaseHTTPRequestHandler, status: int, code: str | None, message: str, head: bool,
           repo: Repo | None = None) -> None:
    data = json.dumps({"error": message}).encode()
    h.send_response(status)
    _common(h, repo)
    if code:
        h.send_header("X-Error-Code", code)
    h.send_header("X-Error-Message", message)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    if not head:
        h.wfile.write(data)


def _file(h: BaseHTTPRequestHandler, repo: Repo, name: str, head: bool) -> None:
    data = repo.files[name]
    start = 0
    rng = h.headers.get("Range", "")
    if rng.startswith("bytes=") and rng[6:].rstrip("-").isdigit():    # a resumed download: "bytes=N-"
        start = min(int(rng[6:].rstrip("-")), len(data))
    h.send_response(206 if start else 200)
    _common(h, repo)
    etag = f'"{repo.etag(name)}"'
    if repo.is_lfs(name):
        h.send_header("X-Linked-Etag", etag)
        h.send_header("X-Linked-Size", str(len(data)))
    h.send_header("ETag", etag)
    h.send_header("Content-Type", "application/octet-stream")
    h.send_header("Content-Length", str(len(data) - start))
    if start:
        h.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
    h.end_headers()
    if not head:
        h.wfile.write(data[start:])


# ---------------------------------------------------------------------- a model to serve

#: what the tiny model's word-piece vocabulary spells words with (accents are stripped, as BERT's uncased does)
TINY_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def build_tiny_model(directory: Path, seed: int = 0) -> Path:
    """Write a sentence-transformers model of random weights (a one-layer BERT of width 16, mean
    pooling, a character-level word-piece vocabulary: about 40 KB of weights) to ``directory``."""
    import string

    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizer

    directory = Path(directory)
    bert = directory.parent / f".{directory.name}-bert"
    bert.mkdir(parents=True, exist_ok=True)
    chars = list(TINY_ALPHABET)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *string.punctuation, *chars, *("##" + c for c in chars)]
    BertTokenizer(vocab={w: i for i, w in enumerate(vocab)}).save_pretrained(str(bert))
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=256)
    BertModel(config).save_pretrained(str(bert))
    transformer = Transformer(str(bert), max_seq_length=256)
    model = SentenceTransformer(modules=[transformer, Pooling(transformer.get_embedding_dimension(), "mean")],
                                device="cpu")
    model.save(str(directory))
    return directory
