"""The format registry (toolkit.export.registry): every registered extension writes and,
where the format has a reader, reads back what it wrote; lookups fail with one clear line;
the JSONL header is a header, not a bead; adding a format is one registration."""
from __future__ import annotations

import json

import pytest

from export_fixtures import SIG, un_alignment, un_glossary
from toolkit.errors import InputError, ToolkitError
from toolkit.export import (
    ALIGNMENT_FORMATS,
    GLOSSARY_FORMATS,
    read_alignment_file,
    read_glossary,
    write_alignment,
    write_glossary,
)
from toolkit.export import registry
from toolkit.export.registry import Format, UnknownFormat
from toolkit.model import Document, Occurrence, Segment, Term


def _terms() -> list[Term]:
    return [Term("traite des personnes", "traite de personne", "fr", "noun", 12, 31.5,
                 variants=["traites des personnes"], occurrences=[Occurrence("op1", "Condamne la traite des personnes.")]),
            Term("Assemblée générale", "assemblée général", "fr", "properNoun", 4, 9.0, kind="name")]


def _document() -> Document:
    return Document(language="fr", symbol="A/RES/68/192", segments=[
        Segment("title", "title", "Traite des femmes et des filles"),
        Segment("pp1", "preamble", "Rappelant sa résolution 64/293,"),
        Segment("op1", "operative", "Condamne énergiquement la traite des personnes."),
    ])


SAMPLES = {"glossary": un_glossary, "alignment": un_alignment, "terms": _terms, "segments": _document}


def _key(kind: str, fmt: str, obj):
    """What every format of ``kind`` keeps, from the object or from what its reader returns."""
    if kind == "glossary":
        return sorted((e.src_term, e.tgt_term) for e in obj.entries)
    if kind == "alignment":
        if isinstance(obj, tuple):                       # (signature, rows) of a reader
            rows = obj[1]
            return [(list(r.src_ids), list(r.tgt_ids)) for r in rows if r.src_ids and r.tgt_ids]
        return [(obj.src_ids(b), obj.tgt_ids(b)) for b in obj.beads if b.src and b.tgt]  # TMX keeps links only
    if kind == "terms":
        if isinstance(obj, tuple):
            return [r["term"] for r in obj[1]]
        return [t.text for t in obj]
    raise AssertionError(kind)


def _cases(readable: bool):
    return [pytest.param(f.kind, f.name, ext, id=f"{f.kind}-{f.name}{ext}")
            for f in registry.FORMATS if f.can_write and (f.can_read or not readable)
            for ext in f.extensions]


@pytest.mark.parametrize("kind,name,ext", _cases(readable=True))
def test_every_registered_extension_reads_back_what_it_wrote(tmp_path, kind, name, ext):
    obj = SAMPLES[kind]()
    path = registry.write(kind, obj, tmp_path / f"out{ext}")
    assert registry.get(kind, path, mode="read").name == name     # the same format reads it
    back = registry.read(kind, path)
    assert _key(kind, name, back) == _key(kind, name, obj)


@pytest.mark.parametrize("kind,name,ext", _cases(readable=False))
def test_every_registered_extension_writes_a_file_and_refuses_to_overwrite_it(tmp_path, kind, name, ext):
    obj = SAMPLES[kind]()
    path = registry.write(kind, obj, tmp_path / f"out{ext}")
    assert path.stat().st_size > 0
    with pytest.raises(ToolkitError):
        registry.write(kind, obj, path)
    registry.write(kind, obj, path, force=True)


def test_the_json_glossary_is_lossless():
    from toolkit.export.glossary_json import glossary_from_dict, glossary_to_dict

    g = un_glossary()
    back = glossary_from_dict(json.loads(json.dumps(glossary_to_dict(g))))
    assert back.entries == g.entries and str(back.signature) == str(g.signature)


def test_the_json_glossary_reads_through_read_glossary(tmp_path):
    g = un_glossary()
    back = read_glossary(write_glossary(g, tmp_path / "g.json"), manual=True)
    assert [e.src_term for e in back.entries] == [e.src_term for e in g.entries]
    assert all(e.manual for e in back.entries)


def test_batch_keeps_the_glossary_json_names():
    import toolkit.batch as batch
    from toolkit.export import glossary_json

    assert batch.glossary_to_dict is glossary_json.glossary_to_dict
    assert batch.glossary_from_dict is glossary_json.glossary_from_dict


# --- the JSONL alignment: one writer, its header is a header ----------------------------------

def test_jsonl_header_is_not_read_as_a_bead_and_gives_the_signature(tmp_path):
    al = un_alignment()
    signature, rows = read_alignment_file(write_alignment(al, tmp_path / "a.jsonl"))
    assert len(rows) == len(al.beads)
    assert str(signature) == str(al.signature)


def test_jsonl_header_of_an_older_toolkit_without_a_type_is_a_header(tmp_path):
    """Regression: the CLI's former JSONL writer began with {"signature": ..., "level": ...} (no
    "type"), which read_alignment_file took for one more, empty, bead (and no signature)."""
    al = un_alignment()
    lines = [json.dumps({"signature": str(al.signature), "level": al.level})]
    for k, b in enumerate(al.beads):
        lines.append(json.dumps({"bead": k, "src": list(b.src), "tgt": list(b.tgt), "src_ids": al.src_ids(b),
                                 "tgt_ids": al.tgt_ids(b), "kind": b.kind, "score": b.score,
                                 "confidence": b.confidence, "flagged": b.flagged}))
    path = tmp_path / "old.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    signature, rows = read_alignment_file(path)
    assert [r.src_ids for r in rows] == [al.src_ids(b) for b in al.beads]       # no empty first row
    assert signature is not None and signature.model == SIG.model and signature.src_lang == "fr"


