import pytest

from tests.sortition.helpers import load_small20


@pytest.fixture
def small20():
    return load_small20()
