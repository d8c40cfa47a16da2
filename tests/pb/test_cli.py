import json
import subprocess
import sys

from meedoen.pb.cli import main

from .conftest import pb_file


def test_count_text(capsys):
    assert main(["count", str(pb_file("Netherlands_Assen_2024.pb")), "--rule", "greedy"]) == 0
    out = capsys.readouterr().out
    assert "Selected" in out and "did not fit" in out


def test_count_json_defaults_to_meta_rule(capsys):
    path = str(pb_file("Poland_Wroclaw_2016_Rejon_nr_11_750.pb"))
    assert main(["count", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rule"] == "greedy-no-skip"
    assert data["selected"] == ["644"]
    assert data["budget_used"] == 650000
    assert (
        set(data["projects"]) == {"644", "323", "673", "486", "720"} or len(data["projects"]) == 5
    )


def test_count_mes_options(capsys):
    path = str(pb_file("Netherlands_Assen_2024.pb"))
    args = ["count", path, "--rule", "mes", "--completion", "greedy", "--comparison", "--json"]
    assert main(args + ["--tie-break", "lottery", "--seed", "7"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rule"] == "mes/greedy-comparison" and data["seed"] == 7
    assert data["projects"]["3"]["selected"] is True


def test_errors_exit_2(tmp_path, capsys):
    assert main(["count", str(tmp_path / "missing.pb")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err
    bad = tmp_path / "bad.pb"
    bad.write_text(
        "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;x\nVOTES\nvoter_id;vote\n"
    )
    assert main(["count", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 6" in err and err.count("\n") == 1
    assert main(["count", str(pb_file("Netherlands_Amsterdam_604.pb"))]) == 2
    assert main(["count", str(pb_file("Netherlands_Amsterdam_604.pb")), "--lenient"]) == 0
    assert main(["count", str(pb_file("Netherlands_Assen_2024.pb")), "--tie-break", "lottery"]) == 2


def test_subprocess_entry_point():
    path = str(pb_file("Netherlands_Amsterdam_643.pb"))
    proc = subprocess.run(
        [sys.executable, "-m", "meedoen.pb.cli", "count", path, "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rule"] == "greedy"
    proc = subprocess.run(
        [sys.executable, "-m", "meedoen.pb.cli", "count", "/nonexistent.pb"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2 and proc.stderr.startswith("meedoen-pb: error:")
