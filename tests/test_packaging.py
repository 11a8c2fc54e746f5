"""The distribution as the package index gets it: built, checked by twine, and run from a venv of its own."""

from __future__ import annotations

import collections
import email.parser
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

import perflint
from tests.test_readme import section

PROJECT = Path(__file__).resolve().parent.parent
NAME = "perflint-web"  # `perflint` on the package index is somebody else's project
SCRIPTS = "Scripts" if os.name == "nt" else "bin"

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("build") is None or importlib.util.find_spec("twine") is None,
        reason="build and twine are not installed: pip install -e '.[test]'",
    ),
    pytest.mark.skipif(not (PROJECT / ".git").exists(), reason="needs a git checkout to know the sources"),
]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command in a plain environment: nothing on PYTHONPATH, no CI settings, no colour."""
    env = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "GITHUB_ACTIONS"}}
    env["NO_COLOR"] = "1"
    return subprocess.run([str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def sources(tmp: Path) -> Path:
    """Copy the files git has or would add (no venv, build output or caches), as a release is built from."""
    listed = run("git", "-C", PROJECT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout
    copy = tmp / "source"
    for name in filter(None, listed.split("\0")):
        if (PROJECT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, copy / name)
    return copy


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sources(tmp_path_factory.mktemp("packaging"))


@pytest.fixture(scope="module")
def dist(source: Path) -> Path:
    """`python -m build`: the sdist, then the wheel built from the sdist."""
    out = source.parent / "dist"
    built = run(sys.executable, "-m", "build", "--outdir", out, source)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    (path,) = dist.glob("*.whl")
    return path


@pytest.fixture(scope="module")
def sdist(dist: Path) -> Path:
    (path,) = dist.glob("*.tar.gz")
    return path


def package_files(source: Path) -> set[str]:
    """Every file of the import package, Python or not: all of them belong in the wheel."""
    return {
        path.relative_to(source).as_posix()
        for path in (source / "perflint").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_file_names_are_the_distributions(wheel: Path, sdist: Path) -> None:
    assert wheel.name == f"perflint_web-{perflint.__version__}-py3-none-any.whl"
    assert sdist.name == f"perflint_web-{perflint.__version__}.tar.gz"


def test_twine_check_passes(dist: Path) -> None:
    checked = run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2, checked.stdout


def test_wheel_metadata(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        info = f"perflint_web-{perflint.__version__}.dist-info"
        metadata = email.parser.Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert metadata["Name"] == NAME == getattr(perflint, "DISTRIBUTION", NAME)
    assert metadata["Version"] == perflint.__version__
    assert metadata["Requires-Python"] == ">=3.10"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert "pipx install perflint-web" in metadata.get_payload()  # the README is the project's page
    urls = dict(entry.split(", ", 1) for entry in metadata.get_all("Project-URL"))
    assert set(urls) == {"Homepage", "Documentation", "Source", "Changelog", "Issues"}
    assert urls["Documentation"].endswith("/docs/rules")
    requirements = {re.split(r"[<>=;\[ ]", requirement)[0].lower() for requirement in metadata.get_all("Requires-Dist")}
    assert {"click", "pillow", "numpy", "numba", "pyoxipng", "tinycss2"} <= requirements
    assert {"pytest-xdist", "build", "twine"} <= requirements  # the test extra
    assert re.search(r"^perflint = perflint\.cli:main$", entry_points, re.MULTILINE)


def test_wheel_holds_the_whole_package_and_nothing_else(wheel: Path, source: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert package_files(source) <= names, sorted(package_files(source) - names)
    assert "perflint/htmlreport/assets.py" in names  # the HTML report's stylesheet and script
    assert {name.split("/")[0] for name in names} == {"perflint", f"perflint_web-{perflint.__version__}.dist-info"}


def test_sdist_holds_what_a_build_needs(sdist: Path, source: Path) -> None:
    top = f"perflint_web-{perflint.__version__}"
    with tarfile.open(sdist) as archive:
        names = {name.removeprefix(f"{top}/") for name in archive.getnames()}
    assert {"pyproject.toml", "README.md", "PKG-INFO"} <= names
    assert package_files(source) <= names, sorted(package_files(source) - names)


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed, and nothing of the checkout.

    The venv reuses the test environment's installed dependencies through a .pth file listing
    its site-packages (quick, and no package index needed). A folder listed in a .pth file is
    only added to sys.path: the .pth files inside it, such as the one that loads the editable
    install's finder, are not run, so `import perflint` can only find the installed wheel.
    """
    venv = tmp_path_factory.mktemp("venv") / "venv"
    created = run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert created.returncode == 0, created.stderr
    python = venv / SCRIPTS / ("python.exe" if os.name == "nt" else "python")
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (purelib / "test-environment.pth").write_text("".join(f"{path}\n" for path in ours), encoding="utf-8")
    installed = run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return venv


def test_installed_wheel_imports_from_its_venv(venv: Path, tmp_path: Path) -> None:
    python = venv / SCRIPTS / ("python.exe" if os.name == "nt" else "python")
    program = (
        "import importlib.metadata, perflint; print(perflint.__file__, importlib.metadata.version('perflint-web'))"
    )
    shown = run(python, "-c", program, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    path, version = shown.stdout.split()
    assert Path(path).resolve().is_relative_to(venv.resolve()), path
    assert version == perflint.__version__
    assert run(venv / SCRIPTS / "perflint", "--version", cwd=tmp_path).stdout.strip() == (
        f"perflint, version {perflint.__version__}"
    )


def test_installed_wheel_checks_the_demo_site(venv: Path, tmp_path: Path) -> None:
    """The README's first command, with the installed wheel, run outside the checkout."""
    shutil.copytree(PROJECT / "examples" / "demo-site", tmp_path / "examples" / "demo-site")
    result = run(venv / SCRIPTS / "perflint", "check", "examples/demo-site", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    shown = re.search(r"The first command prints:\n\n```text\n(.*?)^```$", section("Quick start"), re.M | re.S)
    assert shown

    def findings(text: str) -> collections.Counter[tuple[str, str]]:
        return collections.Counter(re.findall(r"^(\S+?)(?::\d+:\d+)? ([A-Z]+\d{3}) ", text, re.MULTILINE))

    assert findings(result.stdout) == findings(shown.group(1)), result.stdout
    assert result.stdout.strip().splitlines()[-1] == shown.group(1).strip().splitlines()[-1]  # the summary
