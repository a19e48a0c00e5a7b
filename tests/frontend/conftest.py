"""The guide's fixtures (a seeded, analysed challenge and its panel) for the page tests."""

from tests.guide.conftest import analysed, ed, mo, pat, pia, seeded  # noqa: F401
