"""Every output format the command line offers has a reporter module, and only those are loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from perflint.reporters import FORMATS, renderer


@pytest.mark.parametrize("output_format", FORMATS)
def test_each_format_has_a_render_function(output_format: str) -> None:
    assert callable(renderer(output_format))


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="fixes"):
        renderer("fixes")


def test_a_text_check_imports_no_other_reporter(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from perflint.cli import main\n"
        "main(['check', '--no-config', '--format', 'text', '.'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('perflint.reporters.')))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "['perflint.reporters.text']"
