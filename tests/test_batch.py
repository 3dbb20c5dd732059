"""Batch alignment on Dask: a local cluster, resume, failures, and a real scheduler/worker pair.

The pairs are real shipped text: corpora/sdg split into one small pair per goal
(the goal line and its first few targets/indicators), so a batch of 10+ pairs
stays fast.  Broken pairs (missing file, empty side, undecodable bytes) sit in
the same manifest and must not stop the batch.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import toolkit.batch as batch
from toolkit.batch import (
    FAILED,
    OK,
    SKIPPED,
    BatchOptions,
    Pair,
    check_completed,
    corpus_glossary_name,
    read_manifest,
    read_summary,
    run_batch,
    staging_folder,
    write_manifest,
)
from toolkit.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "corpora"))
from build_corpora import goal_blocks  # noqa: E402  (the SDG layout lives with its builder)
from toolkit.errors import InputError
from toolkit.export.common import read_sidecar

GOALS = 10          # good pairs in the manifest
ITEMS_PER_GOAL = 3  # targets/indicators kept after each goal line
HELPER = Path(__file__).resolve().parent / "batch_sigterm_helper.py"
# Bound of a wait for a subprocess (a hang guard, never an assertion on speed).
PROCESS_WAIT_SECONDS = 180


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


@pytest.fixture(scope="module")
def first_run(batch_inputs, tmp_path_factory):
    """The batch_inputs manifest run once on a 2-worker local cluster.

    ``out`` is the run's OUTDIR (the first test goes on with it); ``pristine`` a copy
    taken right after it (modes and times kept) that other tests copy and tamper with.
    """
    manifest, _ = batch_inputs
    base = tmp_path_factory.mktemp("first-run")
    umask = os.umask(0)
    os.umask(umask)
    out = base / "out"
    result = CliRunner().invoke(cli, ["batch", str(manifest), "-o", str(out), "--workers", "2", "--no-progress"])
    pristine = base / "pristine"
    shutil.copytree(out, pristine)
    return {"out": out, "pristine": pristine, "result": result, "umask": umask}


def _copy_run(first_run, dest: Path) -> Path:
    shutil.copytree(first_run["pristine"], dest)
    return dest


def _forbid_work(monkeypatch) -> None:
    """Make starting a cluster, running a pair or loading a model fail the test."""
    def forbidden(*args, **kwargs):
        raise AssertionError("no pair should have been run: a cluster or a model was asked for")

    for name in ("_run_on_dask", "process_pair", "worker_models", "_preloading_workers"):
        monkeypatch.setattr(batch, name, forbidden)
    import distributed

    monkeypatch.setattr(distributed, "LocalCluster", forbidden)
    monkeypatch.setattr(distributed, "Client", forbidden)


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


def test_batch_on_local_cluster_records_failures_merges_glossaries_and_resumes(batch_inputs, first_run,
                                                                                  dask_cluster):
    manifest, _ = batch_inputs
    out = first_run["out"]
    runner = CliRunner()
    first = first_run["result"]
    assert first.exit_code == 1, first.output          # some pairs failed, the batch still finished
    summary = read_summary(out / "summary.tsv")
    assert (out / "summary.tsv").read_text(encoding="utf-8").startswith("id\tstatus\t")     # header in row 1
    assert read_sidecar(out / "summary.tsv").params["pairs"] == GOALS + 3
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
        assert {"alignment.tsv.signature.json", "glossary.tsv.signature.json"} <= files
        assert not any(name.endswith(".part") for name in os.listdir(out))

    # Models are loaded once per worker (here once in the forkserver the workers are forked from):
    # the load counter of a worker does not grow with its tasks.
    records = [_done(out, p)["record"] for p in good["id"]]
    workers = {r["worker"] for r in records}
    assert 1 <= len(workers) <= 2
    assert {r["model_loads"] for r in records} == {3}          # encoder + fr + en pipelines

    # Corpus glossary: one per language pair, evidence summed over the pairs that saw an entry.
    corpus = out / corpus_glossary_name("fr", "en")
    from toolkit.batch import glossary_from_dict, read_pair_glossary
    from toolkit.export import read_glossary

    assert corpus.read_text(encoding="utf-8").startswith("fr\ten\t")        # header in row 1
    assert read_glossary(corpus).signature.params["pairs"] == GOALS        # from its sidecar

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
    # small.tsv lives in tmp_path, the pairs elsewhere: reading them needs --allow-outside
    result = CliRunner().invoke(cli, ["batch", str(small), "-o", str(out), "--scheduler", address,
                                      "--allow-outside", "--no-progress"])
    assert result.exit_code == 1, result.output + dask_cluster["log"].read_text()
    assert f"scheduler {address}" in result.output
    status = dict(zip(*(read_summary(out / "summary.tsv")[c] for c in ("id", "status"))))
    assert status == {"goal-01": OK, "goal-02": OK, "goal-03": OK, "goal-04": OK, "missing-target": FAILED}
    # The work ran in the separate worker process (no nanny: its pid is the one we started).
    pids = {_done(out, f"goal-0{g}")["record"]["worker"].rsplit(":", 1)[1] for g in (1, 2, 3, 4)}
    assert pids == {str(worker.pid)}
    assert (out / corpus_glossary_name("fr", "en")).is_file()
    assert dask_cluster["scheduler"].poll() is None and worker.poll() is None   # the cluster is left running


# --------------------------------------------------------------------------- manifest paths (issue 2)

def test_batch_help_says_paths_resolve_relative_to_the_manifest_and_names_allow_outside():
    result = CliRunner().invoke(cli, ["batch", "--help"])
    text = " ".join(result.output.split())
    assert result.exit_code == 0
    assert "Paths in a manifest resolve relative to the MANIFEST's folder" in text
    assert "--allow-outside" in text and "resolved absolute paths" in text


def _tree_with_bad_paths(tmp_path: Path) -> Path:
    """manifest folder m/ beside outside/; rows whose paths are unusable or escape m/."""
    outside, m = tmp_path / "outside", tmp_path / "m"
    (outside / "adir").mkdir(parents=True)
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (m / "docs").mkdir(parents=True)
    (m / "docs" / "en.txt").write_text("The General Assembly,\n\nDecides to act.\n", encoding="utf-8")
    (m / "adir").mkdir()
    (m / "bin.dat").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    (m / "empty.txt").write_text("\n \n", encoding="utf-8")
    (m / "link.txt").symlink_to(outside / "secret.txt")
    rows = [("up", "../outside/secret.txt"), ("abs", "/etc/passwd"), ("link", "link.txt"),
            ("folder", "adir"), ("binary", "bin.dat"), ("empty", "empty.txt")]
    (m / "manifest.tsv").write_text(
        "id\tsource\ttarget\tsource_lang\ttarget_lang\n"
        + "".join(f"{i}\t{src}\tdocs/en.txt\tfr\ten\n" for i, src in rows), encoding="utf-8")
    return m / "manifest.tsv"


def test_manifest_paths_outside_its_folder_fail_their_pair_and_are_never_read(tmp_path, monkeypatch):
    manifest = _tree_with_bad_paths(tmp_path)
    _forbid_work(monkeypatch)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(manifest), "-o", str(out), "--workers", "2", "--no-progress"])
    assert result.exit_code == 1, result.output
    table = read_summary(out / "summary.tsv")
    rows = {r["id"]: r for r in table.to_dict("records")}
    assert {r["status"] for r in rows.values()} == {FAILED}
    secret = os.path.realpath(tmp_path / "outside" / "secret.txt")
    for pair_id in ("up", "abs", "link"):
        assert "outside the manifest's folder" in rows[pair_id]["error"]
        assert "--allow-outside" in rows[pair_id]["error"]
    # the summary shows what each row resolved to: absolute, symlinks followed
    assert rows["up"]["source"] == secret and rows["link"]["source"] == secret
    assert rows["abs"]["source"] == os.path.realpath("/etc/passwd")
    assert rows["up"]["target"] == os.path.realpath(manifest.parent / "docs" / "en.txt")
    assert not [p for p in out.iterdir() if p.is_dir()]     # no pair produced outputs


def test_inputs_that_are_not_regular_readable_text_files_fail_with_a_clear_reason(tmp_path, monkeypatch):
    manifest = _tree_with_bad_paths(tmp_path)
    _forbid_work(monkeypatch)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(manifest), "-o", str(out), "--workers", "2", "--no-progress"])
    assert result.exit_code == 1, result.output
    errors = dict(zip(*(read_summary(out / "summary.tsv")[c] for c in ("id", "error"))))
    assert errors["folder"].startswith("source path is a folder") and "adir" in errors["folder"]
    assert errors["binary"].startswith("source file is binary data, not text")
    assert errors["empty"].startswith("source file is empty")

    # with --allow-outside, outside paths are read, and still checked
    (tmp_path / "m" / "out-manifest.tsv").write_text(
        "id\tsource\ttarget\tsource_lang\ttarget_lang\n"
        f"device\t/dev/null\tdocs/en.txt\tfr\ten\n"
        f"outdir\t{tmp_path / 'outside' / 'adir'}\tdocs/en.txt\tfr\ten\n"
        f"missing\t../outside/nothing.txt\tdocs/en.txt\tfr\ten\n", encoding="utf-8")
    out2 = tmp_path / "out2"
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "m" / "out-manifest.tsv"), "-o", str(out2),
                                      "--allow-outside", "--workers", "2", "--no-progress"])
    assert result.exit_code == 1, result.output
    errors = dict(zip(*(read_summary(out2 / "summary.tsv")[c] for c in ("id", "error"))))
    assert "not a regular file" in errors["device"] and "/dev/null" in errors["device"]
    assert errors["outdir"].startswith("source path is a folder")
    assert errors["missing"] == f"source file not found: {os.path.realpath(tmp_path / 'outside' / 'nothing.txt')}"
    assert "outside" not in " ".join(errors.values()).replace(str(tmp_path / "outside"), "")


def test_read_manifest_allow_outside_keeps_outside_paths_and_resolves_them(tmp_path):
    manifest = _tree_with_bad_paths(tmp_path)
    pairs = {p.id: p for p in read_manifest(manifest, allow_outside=True)}
    assert pairs["up"].problem is None and pairs["link"].problem is None
    assert pairs["link"].source == os.path.realpath(tmp_path / "outside" / "secret.txt")
    refused = {p.id: p for p in read_manifest(manifest)}
    assert refused["up"].problem and refused["folder"].problem is None   # inside: left to the input check


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_input_fails_its_pair_with_the_reason(tmp_path):
    locked = tmp_path / "en.txt"
    locked.write_text("The General Assembly,\n", encoding="utf-8")
    locked.chmod(0)
    try:
        problem = batch.input_problem(Pair("p", str(locked), str(locked), "fr", "en"))
    finally:
        locked.chmod(0o644)
    assert problem == f"source file cannot be read: {locked} (Permission denied)"


# --------------------------------------------------------------------------- resume (issue 7)

def test_done_json_records_size_and_sha256_of_every_output(first_run):
    out = first_run["pristine"]
    done = _done(out, "goal-01")
    assert set(done["files"]) == set(done["outputs"]) and "alignment.tsv" in done["files"]
    for name, want in done["files"].items():
        data = (out / "goal-01" / name).read_bytes()
        assert want == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def test_resume_with_nothing_to_do_starts_no_cluster_and_loads_no_model(batch_inputs, first_run, tmp_path,
                                                                        monkeypatch):
    manifest, _ = batch_inputs
    out = _copy_run(first_run, tmp_path / "out")
    _forbid_work(monkeypatch)
    result = CliRunner().invoke(cli, ["batch", str(manifest), "-o", str(out), "--resume", "--workers", "2",
                                      "--no-progress"])
    assert result.exit_code == 1, result.output          # the 3 broken pairs still fail, visibly
    assert f"{GOALS} already complete, 3 failed" in result.output and "none (no pair left to run)" in result.output
    table = read_summary(out / "summary.tsv")
    status = dict(zip(table["id"], table["status"]))
    assert [k for k, v in status.items() if v == SKIPPED] == [f"goal-{g:02d}" for g in range(1, GOALS + 1)]
    errors = dict(zip(table["id"], table["error"]))
    assert "not found" in errors["missing-target"] and "empty" in errors["empty-source"]
    assert "binary" in errors["undecodable"]
    # the summary records the resolved paths that were read
    pairs = {p.id: p for p in read_manifest(manifest)}
    assert dict(zip(table["id"], table["source"]))["goal-01"] == pairs["goal-01"].source
    assert os.path.isabs(pairs["goal-01"].source)


def test_check_completed_refuses_a_truncated_or_altered_output_and_says_why(batch_inputs, first_run, tmp_path):
    manifest, _ = batch_inputs
    out = _copy_run(first_run, tmp_path / "out")
    pairs = {p.id: p for p in read_manifest(manifest)}
    options = BatchOptions()
    assert check_completed(pairs["goal-01"], out, options)[0].status == SKIPPED
    (out / "goal-01" / "alignment.tsv").write_bytes(b"")
    record, why = check_completed(pairs["goal-01"], out, options)
    assert record is None and why.startswith("alignment.tsv is 0 bytes, done.json recorded ")
    gloss = out / "goal-02" / "glossary.tsv"
    data = bytearray(gloss.read_bytes())
    data[-2] = ord("X") if data[-2] != ord("X") else ord("Y")
    gloss.write_bytes(bytes(data))                   # same size, other bytes
    assert check_completed(pairs["goal-02"], out, options) == (
        None, "glossary.tsv changed (its SHA-256 differs from done.json)")
    (out / "goal-03" / "alignment.tmx").unlink()
    assert check_completed(pairs["goal-03"], out, options) == (None, "alignment.tmx is missing")
    done = _done(out, "goal-04")
    del done["files"]
    (out / "goal-04" / "done.json").write_text(json.dumps(done), encoding="utf-8")
    assert "no output sizes and checksums" in check_completed(pairs["goal-04"], out, options)[1]


def test_resume_redoes_a_pair_whose_output_was_truncated_and_says_so(batch_inputs, first_run, dask_cluster,
                                                                     tmp_path):
    manifest, _ = batch_inputs
    out = _copy_run(first_run, tmp_path / "out")
    (out / "goal-05" / "alignment.tsv").write_bytes(b"")
    result = CliRunner().invoke(cli, ["batch", str(manifest), "-o", str(out), "--resume",
                                      "--scheduler", dask_cluster["address"], "--no-progress"])
    assert result.exit_code == 1, result.output
    assert "goal-05: redone: alignment.tsv is 0 bytes" in result.output
    table = read_summary(out / "summary.tsv")
    status, notes = (dict(zip(table["id"], table[c])) for c in ("status", "note"))
    assert status["goal-05"] == OK and notes["goal-05"].startswith("redone: alignment.tsv is 0 bytes")
    assert [k for k, v in status.items() if v == SKIPPED] == [f"goal-{g:02d}" for g in range(1, GOALS + 1) if g != 5]
    assert not any(notes[k] for k in status if k != "goal-05")
    assert (out / "goal-05" / "alignment.tsv").stat().st_size > 0
    done = _done(out, "goal-05")
    assert done["files"]["alignment.tsv"]["bytes"] == (out / "goal-05" / "alignment.tsv").stat().st_size


# --------------------------------------------------------------------------- permissions (issue 16)

def test_pair_folders_follow_the_umask_not_0700(first_run):
    out = first_run["out"]
    expected = 0o777 & ~first_run["umask"]
    for pair_id in ("goal-01", "goal-02"):
        assert stat.S_IMODE((out / pair_id).stat().st_mode) == expected


def test_staging_folder_is_created_with_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        with staging_folder(tmp_path, "A-RES-1") as staging:
            mode = stat.S_IMODE(staging.stat().st_mode)
    finally:
        os.umask(old)
    assert mode == 0o750
    assert list(tmp_path.iterdir()) == []      # removed: the block did not commit it


# --------------------------------------------------------------------------- interruptions (issue 6)

def test_a_new_run_removes_staging_folders_left_by_a_crashed_one(batch_inputs, first_run, tmp_path, monkeypatch):
    manifest, _ = batch_inputs
    out = _copy_run(first_run, tmp_path / "out")
    (out / ".goal-01.ab12cd34.part").mkdir()
    (out / ".goal-01.ab12cd34.part" / "alignment.tsv").write_text("half", encoding="utf-8")
    (out / ".goal-07.x_9k2m4p.part").mkdir()                     # tempfile.mkdtemp's naming
    (out / ".summary.tsv.k2j4h5g6.part").write_text("half", encoding="utf-8")
    shutil.copytree(out / "goal-02", out / ".goal-02.old-1a2b3c4d")   # a commit that got that far...
    os.replace(out / "goal-03", out / ".goal-03.old-deadbeef")         # ... and one that stopped midway
    (out / ".keep").write_text("not ours", encoding="utf-8")
    _forbid_work(monkeypatch)
    result = CliRunner().invoke(cli, ["batch", str(manifest), "-o", str(out), "--resume", "--workers", "2",
                                      "--no-progress"])
    assert result.exit_code == 1, result.output
    assert "removed 4 staging folder(s) left by an interrupted run" in result.output
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".keep"]
    status = dict(zip(*(read_summary(out / "summary.tsv")[c] for c in ("id", "status"))))
    assert status["goal-03"] == SKIPPED                           # put back, complete: not redone


def test_sigterm_handler_is_installed_only_during_a_batch_and_restored(tmp_path, monkeypatch):
    seen = []
    real = batch.write_summary

    def spy(*args, **kwargs):
        seen.append(signal.getsignal(signal.SIGTERM))
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "write_summary", spy)
    pairs = [Pair("missing", str(tmp_path / "no.txt"), str(tmp_path / "no-either.txt"), "fr", "en")]
    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        run_batch(pairs, tmp_path / "a", workers=0, progress=False)
        assert callable(seen[-1]) and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL

        def mine(signum, frame):  # e.g. the CLI's: left alone
            pass

        signal.signal(signal.SIGTERM, mine)
        run_batch(pairs, tmp_path / "b", workers=0, progress=False)
        assert seen[-1] is mine and signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, previous)


def _single_pair_manifest(batch_inputs, tmp_path: Path) -> Path:
    manifest, root = batch_inputs
    good = [p for p in read_manifest(manifest) if p.id == "goal-01"]
    return write_manifest(good, root / f"single-{tmp_path.name}.tsv")


def _terminate_stalled_batch(args: list[str], entry: str, out: Path) -> subprocess.CompletedProcess:
    """Run the batch through the helper, SIGTERM it once a task stalls in its staging folder."""
    marker = out.parent / "stalled.marker"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, str(HELPER), entry, "batch", *args, "-o", str(out), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        deadline = time.monotonic() + PROCESS_WAIT_SECONDS
        while not marker.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                stdout, stderr = proc.communicate(timeout=30) if proc.poll() is not None else ("", "")
                pytest.fail(f"the batch never stalled in a staging folder (rc={proc.poll()}): {stdout}{stderr}")
            time.sleep(0.05)
        staging = Path(marker.read_text(encoding="utf-8"))
        assert staging.is_dir() and staging.parent == out
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=PROCESS_WAIT_SECONDS)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def _debris(out: Path) -> list[str]:
    return [str(p.relative_to(out)) for p in out.rglob("*") if p.name.endswith(".part") or p.name.startswith(".")]


def test_sigterm_during_an_in_process_batch_removes_its_staging_folder(batch_inputs, tmp_path):
    out = tmp_path / "out"
    done = _terminate_stalled_batch([str(_single_pair_manifest(batch_inputs, tmp_path)), "--workers", "0"],
                                    "cli", out)
    assert done.returncode == 143, done.stderr
    assert "terminated" in done.stderr and "Traceback" not in done.stderr
    assert _debris(out) == [] and not (out / "goal-01").exists()


def test_sigterm_during_a_dask_batch_removes_the_staging_folders_of_unfinished_pairs(batch_inputs, dask_cluster,
                                                                                     tmp_path):
    out = tmp_path / "out"
    done = _terminate_stalled_batch([str(_single_pair_manifest(batch_inputs, tmp_path)),
                                     "--scheduler", dask_cluster["address"]], "main", out)
    assert done.returncode not in (0, -signal.SIGTERM), done.stderr    # ended by the handler, not killed
    assert "terminated" in done.stderr and "Traceback" not in done.stderr
    assert _debris(out) == [] and not (out / "goal-01").exists()
    assert dask_cluster["worker"].poll() is None                       # the shared worker lives on


# --- --lang-code / --bom reach the per-pair outputs and the corpus glossary -------------------

@pytest.fixture()
def instant_pipeline(monkeypatch):
    """In-process pairs without models: the pipeline returns the export fixtures' alignment and glossary."""
    import copy

    import toolkit.pipeline
    from export_fixtures import un_alignment, un_glossary
    from toolkit.pipeline import PairResult

    monkeypatch.setattr(batch, "worker_models", lambda options, *langs: (None, None, None))
    monkeypatch.setattr(batch, "_forget_vectors", lambda encoder: None)
    monkeypatch.setattr(toolkit.pipeline, "run_documents", lambda src, tgt, **kw: PairResult(
        copy.deepcopy(un_alignment()), copy.deepcopy(un_glossary()), [], []))


