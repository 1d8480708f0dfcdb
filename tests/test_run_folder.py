"""Outputs that never mix runs: the output folder is replaced in one step, with a manifest;
a killed run leaves the previous one whole; pinned time gives byte-identical outputs."""

from __future__ import annotations

import hashlib
import json
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from tests import hostile_files as hf

from bhxh_comms.cli import main
from bhxh_comms.files import staged_folder
from bhxh_comms.render.manifest import MANIFEST

SIX_FORMATS = "json,csv,excel,bao-cao,cong-van,dashboard"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bao-cao")
    for code in hf.province_codes()[:6]:
        hf.valid_workbook(folder, code, rows=40)
    return folder


def _aggregate(inputs: Path, out: Path, *extra: str) -> list[str]:
    return ["aggregate", str(inputs), "--year", "2026", "--out", str(out), *extra]


def _check_whole(folder: Path) -> str:
    """The folder is one complete run: exactly the files its manifest lists, each with its
    hash, and each opens. Returns the run's generation time."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    assert present == set(listed), present ^ set(listed)
    for name, digest in listed.items():
        path = folder / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, name
        if path.suffix in (".xlsx", ".docx"):
            assert zipfile.ZipFile(path).testzip() is None
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
    return str(manifest["generated_at"])


def test_a_run_replaces_the_previous_one_whole(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "ket-qua"
    assert main([*_aggregate(inputs, out, "--format", "json,csv")]) == 0
    assert (out / "national.csv").is_file()
    _check_whole(out)
    assert main([*_aggregate(inputs, out, "--format", "json")]) == 0
    assert not (out / "national.csv").exists()  # a file of the earlier run this run did not write
    _check_whole(out)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert [i["path"] for i in manifest["inputs"]] == [str(inputs)] and manifest["renderers"]["json"].startswith(
        "bhxh_comms.render.builtin_renderers (bhxh-comms"
    )
    assert not [p for p in tmp_path.iterdir() if p.name != "ket-qua"]  # no staging folder left beside it


def test_a_folder_of_other_files_is_refused_without_force(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tai-lieu"
    out.mkdir()
    (out / "cong-van-cu.docx").write_bytes(b"not ours")
    assert main(_aggregate(inputs, out)) == 2
    assert "--force" in capsys.readouterr().err and (out / "cong-van-cu.docx").is_file()
    assert main([*_aggregate(inputs, out, "--force")]) == 0
    assert not (out / "cong-van-cu.docx").exists()


def test_a_file_name_option_must_stay_inside_the_folder(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "ket-qua"
    code = main([*_aggregate(inputs, out, "--format", "json,csv", "--option", "json.filename=../thoat.json")])
    assert code == 1 and not (tmp_path / "thoat.json").exists()
    assert (out / "national.csv").is_file() and not (out / "report.json").exists()


def test_pinned_time_gives_byte_identical_runs(inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    bad = hf.overflow_csv(tmp_path / "in")  # rejected rows: the rejects workbook is compared too
    runs = []
    for n in (1, 2):
        out = tmp_path / f"run-{n}"
        assert (
            main(["aggregate", str(inputs), str(bad), "--year", "2026", "--format", SIX_FORMATS, "--out", str(out)])
            == 1
        )
        runs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
        time.sleep(1.1)  # a clock that leaked into any output would now differ
    assert runs[0].keys() == runs[1].keys() and "dong-bi-loai.xlsx" in runs[0]
    different = [name for name in runs[0] if runs[0][name] != runs[1][name]]
    assert not different
    manifest = json.loads(runs[0][MANIFEST])
    assert manifest["generated_at"] == "2026-01-01T00:00:00+00:00"


def test_staging_is_removed_when_the_block_fails(tmp_path: Path) -> None:
    out = tmp_path / "ket-qua"
    out.mkdir()
    (out / "cu.txt").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), staged_folder(out) as folder:
        (folder / "moi.txt").write_text("new", encoding="utf-8")
        raise RuntimeError("renderer crashed")
    assert [p.name for p in tmp_path.iterdir()] == ["ket-qua"] and [p.name for p in out.iterdir()] == ["cu.txt"]


def test_killed_at_random_moments_the_folder_holds_one_whole_run(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "ket-qua"
    command = [sys.executable, "-m", "bhxh_comms", *_aggregate(inputs, out, "--format", SIX_FORMATS)]
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    full = time.perf_counter() - started
    rng = random.Random(12)
    for _ in range(10):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, full))
        process.send_signal(signal.SIGKILL)
        process.wait()
        _check_whole(out)
    # the next run cleans what the killed ones left beside the folder
    subprocess.run(command, capture_output=True, check=True)
    assert [p.name for p in tmp_path.iterdir()] == ["ket-qua"]
    _check_whole(out)
