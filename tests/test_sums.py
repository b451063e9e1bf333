import pytest

from reportgen.sums import SumMismatch, checked_sum


def test_checked_sum():
    assert checked_sum([("외부", 9), ("區", 11), ("洞", 17), ("구 추진지원단", 3)], 40) == 40
    assert checked_sum([("a", 1)]) == 1
    with pytest.raises(SumMismatch, match=r"^attendee groups add up to 1,040 \(a 1,000 \+ b 40\), not the stated 1,041$"):
        checked_sum([("a", 1000), ("b", 40)], 1041, "attendee groups")
