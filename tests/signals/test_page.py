"""page: cases in tests/cases/page.json."""

import pytest

from tests.casefile import check_case, load_cases


@pytest.mark.parametrize("case", load_cases("page"))
def test_page_cases(case):
    check_case(case)
