"""A small, realistic French/English alignment and glossary for the review tests.

Built from the data classes directly (no model), so the report tests run in
milliseconds and cover the awkward cases on purpose: a flagged link, a 2-1
link, a 1-0 and a 0-1 link, a footnote, a segment containing ``<script>``, an
Arabic (right-to-left) segment, overlapping glossary terms.
"""
from __future__ import annotations

from toolkit.model import (
    ADMITTED,
    CANDIDATE,
    PREFERRED,
    TERM,
    Alignment,
    Bead,
    Document,
    Footnote,
    Glossary,
    GlossaryEntry,
    Occurrence,
    Segment,
    Signature,
    text_checksum,
)

SCRIPT = "<script>alert(1)</script>"
ARABIC = "تشجع الدول الأعضاء على التعاون الدولي."
FOOTNOTE_URL = "https://undocs.org/fr/A/RES/217(III)"

FR = [
    ("title", "title", "Résolution adoptée par l’Assemblée générale le 20 décembre 2013", []),
    ("opening", "opening", "L’Assemblée générale,", []),
    ("pp1", "preamble", "Rappelant la Déclaration universelle des droits de l’homme,", [1]),
    ("pp7.a", "subitem", "a) Réaffirmant que tous les droits de l’homme sont universels et indivisibles,", []),
    ("op1", "operative", f"Prie le Secrétaire général de lui présenter un rapport {SCRIPT} à sa soixante-neuvième session;", []),
    ("op2", "operative", "Décide de poursuivre l’examen de la question", []),
    ("op3", "operative", "à sa prochaine session;", []),
    ("op4", "operative", "Souligne l’importance de la coopération internationale;", []),
    ("op5", "operative", "Encourage les États Membres à renforcer la coopération internationale.", []),
]
EN = [
    ("title", "title", "Resolution adopted by the General Assembly on 20 December 2013", []),
    ("opening", "opening", "The General Assembly,", []),
    ("pp1", "preamble", "Recalling the Universal Declaration of Human Rights,", [1]),
    ("pp7.a", "subitem", "(a) Reaffirming that all human rights are universal and indivisible,", []),
    ("op1", "operative", f"Requests the Secretary-General to submit a report {SCRIPT} to it at its sixty-ninth session;", []),
    ("op2", "operative", "Decides to continue its consideration of the question at its next session;", []),
    ("op3", "operative", "Encourages Member States to strengthen international cooperation.", []),
    ("op4", "paragraph", ARABIC, []),
]
# (src indices, tgt indices, confidence, flagged)
BEADS = [
    ((0,), (0,), 0.91, False),
    ((1,), (1,), 0.95, False),
    ((2,), (2,), 0.90, False),
    ((3,), (3,), 0.45, True),       # low confidence: flagged
    ((4,), (4,), 0.83, False),
    ((5, 6), (5,), 0.72, False),    # 2-1
    ((7,), (), 0.0, True),          # 1-0: French paragraph with no English counterpart
    ((8,), (6,), 0.86, False),
    ((), (7,), 0.0, False),         # 0-1: stray Arabic line
]
ONE_TO_ONE = 6
MANY = 1
UNALIGNED = 2
FLAGGED = 2

TERMS = [
    # src, tgt, confidence, class, status, manual, src context, tgt context.  Only a person gives
    # a status (manual): "Déclaration universelle" was admitted in an earlier review; the others
    # are machine entries that still hold the status earlier versions set by confidence, which
    # the page must not show (a machine entry is "unreviewed").  "coopération internationale"
    # is below toolkit.glossary.TERM_AT (0.5): class candidate, not highlighted by default.
    ("Assemblée générale", "General Assembly", 0.93, TERM, PREFERRED, False,
     ("opening", "L’Assemblée générale,"), ("opening", "The General Assembly,")),
    ("droits de l’homme", "human rights", 0.88, TERM, ADMITTED, False, ("pp7.a", FR[3][2]), ("pp7.a", EN[3][2])),
    ("Déclaration universelle des droits de l’homme", "Universal Declaration of Human Rights", 0.9, TERM, ADMITTED, True,
     ("pp1", FR[2][2]), ("pp1", EN[2][2])),
    ("Secrétaire général", "Secretary-General", 0.81, TERM, ADMITTED, False, ("op1", FR[4][2]), ("op1", EN[4][2])),
    ("coopération internationale", "international cooperation", 0.45, CANDIDATE, ADMITTED, False,
     ("op5", FR[8][2]), ("op3", EN[6][2])),
    ("États Membres", "Member States", 0.9, TERM, ADMITTED, False, ("op5", FR[8][2]), ("op3", EN[6][2])),
]
REVIEWED = "Déclaration universelle des droits de l’homme"   # the one entry a person reviewed before


def _doc(lang: str, rows, footnote: str) -> Document:
    segments = [Segment(id=i, kind=k, text=t, footnote_refs=list(fn)) for i, k, t, fn in rows]
    return Document(
        language=lang,
        segments=segments,
        footnotes=[Footnote(1, footnote)],
        symbol="A/RES/68/999",
        title=rows[0][2],
        checksum=text_checksum("\n".join(t for _, _, t, _ in rows)),
    )


def sample_alignment() -> Alignment:
    src = _doc("fr", FR, f"Résolution 217 A (III). Voir {FOOTNOTE_URL}")
    tgt = _doc("en", EN, "Resolution 217 A (III).")
    sig = Signature(
        toolkit_version="0.1.0",
        model="usem3",
        src_lang="fr",
        tgt_lang="en",
        params={"level": "paragraph", "max_m": 2},
        inputs={"src": src.checksum, "tgt": tgt.checksum},
    )
    beads = [Bead(src=s, tgt=t, score=round(c * 0.8, 3), confidence=c, flagged=f) for s, t, c, f in BEADS]
    return Alignment(source=src, target=tgt, beads=beads, signature=sig)


def sample_glossary(alignment: Alignment | None = None) -> Glossary:
    alignment = alignment or sample_alignment()
    entries = [
        GlossaryEntry(
            src_term=s, tgt_term=t, src_lang="fr", tgt_lang="en", confidence=c, entry_class=cl, status=st,
            manual=m, freq_src=2, freq_tgt=2,
            context_src=Occurrence(*cs), context_tgt=Occurrence(*ct), source="A/RES/68/999",
        )
        for s, t, c, cl, st, m, cs, ct in TERMS
    ]
    return Glossary("fr", "en", entries, signature=alignment.signature)
