"""Batch alignment on Dask: a local cluster, resume, failures, and a real scheduler/worker pair.

The pairs are real shipped text: corpora/sdg split into one small pair per goal
(the goal line and its first few targets/indicators), so a batch of 10+ pairs
stays fast.  Broken pairs (missing file, empty side, undecodable bytes) sit in
the same manifest and must not stop the batch.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.batch import (
    FAILED,
    OK,
    SKIPPED,
    Pair,
    corpus_glossary_name,
    read_manifest,
    read_summary,
    write_manifest,
)
from toolkit.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "corpora"))
from build_corpora import goal_blocks  # noqa: E402  (the SDG layout lives with its builder)
from toolkit.errors import InputError

GOALS = 10          # good pairs in the manifest
ITEMS_PER_GOAL = 3  # targets/indicators kept after each goal line


@pytest.fixture(scope="module")
def batch_inputs(corpora, tmp_path_factory):
    """A manifest of GOALS good SDG pairs and three broken ones; returns (manifest, pairs dir)."""
    en = goal_blocks((corpora / "sdg" / "en.txt").read_text(encoding="utf-8"), "en")
    fr = goal_blocks((corpora / "sdg" / "fr.txt").read_text(encoding="utf-8"), "fr")
    assert len(en) == len(fr) == 17
    root = tmp_path_factory.mktemp("batch-inputs")
    pairs = []
    for goal in range(1, GOALS + 1):
        folder = root / f"goal-{goal:02d}"
        folder.mkdir()
        for lang, blocks in (("fr", fr), ("en", en)):
            (folder / f"{lang}.txt").write_text("\n\n".join(blocks[goal][: ITEMS_PER_GOAL + 1]) + "\n",
                                                encoding="utf-8")
        pairs.append(Pair(f"goal-{goal:02d}", str(folder / "fr.txt"), str(folder / "en.txt"), "fr", "en"))
    broken = root / "broken"
    broken.mkdir()
    (broken / "empty.txt").write_text("\n  \n", encoding="utf-8")
    (broken / "garbage.txt").write_bytes(bytes(range(256)) * 8)
    pairs += [
        Pair("missing-target", str(root / "goal-01" / "fr.txt"), str(broken / "no-such-file.txt"), "fr", "en"),
        Pair("empty-source", str(broken / "empty.txt"), str(root / "goal-02" / "en.txt"), "fr", "en"),
        Pair("undecodable", str(broken / "garbage.txt"), str(root / "goal-03" / "en.txt"), "fr", "en"),
    ]
    manifest = write_manifest(pairs, root / "manifest.tsv")
    return manifest, root


def _done(outdir: Path, pair_id: str) -> dict:
    return json.loads((outdir / pair_id / "done.json").read_text(encoding="utf-8"))


def _mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


def test_manifest_reads_tsv_relative_paths_and_folder_layout(tmp_path, corpora):
    (tmp_path / "a").mkdir()
    (tmp_path / "m.csv").write_text("id,source,target,source_lang,target_lang\n"
                                    "A/RES/1,a/fr.txt,a/en.txt,fr,en\nA/RES/1,x,y,fr,en\n,x,,fr,en\n",
                                    encoding="utf-8")
    pairs = read_manifest(tmp_path / "m.csv")
    assert pairs[0].source == str(tmp_path / "a" / "fr.txt") and pairs[0].name == "A-RES-1"
    assert "duplicate id" in pairs[1].problem and "empty id" in pairs[2].problem

    folder = read_manifest(corpora, src_lang="fr", tgt_lang="en")
    ids = {p.id for p in folder}
    assert {"sdg", "udhr", "A-RES-68-192"} <= ids     # the fr-only seed is listed: it fails, visibly
    (tmp_path / "bad.tsv").write_text("id\tsource\n1\tx\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks target, source_lang, target_lang"):
        read_manifest(tmp_path / "bad.tsv")


def test_batch_on_local_cluster_records_failures_merges_glossaries_and_resumes(batch_inputs, dask_cluster,
                                                                                  tmp_path):
    manifest, _ = batch_inputs
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(cli, ["batch", str(manifest), "-o", str(out), "--workers", "2", "--no-progress"])
    assert first.exit_code == 1, first.output          # some pairs failed, the batch still finished
    summary = read_summary(out / "summary.tsv")
    assert (out / "summary.tsv").read_text(encoding="utf-8").startswith("# signature: toolkit:")
    status = dict(zip(summary["id"], summary["status"]))
    assert len(status) == GOALS + 3
    assert [k for k, v in status.items() if v == OK] == [f"goal-{g:02d}" for g in range(1, GOALS + 1)]
    errors = dict(zip(summary["id"], summary["error"]))
    assert status["missing-target"] == FAILED and "not found" in errors["missing-target"]
    assert status["empty-source"] == FAILED and "empty" in errors["empty-source"].lower()
    assert status["undecodable"] == FAILED and errors["undecodable"]

    good = summary[summary["status"] == OK]
    assert (good["src_segments"] >= ITEMS_PER_GOAL).all() and (good["links"] >= 1).all()
    assert ((good["mean_confidence"] > 0) & (good["mean_confidence"] <= 1)).all()
    for pair_id in good["id"]:
        files = {p.name for p in (out / pair_id).iterdir()}
        assert {"alignment.tsv", "alignment.tmx", "glossary.tsv", "done.json"} <= files
        assert not any(name.endswith(".part") for name in os.listdir(out))

    # Models are loaded once per worker (here once in the forkserver the workers are forked from):
    # the load counter of a worker does not grow with its tasks.
    records = [_done(out, p)["record"] for p in good["id"]]
    workers = {r["worker"] for r in records}
    assert 1 <= len(workers) <= 2
    assert {r["model_loads"] for r in records} == {3}          # encoder + fr + en pipelines

    # Corpus glossary: one per language pair, evidence summed over the pairs that saw an entry.
    corpus = out / corpus_glossary_name("fr", "en")
    assert corpus.read_text(encoding="utf-8").startswith("# signature:")
    from toolkit.batch import glossary_from_dict, read_pair_glossary
    from toolkit.export import read_glossary

    pairs = {p.id: p for p in read_manifest(manifest)}
    per_pair = [read_pair_glossary(out, pairs[p]) for p in good["id"]]
    seen: dict[tuple[str, str], list[int]] = {}
    for g in per_pair:
        for e in g.entries:
            seen.setdefault((e.src_term.casefold(), e.tgt_term.casefold()), []).append(e.freq_src)
    table = {(e.src_term.casefold(), e.tgt_term.casefold()) for e in read_glossary(corpus).entries}
    full = glossary_from_dict(json.loads(corpus.with_suffix(".json").read_text(encoding="utf-8")))
    merged = {(e.src_term.casefold(), e.tgt_term.casefold()): e for e in full.entries}
    assert set(merged) == table and corpus.with_suffix(".tbx").is_file()
    shared = {k: v for k, v in seen.items() if len(v) > 1 and k in merged}
    assert shared, "no term pair attested in two goals made it to the corpus glossary"
    for key, freqs in shared.items():
        assert merged[key].documents >= len(freqs) and merged[key].freq_src >= sum(freqs), key
    assert max(e.documents for e in full.entries) >= 2

    # An interrupted batch: one pair lost its completion marker.  --resume redoes that pair only.
    before = _mtimes(out)
    (out / "goal-03" / "done.json").unlink()
    # (resumed on the separate scheduler: same work, another cluster, one model load fewer for the suite)
    again = runner.invoke(cli, ["batch", str(manifest), "-o", str(out), "--resume",
                                "--scheduler", dask_cluster["address"], "--no-progress"])
    assert again.exit_code == 1, again.output
    after = _mtimes(out)
    untouched = [k for k in before if not k.startswith("goal-03/") and k.startswith("goal-")]
    assert untouched and all(after[k] == before[k] for k in untouched)
    status = dict(zip(*(read_summary(out / "summary.tsv")[c] for c in ("id", "status"))))
    assert status["goal-03"] == OK
    assert [k for k, v in status.items() if v == SKIPPED] == [f"goal-{g:02d}" for g in range(1, GOALS + 1) if g != 3]
    redone = _done(out, "goal-03")["record"]
    assert redone["encoded"] == 0          # its embeddings came from the shared disk cache

    # Without --resume or --force an existing batch is never overwritten.
    refused = runner.invoke(cli, ["batch", str(manifest), "-o", str(out), "--workers", "1", "--no-progress"])
    assert refused.exit_code != 0 and "already holds batch outputs" in refused.output


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A Dask scheduler and one worker started as separate processes on loopback.

    Random free ports (``--port 0``, address read from the scheduler file), a bounded
    lifetime (``--idle-timeout``/``--lifetime``) and always torn down.  The worker runs
    without a nanny so that its pid is the pid of the process doing the work.
    """
    tmp = tmp_path_factory.mktemp("dask-cluster")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    sched_file = tmp / "scheduler.json"
    scheduler = _start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                        "--port", "0", "--no-dashboard", "--scheduler-file", str(sched_file),
                        "--idle-timeout", "300s"], tmp / "scheduler.log", env)
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not sched_file.exists() and time.monotonic() < deadline:
            assert scheduler.poll() is None, (tmp / "scheduler.log").read_text()
            time.sleep(0.2)
        address = json.loads(sched_file.read_text())["address"]
        worker = _start([sys.executable, "-m", "distributed.cli.dask_worker", address, "--host", "127.0.0.1",
                         "--no-nanny", "--nthreads", "1", "--no-dashboard", "--lifetime", "300s"],
                        tmp / "worker.log", env)
        yield {"address": address, "scheduler": scheduler, "worker": worker, "log": tmp / "worker.log"}
    finally:
        if worker is not None:
            _stop(worker)
        _stop(scheduler)