def _one_pair_manifest(tmp_path) -> Path:
    (tmp_path / "p").mkdir()
    fr, en = tmp_path / "p" / "fr.txt", tmp_path / "p" / "en.txt"
    fr.write_text("Décide de rester saisie de la question.\n", encoding="utf-8")
    en.write_text("Decides to remain seized of the matter.\n", encoding="utf-8")
    return write_manifest([Pair("p1", str(fr), str(en), "fr", "en")], tmp_path / "manifest.tsv")


def test_batch_writes_the_chosen_language_codes_and_a_bom(tmp_path, instant_pipeline):
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["batch", str(_one_pair_manifest(tmp_path)), "-o", str(out), "--workers", "0",
                                   "--no-progress", "--lang-code", "en=en-GB", "--bom"])
    assert res.exit_code == 0, res.output
    bom = "\ufeff"
    assert 'xml:lang="en-GB"' in (out / "p1" / "alignment.tmx").read_text(encoding="utf-8")
    assert (out / "p1" / "alignment.tsv").read_text(encoding="utf-8").startswith(bom + "bead\tsrc_ids\ttgt_ids")
    glossary = (out / "p1" / "glossary.tsv").read_text(encoding="utf-8")
    assert glossary.startswith(bom + "fr\ten-GB\t")
    corpus = out / corpus_glossary_name("fr", "en")
    assert corpus.read_text(encoding="utf-8").startswith(bom) and "en-GB" in corpus.read_text(encoding="utf-8")
    assert 'xml:lang="en-GB"' in corpus.with_suffix(".tbx").read_text(encoding="utf-8")


