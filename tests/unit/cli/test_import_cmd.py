from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jagdesk.cli import main
from jagdesk.cli.common import EXIT_REJECTED
from jagdesk.resources import path as resource_path

DATA = Path(__file__).resolve().parents[2] / "data" / "policeuk"
GOOD = DATA / "good"
BAD = DATA / "bad"
OTHER = DATA / "other"
WARDS = resource_path("data", "boundaries", "leicester-wards-2019.geojson")


def test_policeuk_json_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "jag.sqlite"
    assert main(["import", "policeuk", "--db", str(db), str(GOOD), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["rows_read"], summary["stored"], summary["replaced"],
            summary["no_location"], summary["rejected"]) == (9, 9, 0, 3, [])
    assert [f["month"] for f in summary["files"]] == ["2021-01", "2021-02"]

    assert main(["import", "policeuk", "--db", str(db), str(GOOD), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["replaced"] == 9
    assert main(["check", "--db", str(db)]) == 0


def test_policeuk_rejection_exit_status_and_text(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "jag.sqlite"
    status = main(["import", "policeuk", "--db", str(db), str(BAD / "malformed-line.csv"),
                   str(GOOD / "2021-02-leicestershire-street.csv")])
    assert status == EXIT_REJECTED
    out = capsys.readouterr().out
    assert "malformed-line.csv, line 3: expected 12 fields, found 13" in out
    assert "1 of 2 file(s) imported" in out


def test_a_whole_download_imports_its_street_files_and_lists_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    download = tmp_path / "download"
    for folder in (GOOD, OTHER):
        for csv in folder.glob("*.csv"):
            (download / csv.name[:7]).mkdir(parents=True, exist_ok=True)
            (download / csv.name[:7] / csv.name).write_bytes(csv.read_bytes())
    db = tmp_path / "jag.sqlite"
    assert main(["import", "policeuk", "--db", str(db), str(download), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["ok"], summary["stored"], len(summary["files"])) == (True, 9, 2)
    assert sorted(Path(s["path"]).name for s in summary["skipped"]) == [
        "2021-01-leicestershire-outcomes.csv", "2021-01-leicestershire-stop-and-search.csv"]
    assert main(["import", "policeuk", "--db", str(db), str(download)]) == 0
    out = capsys.readouterr().out
    assert "2 other file(s) skipped: outcomes or stop and search" in out
    assert "skipped: " in out
    assert "outcomes data, not street-level crime" in out


def test_policeuk_json_lists_rejections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "jag.sqlite"
    status = main(["import", "policeuk", "--db", str(db), str(BAD / "bad-month.csv"), "--json"])
    assert status == EXIT_REJECTED
    rejected = json.loads(capsys.readouterr().out)["rejected"]
    assert len(rejected) == 1
    assert rejected[0]["path"].endswith("bad-month.csv")
    assert rejected[0]["line"] == 3
    assert "bad month" in rejected[0]["reason"]


def test_import_needs_a_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--db", str(tmp_path / "x.sqlite")])
    assert "KIND" in capsys.readouterr().err


def test_boundaries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "jag.sqlite"
    assert main(["import", "boundaries", "--db", str(db), "--kind", "ward", str(WARDS),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["added"] == 21
    assert main(["import", "boundaries", "--db", str(db), "--kind", "ward", str(WARDS)]) == 0
    assert "21 unchanged" in capsys.readouterr().out


def test_boundaries_bad_field_is_an_error(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "jag.sqlite"
    status = main(["import", "boundaries", "--db", str(db), "--kind", "ward",
                   "--code-field", "nope", str(WARDS)])
    assert status == 1
    assert "no field 'nope'" in capsys.readouterr().err


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    # As ``jagdesk import policeuk ... --json | head -1`` does: the pipe closes before the summary.
    child = subprocess.Popen(
        [sys.executable, "-m", "jagdesk", "import", "policeuk", "--db", str(tmp_path / "j.sqlite"),
         str(GOOD), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None
    child.stdout.close()
    _, err = child.communicate(timeout=120)
    assert child.returncode == 1
    assert b"Traceback" not in err
    assert b"BrokenPipe" not in err
