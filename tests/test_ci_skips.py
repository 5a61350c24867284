"""On CI a test skipped for want of the browser, ../shared or the LLM server fails, naming what was missing."""
from __future__ import annotations

import pytest

SUITE = '''
import pytest

@pytest.fixture
def browser():
    pytest.skip("chromium is not on PATH")

@pytest.mark.e2e
def test_in_the_browser(browser):
    pass

@pytest.mark.corpus
@pytest.mark.skipif(True, reason="../shared/corpus not found")
def test_on_the_corpus():
    pass

@pytest.mark.llm
def test_with_the_llm():
    pytest.skip("no llama.cpp server")

def test_skipped_for_another_reason():
    pytest.skip("not on this platform")

@pytest.mark.corpus
@pytest.mark.xfail(reason="known gap", run=False)
def test_expected_to_fail():
    pass
'''


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    """A small suite using the requirement markers, run with this repo's hook (and markers)."""
    pytester.makeconftest("from tests.conftest import pytest_runtest_makereport  # noqa: F401")
    pytester.makeini("[pytest]\nmarkers =\n    e2e: browser\n    corpus: shared\n    llm: server\n")
    pytester.makepyfile(SUITE)
    return pytester


def test_on_ci_a_skip_for_a_missing_requirement_fails_and_names_it(suite, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = suite.runpytest("-rA")
    result.assert_outcomes(errors=2, failed=1, skipped=1, xfailed=1)
    result.stdout.fnmatch_lines([
        "*test_in_the_browser*needs a headless Chromium (`chromium` on PATH) (marker `e2e`)*chromium is not on PATH*",
        "*test_on_the_corpus*needs ../shared (law texts and benchmarks) (marker `corpus`)*corpus not found*",
        "*test_with_the_llm*needs the llama.cpp server (marker `llm`)*no llama.cpp server*",
    ])


def test_off_ci_the_same_skips_stay_skips(suite, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    suite.runpytest().assert_outcomes(skipped=4, xfailed=1)
    monkeypatch.setenv("CI", "false")
    suite.runpytest().assert_outcomes(skipped=4, xfailed=1)
