"""The Python examples of docs/python.md and README.md give the output shown (doctest)."""
import doctest
import os
import pathlib
import re

import pytest

from conftest import SOURCE


@pytest.mark.parametrize("name", ["docs/python.md", "README.md"])
def test_the_examples_give_the_output_shown(name, monkeypatch):
    cli = os.environ.get("BREACHCLOCK_CLI")
    if not cli:
        pytest.skip("BREACHCLOCK_CLI is not set (ctest sets it)")
    monkeypatch.setenv("PATH", f"{pathlib.Path(cli).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("NO_COLOR", "1")
    # The ```pycon blocks, one after another in one namespace.
    blocks = re.findall(r"^```pycon\n(.*?)^```$", (SOURCE / name).read_text(encoding="utf-8"), re.S | re.M)
    text = "\n".join(blocks)
    test = doctest.DocTestParser().get_doctest(text, {}, name, str(SOURCE / name), 0)
    assert test.examples, f"{name} has no Python example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
