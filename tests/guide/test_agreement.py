"""Krippendorff's alpha against the worked examples published with the method."""

import pytest

from guide.agreement import krippendorff_alpha

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E: four
# observers, twelve units, values 1-5, some missing.
FOUR_OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
# The same paper's three coders on fifteen units (also the example of the `krippendorff`
# package's documentation).
THREE_CODERS = [
    [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
    [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
    [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
]


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_the_four_observer_example(level, published):
    assert krippendorff_alpha(FOUR_OBSERVERS, level) == pytest.approx(published, abs=5e-4)


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.691), ("interval", 0.811)])
def test_the_three_coder_example(level, published):
    assert krippendorff_alpha(THREE_CODERS, level) == pytest.approx(published, abs=5e-4)


def test_perfect_agreement_is_one_and_systematic_disagreement_is_below_zero():
    assert krippendorff_alpha([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]) == pytest.approx(1.0)
    assert krippendorff_alpha([[1, 5, 1, 5], [5, 1, 5, 1]]) < 0


def test_nothing_to_compare_gives_none_not_an_error():
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([[3, N], [N, 4]]) is None  # no unit has two values
    assert krippendorff_alpha([[3, 3], [3, 3]]) is None  # one value: chance cannot be told
    with pytest.raises(ValueError):
        krippendorff_alpha([[1, 2], [2, 1]], "cardinal")