def _start(cmd: list[str], log: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def test_batch_runs_on_a_separate_dask_scheduler_and_worker(batch_inputs, dask_cluster, tmp_path):
    manifest, _ = batch_inputs
    small = write_manifest([p for p in read_manifest(manifest) if p.id in
                            ("goal-01", "goal-02", "goal-03", "goal-04", "missing-target")],
                           tmp_path / "small.tsv")
    address, worker = dask_cluster["address"], dask_cluster["worker"]
    assert address.startswith("tcp://127.0.0.1:")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(small), "-o", str(out), "--scheduler", address, "--no-progress"])
    assert result.exit_code == 1, result.output + dask_cluster["log"].read_text()
    assert f"scheduler {address}" in result.output
    status = dict(zip(*(read_summary(out / "summary.tsv")[c] for c in ("id", "status"))))
    assert status == {"goal-01": OK, "goal-02": OK, "goal-03": OK, "goal-04": OK, "missing-target": FAILED}
    # The work ran in the separate worker process (no nanny: its pid is the one we started).
    pids = {_done(out, f"goal-0{g}")["record"]["worker"].rsplit(":", 1)[1] for g in (1, 2, 3, 4)}
    assert pids == {str(worker.pid)}
    assert (out / corpus_glossary_name("fr", "en")).is_file()
    assert dask_cluster["scheduler"].poll() is None and worker.poll() is None   # the cluster is left running