def test_resume_redoes_pairs_when_lang_code_or_bom_change_and_keeps_them_otherwise(tmp_path, instant_pipeline):
    manifest, out = str(_one_pair_manifest(tmp_path)), tmp_path / "out"
    base = ["batch", manifest, "-o", str(out), "--workers", "0", "--no-progress"]
    assert CliRunner().invoke(cli, [*base, "--lang-code", "en=en-GB"]).exit_code == 0
    same = CliRunner().invoke(cli, [*base, "--resume", "--lang-code", "en=en-GB"])
    assert same.exit_code == 0 and "1 already complete" in same.output, same.output
    other = CliRunner().invoke(cli, [*base, "--resume"])
    assert other.exit_code == 0 and "1 done" in other.output, other.output
    assert "--lang-code, --bom, --comment-header) changed" in other.output
    assert 'xml:lang="en-GB"' not in (out / "p1" / "alignment.tmx").read_text(encoding="utf-8")


def test_batch_options_without_lang_codes_or_bom_keep_the_old_fingerprint():
    # done.json files written before --lang-code/--bom/--comment-header existed stay valid for --resume
    assert set(BatchOptions(model="usem3").fingerprint()) == {"toolkit", "model", "level"}
    assert BatchOptions(model="usem3", comment_header=True).fingerprint()["comment_header"] is True


