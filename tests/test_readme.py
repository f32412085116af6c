"""The README's first lines stay true: CI runs exactly its test command."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command():
    lines = (ROOT / "README.md").read_text().splitlines()
    commands = [line for line in lines[:6] if line.startswith("python3 -m venv")]
    assert len(commands) == 2
    demo, tests = commands
    assert demo.endswith("coach demo") and "pytest" in tests
    assert tests in (ROOT / ".ci" / "run").read_text()
