from pathlib import Path

from kzgov import paths


def test_display_path_is_relative_to_the_project(monkeypatch):
    monkeypatch.delenv("KZGOV_PROCESSED_DIR", raising=False)
    assert paths.display_path(paths.raw_dir() / "paper" / "claims.csv") == "data/raw/paper/claims.csv"
    assert paths.display_path("/nonexistent/elsewhere.csv") == "/nonexistent/elsewhere.csv"


def test_display_path_hides_where_outputs_are_staged(monkeypatch, tmp_path: Path):
    staged = tmp_path / "staging" / "processed"
    monkeypatch.setenv("KZGOV_PROCESSED_DIR", str(staged))
    monkeypatch.setenv("KZGOV_REPORTS_DIR", str(tmp_path / "rep"))
    assert paths.display_path(staged / "x" / "y.csv") == "data/processed/x/y.csv"
    assert paths.display_path(tmp_path / "rep" / "a.html") == "reports/a.html"
    assert paths.processed_dir() == staged