def test_done_json_lists_the_signature_sidecars_and_resume_redoes_a_pair_that_lost_one(tmp_path,
                                                                                        instant_pipeline):
    manifest, out = str(_one_pair_manifest(tmp_path)), tmp_path / "out"
    base = ["batch", manifest, "-o", str(out), "--workers", "0", "--no-progress"]
    assert CliRunner().invoke(cli, base).exit_code == 0
    done = _done(out, "p1")
    sidecars = {"alignment.tsv.signature.json", "glossary.tsv.signature.json",
                "terms.source.fr.tsv.signature.json", "terms.target.en.tsv.signature.json"}
    assert sidecars <= set(done["outputs"]) and set(done["files"]) == set(done["outputs"])
    assert {p.name for p in (out / "p1").iterdir()} == {*done["outputs"], "done.json"}
    assert (out / "summary.tsv.signature.json").is_file()
    assert read_summary(out / "summary.tsv")["id"].tolist() == ["p1"]
    (out / "p1" / "glossary.tsv.signature.json").unlink()
    again = CliRunner().invoke(cli, [*base, "--resume"])
    assert again.exit_code == 0 and "1 done" in again.output, again.output
    assert "glossary.tsv.signature.json is missing" in again.output
    assert (out / "p1" / "glossary.tsv.signature.json").is_file()


