"""tone: cases in tests/cases/tone.json."""

import pytest

from tests.casefile import check_case, load_cases


@pytest.mark.parametrize("case", load_cases("tone"))
def test_tone_cases(case):
    check_case(case)
