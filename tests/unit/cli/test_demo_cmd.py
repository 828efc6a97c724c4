from __future__ import annotations

import json
from pathlib import Path

from jagdesk.cli import main


def test_demo_command_builds_then_refuses_then_replaces(tmp_path: Path, capsys) -> None:
    target = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(target), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["counts"]["wards"] == 21
    assert summary["counts"]["hotspots"] >= 6

    assert main(["demo", "--db", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err

    assert main(["demo", "--db", str(target), "--replace"]) == 0
    out = capsys.readouterr().out
    assert "hotspots: " in out
    assert main(["check", "--db", str(target)]) == 0