def test_batch_with_comment_header_writes_signature_lines_and_no_sidecars(tmp_path, instant_pipeline):
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["batch", str(_one_pair_manifest(tmp_path)), "-o", str(out), "--workers", "0",
                                   "--no-progress", "--comment-header", "--bom"])
    assert res.exit_code == 0, res.output
    assert not list(out.rglob("*.signature.json"))
    for path in (out / "p1" / "alignment.tsv", out / "p1" / "glossary.tsv", out / "p1" / "terms.source.fr.tsv",
                 out / "summary.tsv", out / corpus_glossary_name("fr", "en")):
        assert path.read_text(encoding="utf-8").lstrip("\ufeff").startswith("# signature: "), path.name
    assert read_summary(out / "summary.tsv")["status"].tolist() == [OK]
    assert _done(out, "p1")["settings"]["comment_header"] is True


# --- the package layout ------------------------------------------------------------------------

def test_the_package_exports_its_public_api_and_the_replaceable_steps():
    for name in batch.__all__:
        assert getattr(batch, name) is not None, name
    for name in ("process_pair", "worker_models", "_forget_vectors", "_run_on_dask", "_preloading_workers",
                 "write_summary"):
        assert callable(getattr(batch, name)), name
    assert batch.PRELOAD_MODULE == batch.__name__ == "toolkit.batch"     # what the forkserver imports


