import json

from meedoen.sortition.cli import main


def test_leximin_json_has_required_keys(small20, capsys):
    _, _, d = small20
    assert (
        main(
            [
                "leximin",
                str(d / "categories.csv"),
                str(d / "respondents.csv"),
                "--panel-size",
                "20",
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    for key in ("probabilities", "min_probability", "gini", "seconds"):
        assert key in out
    assert len(out["probabilities"]) == 200
    assert abs(out["min_probability"] - 0.1) < 1e-4


def test_leximin_text_output(small20, capsys):
    _, _, d = small20
    main(["leximin", str(d / "categories.csv"), str(d / "respondents.csv"), "-k", "20"])
    out = capsys.readouterr().out
    assert "minimum probability\t0.100000" in out and "gini coefficient" in out and "seconds" in out


def test_draw_then_verify(small20, tmp_path, capsys):
    _, _, d = small20
    cats, resp = str(d / "categories.csv"), str(d / "respondents.csv")
    out = tmp_path / "draw.json"
    assert main(["draw", cats, resp, "-k", "20", "--seed", "12 5 33", "--out", str(out)]) == 0
    record = json.loads(out.read_text())
    assert record["inputs"]["respondents"]["sha256"] and record["seed"] == "12 5 33"
    capsys.readouterr()
    assert main(["verify", str(out), cats, resp]) == 0
    assert capsys.readouterr().out.strip() == "match"
    record["seed"] = "12 5 34"
    out.write_text(json.dumps(record))
    assert main(["verify", str(out), cats, resp]) == 1
    assert capsys.readouterr().out.startswith("mismatch")


def test_stage1_and_verify(tmp_path, capsys):
    pop = tmp_path / "pop.csv"
    rows = ["id,address,birth_year,sex,district"] + [
        f"p{i},A{i // 2},{1950 + i % 60},v,Noord" for i in range(200)
    ]
    pop.write_text("\n".join(rows) + "\n")
    record = tmp_path / "s1.json"
    args = [
        "stage1",
        str(pop),
        "--invitations",
        "10",
        "--seed",
        "99",
        "--out",
        str(record),
        "--json",
    ]
    assert main(args) == 0
    assert len(json.loads(capsys.readouterr().out)["invited"]) == 10
    assert main(["verify", str(record), str(pop)]) == 0
    pop.write_text("\n".join(rows[:-1]) + "\n")
    assert main(["verify", str(record), str(pop)]) == 1


def test_errors_exit_2_with_one_line(tmp_path, capsys):
    cats = tmp_path / "c.csv"
    cats.write_text("category,feature,min,max\ng,a,1,x\n")
    resp = tmp_path / "r.csv"
    resp.write_text("g\na\n")
    assert main(["leximin", str(cats), str(resp), "-k", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "c.csv:2" in err and "whole number" in err


def test_infeasible_exit_2(tmp_path, capsys):
    cats = tmp_path / "c.csv"
    cats.write_text("category,feature,min,max\ng,a,3,5\ng,b,0,5\n")
    resp = tmp_path / "r.csv"
    resp.write_text("g\na\nb\nb\nb\n")
    assert main(["leximin", str(cats), str(resp), "-k", "3"]) == 2
    assert "min for g=a must drop from 3 to 1" in capsys.readouterr().err