def test_jsonl_header_after_a_blank_line_and_a_bom_still_gives_the_signature(tmp_path):
    from toolkit.export.jsonl import alignment_jsonl

    al = un_alignment()
    path = tmp_path / "a.jsonl"
    path.write_bytes(("\ufeff\n" + alignment_jsonl(al)).encode("utf-8"))
    signature, rows = read_alignment_file(path)
    assert str(signature) == str(al.signature) and len(rows) == len(al.beads)


def test_the_command_line_and_the_library_write_the_same_jsonl():
    from toolkit.cli.align import render
    from toolkit.evaluate import format_jsonl
    from toolkit.export.jsonl import alignment_jsonl

    al = un_alignment()
    assert render(al, "jsonl") == format_jsonl(al) == alignment_jsonl(al)


def test_a_jsonl_line_that_is_not_an_object_is_a_one_line_input_error(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('[1, 2]\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1: not a JSON object"):
        read_alignment_file(path)


# --- lookups ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", registry.KINDS)
def test_an_unknown_extension_is_a_one_line_error_naming_the_supported_ones(kind):
    with pytest.raises(UnknownFormat) as info:
        registry.get(kind, "out.nope")
    message = str(info.value)
    assert isinstance(info.value, ToolkitError) and isinstance(info.value, InputError)
    assert "\n" not in message and "out.nope" in message and f"cannot tell the {kind} format" in message
    for ext in registry.extensions(kind):
        assert ext in message


def test_an_unknown_format_name_lists_the_known_names():
    with pytest.raises(UnknownFormat, match=r"unknown alignment format 'po' \(use one of .*tmx"):
        registry.get("alignment", format="po")


def test_reading_a_write_only_extension_lists_what_can_be_read(tmp_path):
    path = tmp_path / "a.beads"
    path.write_text("[0]:[0]\n", encoding="utf-8")
    with pytest.raises(UnknownFormat) as info:
        read_alignment_file(path)
    assert ".beads" not in str(info.value).split("(use")[1] and ".tmx" in str(info.value)


def test_a_missing_file_is_reported_before_its_extension(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_glossary(tmp_path / "missing.nope")


def test_read_extensions_read_with_the_format_that_has_them(tmp_path):
    path = write_alignment(un_alignment(), tmp_path / "a.tsv")
    copy = tmp_path / "a.csv"
    copy.write_bytes(path.read_bytes())
    assert registry.get("alignment", copy, mode="read").name == "tsv"
    assert len(read_alignment_file(copy)[1]) == len(un_alignment().beads)
    with pytest.raises(UnknownFormat):
        registry.get("alignment", copy)                       # never written as .csv


def test_options_a_format_does_not_take_are_ignored(tmp_path):
    path = write_alignment(un_alignment(), tmp_path / "a.tmx", bom=True, comment_header=True, lang_codes={"en": "en-GB"})
    text = path.read_text(encoding="utf-8")
    assert not text.startswith("\ufeff") and 'xml:lang="en-GB"' in text


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        registry.formats("corpus")


# --- one registration adds a format everywhere ------------------------------------------------

def _write_pairs(alignment, path, *, force=False, lang_codes=None):
    from toolkit.fileio import write_text

    return write_text(path, "".join(f"{' '.join(alignment.src_ids(b))}\t{' '.join(alignment.tgt_ids(b))}\n"
                                    for b in alignment.beads), force=force)


def _read_pairs(path):
    from toolkit.export.tabular import AlignmentRow

    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        src, tgt = line.split("\t")
        rows.append(AlignmentRow(bead=n, src_ids=src.split(), tgt_ids=tgt.split()))
    return None, rows


@pytest.fixture()
def pairs_format():
    fmt = registry.register(Format("alignment", "pairs", (".pairs",), writer=_write_pairs, reader=_read_pairs))
    yield fmt
    registry.unregister("alignment", "pairs")


def test_a_registered_format_is_taken_by_the_library_the_tables_and_the_command_line(tmp_path, pairs_format):
    from click.testing import CliRunner

    from toolkit.cli import cli

    assert ALIGNMENT_FORMATS[".pairs"] == "pairs" and ".pairs" not in GLOSSARY_FORMATS
    al = un_alignment()
    back = read_alignment_file(write_alignment(al, tmp_path / "a.pairs"))[1]
    assert [r.src_ids for r in back] == [al.src_ids(b) for b in al.beads]
    tsv = write_alignment(al, tmp_path / "a.tsv")
    out = tmp_path / "b.pairs"
    result = CliRunner().invoke(cli, ["import-alignment", str(tsv), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == "pp1\tpp1"


def test_registering_a_name_twice_is_refused_unless_replacing(pairs_format):
    with pytest.raises(ValueError, match="already registered"):
        registry.register(Format("alignment", "pairs", (".pairs",), writer=_write_pairs))
    registry.register(Format("alignment", "pairs", (".pairs", ".pr"), writer=_write_pairs), replace=True)
    assert ALIGNMENT_FORMATS[".pr"] == "pairs"


def test_the_commands_take_their_formats_from_the_registry():
    from toolkit.cli import align, segment

    assert set(align._FORMATS) == set(registry.names("alignment", "write"))
    assert set(segment.FORMATS) == {"table", *registry.names("segments", "write")}
    assert dict(GLOSSARY_FORMATS) == registry.extensions("glossary")