def test_nothing_in_batch_reaches_into_the_encoder_or_the_embedder():
    import re

    folder = Path(batch.__file__).parent
    private = re.compile(r"\._backend\b|\._memo\b|\._use\b|\._listeners\b|\.encode\s*=|_batch_timed|"
                         r"set_num_threads|import torch")
    touching = {path.name for path in folder.glob("*.py") if private.search(path.read_text(encoding="utf-8"))}
    assert touching == set()          # batch uses the Embedder's public hooks (encoder_hooks.py)


def test_encoder_hooks_go_through_the_embedder(monkeypatch):
    """Threads, timing and memo of a worker's encoder reach the Embedder's public hooks."""
    import numpy as np

    from toolkit.batch import encoder_hooks as hooks
    from toolkit.embed import get_embedder

    class Model:
        threads = None

        def encode(self, texts, **kwargs):
            return np.ones((len(texts), 3), dtype=np.float32) / np.sqrt(3)

        def get_embedding_dimension(self):
            return 3

    model = Model()
    emb = get_embedder(model)
    emb.cache = None
    set_to = []
    monkeypatch.setattr(emb, "set_threads", set_to.append)
    hooks._limit_encoder_threads(model, 1)
    hooks._limit_encoder_threads(model, None)          # no limit: nothing set
    assert set_to == [1]
    hooks._time_encoder(model)
    hooks._time_encoder(model)                         # once per process, however often asked
    hooks._ENCODE.calls = []
    try:
        emb.embed(["a", "b"])
        calls = hooks._ENCODE.calls
    finally:
        hooks._ENCODE.calls = None
    assert [n for _, _, n in calls] == [2]
    assert emb.cache_size == 2
    hooks._forget_vectors(model)
    assert emb.cache_size == 0
