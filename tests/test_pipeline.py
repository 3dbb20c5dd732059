"""The whole job for one pair (toolkit.pipeline): what run_documents and run_pair return,
the stages they report, the sentence level and the language-label check.

The fast tests use a stand-in encoder (translations share a vector) and the spaCy
pipelines the term extractor uses anyway; one slow test runs the real default encoder."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

from toolkit.langid import SIGNATURE_KEY
from toolkit.model import Alignment, Document, Glossary, Segment, Signature, Term
from toolkit.pipeline import PairResult, note_languages, run_documents, run_pair
from toolkit.progress import ALIGNING, ENCODING, EXTRACTING, PAIR_STAGES, PAIRING, READING, SENTENCES

FR = [
    "L'Assemblée générale,",
    "Rappelant sa résolution sur le développement durable et la protection de l'environnement. "
    "Elle souligne le rôle des États Membres.",
    "Prie le Secrétaire général de lui présenter un rapport sur le développement durable à sa prochaine session.",
    "Décide de rester saisie de la question du développement durable.",
]
EN = [
    "The General Assembly,",
    "Recalling its resolution on sustainable development and the protection of the environment. "
    "It stresses the role of Member States.",
    "Requests the Secretary-General to submit to it a report on sustainable development at its next session.",
    "Decides to remain seized of the question of sustainable development.",
]


#: term translations the stand-in encoder knows (it gives each pair one vector, like a real encoder)
TERMS = {
    "développement durable": "sustainable development",
    "Assemblée générale": "General Assembly",
    "Secrétaire général": "Secretary-General",
    "protection de l’environnement": "protection of the environment",
    "protection de l'environnement": "protection of the environment",
    "État Membre": "Member State",
}


class TranslationEmbedder:
    """A stand-in encoder: the k-th French and English paragraph share one vector, and so do
    the terms of :data:`TERMS`; every other text (a sentence, another term) gets its own
    pseudo-random vector.  Records what it was asked."""

    name = "test-translation-vectors"

    def __init__(self, dim: int = 32) -> None:
        self.dim = dim
        self.calls: list[list[str]] = []
        self._key = {t: f"para{k}" for pair in (FR, EN) for k, t in enumerate(pair)}
        self._key.update({t: f"term:{e}" for f, e in TERMS.items() for t in (f, e)})

    def _vector(self, text: str) -> np.ndarray:
        key = self._key.get(text, text)
        seed = int(hashlib.md5(key.encode("utf-8")).hexdigest()[:8], 16)
        return np.random.default_rng(seed).standard_normal(self.dim)

    def embed(self, texts):
        texts = list(texts)
        self.calls.append(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.stack([self._vector(t) for t in texts])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)

    @property
    def embedded(self) -> set[str]:
        return {t for call in self.calls for t in call}


def _doc(texts, language: str) -> Document:
    return Document(language=language,
                    segments=[Segment(id=f"p{k}", kind="paragraph", text=t) for k, t in enumerate(texts, 1)])


@pytest.fixture(scope="module")
def nlp():
    from toolkit.terms import load_spacy

    return {"fr": load_spacy("fr"), "en": load_spacy("en")}


def _run(nlp, src=None, tgt=None, **kw) -> PairResult:
    src = src or _doc(FR, "fr")
    tgt = tgt or _doc(EN, "en")
    kw.setdefault("model", TranslationEmbedder())
    return run_documents(src, tgt, nlp_src=nlp[src.language], nlp_tgt=nlp[tgt.language], **kw)


# ------------------------------------------------------------------ run_documents


def test_run_documents_returns_alignment_glossary_term_lists_and_timings(nlp):
    result = _run(nlp)
    assert isinstance(result.alignment, Alignment) and isinstance(result.glossary, Glossary)
    assert result.alignment.level == "paragraph"
    assert [(b.src, b.tgt) for b, _, _ in result.alignment.pairs()] == [((k,), (k,)) for k in range(4)]
    assert result.source.language == "fr" and result.target.language == "en"
    assert result.src_terms and all(isinstance(t, Term) and t.language == "fr" for t in result.src_terms)
    assert result.tgt_terms and all(isinstance(t, Term) and t.language == "en" for t in result.tgt_terms)
    assert "développement durable" in {t.text for t in result.src_terms}
    assert "sustainable development" in {t.text for t in result.tgt_terms}
    assert (result.glossary.src_lang, result.glossary.tgt_lang) == ("fr", "en")
    assert ("développement durable", "sustainable development") in {
        (e.src_term, e.tgt_term) for e in result.glossary}
    assert list(result.timings) == ["align", "terms", "glossary"]
    assert all(isinstance(v, float) and v >= 0 for v in result.timings.values())


def test_pair_result_summary_adds_segment_and_entry_counts_to_the_alignment_summary(nlp):
    result = _run(nlp)
    summary = result.summary()
    assert summary["src_segments"] == 4 and summary["tgt_segments"] == 4
    assert summary["glossary_entries"] == len(result.glossary) > 0
    assert summary["links"] == 4 and summary["one_to_one"] == 4
    assert summary["seconds"] == round(sum(result.timings.values()), 3)


def test_run_documents_reports_each_stage_in_order_with_its_detail(nlp):
    events: list[tuple[str, str]] = []
    result = _run(nlp, progress=lambda stage, detail: events.append((stage, detail)))
    assert [stage for stage, _ in events] == [ENCODING, ALIGNING, EXTRACTING, PAIRING]
    assert events[0][1] == "8 segments"
    assert events[3][1] == f"{len(result.src_terms)}+{len(result.tgt_terms)} terms"
    # the stages come in the order the progress module declares them
    order = [PAIR_STAGES.index(stage) for stage, _ in events]
    assert order == sorted(order)


def test_run_documents_encodes_every_segment_up_front_when_it_reports_progress(nlp):
    model = TranslationEmbedder()
    _run(nlp, model=model, progress=lambda stage, detail: None)
    assert model.calls[0] == FR + EN


def test_run_documents_needs_no_progress_callback_and_gives_the_same_alignment(nlp):
    quiet = _run(nlp)
    loud = _run(nlp, progress=lambda stage, detail: None)
    assert [(b.src, b.tgt) for b in quiet.alignment] == [(b.src, b.tgt) for b in loud.alignment]
    assert [(e.src_term, e.tgt_term) for e in quiet.glossary] == [(e.src_term, e.tgt_term) for e in loud.glossary]


def test_level_sentence_refines_the_alignment_and_reports_the_sentence_stage_last(nlp):
    events: list[str] = []
    result = _run(nlp, level="sentence", progress=lambda stage, detail: events.append(stage))
    assert events[-1] == SENTENCES and events.count(SENTENCES) == 1
    assert list(result.timings) == ["align", "terms", "glossary", "sentences"]
    al = result.alignment
    assert al.level == "sentence"
    assert al.signature.params["level"] == "sentence"
    ids = [s.id for s in al.source.segments]
    assert "p2.s1" in ids and "p2.s2" in ids            # the two-sentence paragraph is split
    assert len(al.source) == 5 and len(al.target) == 5
    assert all(s.parent and s.id.startswith(s.parent + ".s") for s in al.source.segments)


def test_terms_and_glossary_come_from_the_paragraph_level_whatever_the_level(nlp):
    para = _run(nlp)
    sent = _run(nlp, level="sentence")
    assert [(e.src_term, e.tgt_term) for e in sent.glossary] == [(e.src_term, e.tgt_term) for e in para.glossary]
    assert [t.text for t in sent.src_terms] == [t.text for t in para.src_terms]
    assert para.alignment.level == "paragraph"
    contexts = {e.context_src.segment_id for e in sent.glossary if e.context_src}
    assert contexts and all(".s" not in c for c in contexts)


def test_subject_becomes_the_subject_field_of_every_entry(nlp):
    result = _run(nlp, subject="environment")
    assert len(result.glossary) and all(e.subject_field == "environment" for e in result.glossary)
    assert result.glossary.signature.params.get("subject") == "environment"


def test_use_embeddings_false_pairs_terms_without_embedding_the_term_strings(nlp):
    with_emb, without = TranslationEmbedder(), TranslationEmbedder()
    a = _run(nlp, model=with_emb)
    b = _run(nlp, model=without, use_embeddings=False)
    assert "sustainable development" in with_emb.embedded
    assert "sustainable development" not in without.embedded
    assert a.glossary.signature.params["glossary"].endswith("+emb")
    assert not b.glossary.signature.params["glossary"].endswith("+emb")


# ------------------------------------------------------------------ language labels


def test_a_label_the_text_contradicts_is_warned_about_and_recorded_in_both_signatures(nlp):
    # the "English" side is the French text again
    result = _run(nlp, src=_doc(FR, "fr"), tgt=_doc(FR, "en"))
    warnings = result.alignment.warnings
    assert any(w.startswith("target: the text looks like 'fr', not 'en'") for w in warnings), warnings
    assert any("both sides look like 'fr'" in w for w in warnings), warnings
    assert not any(w.startswith("source:") for w in warnings)
    assert result.alignment.signature.params[SIGNATURE_KEY] == "tgt=fr"
    assert result.glossary.signature.params[SIGNATURE_KEY] == "tgt=fr"


def test_correct_labels_leave_no_language_warning_and_nothing_in_the_signature(nlp):
    result = _run(nlp)
    assert not any("looks like" in w for w in result.alignment.warnings)
    assert SIGNATURE_KEY not in result.alignment.signature.params
    assert SIGNATURE_KEY not in result.glossary.signature.params


def test_note_languages_puts_the_label_warnings_first_and_keeps_each_once():
    src, tgt = _doc(["Un."], "fr"), _doc(["One."], "en")
    al = Alignment(src, tgt, [], signature=Signature("0.2.0"),
                   warnings=["same warning", "aligner warning"])
    note_languages(al, ["label warning", "same warning"])
    assert al.warnings == ["label warning", "same warning", "aligner warning"]


# ------------------------------------------------------------------ run_pair


def test_run_pair_reads_both_files_and_reports_reading_first(nlp, tmp_path):
    fr, en = tmp_path / "fr.txt", tmp_path / "en.txt"
    fr.write_text("\n\n".join(FR) + "\n", encoding="utf-8")
    en.write_text("\n\n".join(EN) + "\n", encoding="utf-8")
    events: list[str] = []
    result = run_pair(fr, en, src_lang="fr", tgt_lang="en", model=TranslationEmbedder(),
                      progress=lambda stage, detail: events.append(stage))
    assert events == [READING, ENCODING, ALIGNING, EXTRACTING, PAIRING]
    assert list(result.timings) == ["read", "align", "terms", "glossary"]
    assert result.source.language == "fr" and result.target.language == "en"
    assert result.source.texts == FR and result.target.texts == EN
    assert result.source.source_path and result.source.source_path.endswith("fr.txt")
    assert [(b.src, b.tgt) for b, _, _ in result.alignment.pairs()] == [((k,), (k,)) for k in range(4)]
    assert ("développement durable", "sustainable development") in {
        (e.src_term, e.tgt_term) for e in result.glossary}


def test_run_pair_at_sentence_level_ends_with_the_sentence_stage(nlp, tmp_path):
    fr, en = tmp_path / "fr.txt", tmp_path / "en.txt"
    fr.write_text("\n\n".join(FR) + "\n", encoding="utf-8")
    en.write_text("\n\n".join(EN) + "\n", encoding="utf-8")
    events: list[str] = []
    result = run_pair(fr, en, src_lang="fr", tgt_lang="en", model=TranslationEmbedder(), level="sentence",
                      progress=lambda stage, detail: events.append(stage))
    assert events[0] == READING and events[-1] == SENTENCES
    assert result.alignment.level == "sentence"
    assert list(result.timings)[0] == "read" and "sentences" in result.timings


def test_run_pair_names_the_file_in_a_language_warning(nlp, tmp_path):
    fr, mislabelled = tmp_path / "fr.txt", tmp_path / "en.txt"
    fr.write_text("\n\n".join(FR) + "\n", encoding="utf-8")
    mislabelled.write_text("\n\n".join(FR) + "\n", encoding="utf-8")
    result = run_pair(fr, mislabelled, src_lang="fr", tgt_lang="en", model=TranslationEmbedder())
    assert any("en.txt: the text looks like 'fr'" in w for w in result.alignment.warnings), result.alignment.warnings


# ------------------------------------------------------------------ the real encoder


@pytest.mark.slow
def test_run_documents_with_the_default_encoder_links_each_paragraph_to_its_translation(nlp, encoder):
    result = _run(nlp, model=encoder, level="sentence")
    para_links = {(b.src, b.tgt) for b, _, _ in _run(nlp, model=encoder).alignment.pairs()}
    assert para_links == {((k,), (k,)) for k in range(4)}
    al = result.alignment
    pairs = {(al.src_ids(b)[0], al.tgt_ids(b)[0]) for b, _, _ in al.pairs()}
    assert {("p2.s1", "p2.s1"), ("p2.s2", "p2.s2")} <= pairs
    assert ("développement durable", "sustainable development") in {
        (e.src_term, e.tgt_term) for e in result.glossary}
