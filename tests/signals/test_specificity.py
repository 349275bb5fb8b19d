"""specificity: cases in tests/cases/specificity.json."""

import pytest

from tests.casefile import check_case, load_cases


@pytest.mark.parametrize("case", load_cases("specificity"))
def test_specificity_cases(case):
    check_case(case)
