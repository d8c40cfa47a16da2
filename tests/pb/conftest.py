from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "pabulib"


def pb_file(name: str) -> Path:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path
