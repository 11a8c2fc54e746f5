from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from perflint.documents.source import SourceFile
from perflint.pages import budget as budget_module
from perflint.pages.budget import (
    Budget,
    BudgetError,
    BudgetFile,
    page_url_path,
    parse_budgets,
    path_matches,
    read_budget_file,
    site_path,
)


@pytest.mark.parametrize(
    ("pattern", "url_path", "matches"),
    [
        # The cases of Lighthouse's Budget.urlMatchesPattern and the budget.json README.
        (None, "/anything/at/all.html", True),
        ("/", "/blog/", True),
        ("/*", "/", True),
        ("/blog", "/blog/", True),
        ("/blog", "/blogging.html", True),  # a plain path is a prefix
        ("/blog", "/about/blog/", False),
        ("/blog$", "/blog", True),
        ("/blog$", "/blog/", False),
        ("/blog/*", "/blog/post.html", True),
        ("/blog/*", "/blog/", True),  # * may match nothing
        ("/*.html", "/a/b.html", True),
        ("/*-article.html", "/news/big-article.html", True),
        ("/*-article.html", "/news/big-article.html.bak", True),  # without $, only "contains"
        ("/*-article.html$", "/news/big-article.html.bak", False),
        ("/uk/*/shopping-cart$", "/uk/london/shopping-cart", True),
        ("/uk/*/shopping-cart$", "/uk/london/shopping-cart/x", False),
        ("/uk/*/shopping-cart$", "/fr/paris/shopping-cart", False),
    ],
)
def test_path_matches_like_lighthouse(pattern: str | None, url_path: str, matches: bool) -> None:
    assert path_matches(pattern, url_path) is matches


@pytest.mark.parametrize(
    ("relative", "url_path"),
    [
        ("index.html", "/"),
        ("blog/index.html", "/blog/"),
        ("blog/post.html", "/blog/post.html"),
        ("blog/index.htm", "/blog/index.htm"),
        ("about us/café.html", "/about%20us/caf%C3%A9.html"),  # as the browser's URL spells it
    ],
)
def test_page_url_path(relative: str, url_path: str) -> None:
    assert page_url_path(relative) == url_path


def test_last_matching_budget_applies() -> None:
    text = json.dumps(
        [
            {"path": "/*", "resourceSizes": [{"resourceType": "total", "budget": 300}]},
            {"path": "/blog", "resourceSizes": [{"resourceType": "total", "budget": 200}]},
            {"path": "/shop$", "resourceSizes": [{"resourceType": "script", "budget": 1.5}]},
        ]
    )
    budgets = BudgetFile(parse_budgets(text))
    assert budgets.matching("/blog/post.html") == (2, Budget("/blog", {"total": 200 * 1024}))
    assert budgets.matching("/about.html") == (1, Budget("/*", {"total": 300 * 1024}))
    assert budgets.matching("/shop") == (3, Budget("/shop$", {"script": 1536}))
    assert BudgetFile((Budget("/blog", {}),)).matching("/") is None


def test_lighthouse_extras_are_accepted() -> None:
    text = json.dumps(
        [
            {
                "options": {"firstPartyHostnames": ["*.example.com"]},
                "resourceCounts": [{"resourceType": "third-party", "budget": 10}],
                "timings": [{"metric": "interactive", "budget": 3000}],
                "resourceSizes": [{"resourceType": "media", "budget": 0}],
            }
        ]
    )
    assert parse_budgets(text) == (Budget(None, {"media": 0}),)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "it is not valid JSON (Expecting value at line 1, column 1)"),
        ("[" * 100_000, "it is not valid JSON"),
        ("{}", "it must be a list of budgets"),
        ("[1]", "it must be a list of budgets"),
        ('[{"path": "blog"}]', 'budget #1: path "blog" must start with /'),
        ('[{}, {"path": 3}]', "budget #2: path 3 must start with /"),
        ('[{"path": "/a*b*"}]', "may hold at most one * and one $"),
        ('[{"path": "/a$b"}]', "may hold $ only at its end"),
        ('[{"paths": "/"}]', "budget #1 has unknown keys 'paths'"),
        ('[{"resourceSizes": {"total": 3}}]', "resourceSizes must be a list"),
        ('[{"resourceSizes": [{"resourceType": "total"}]}]', 'holds "resourceType" and "budget" only'),
        ('[{"resourceSizes": [{"resourceType": "js", "budget": 3}]}]', 'resourceType "js" is not one of total'),
        ('[{"resourceSizes": [{"resourceType": "total", "budget": true}]}]', "must be a number of KiB, got true"),
        ('[{"resourceSizes": [{"resourceType": "total", "budget": -1}]}]', "must be a number of KiB, got -1"),
        ('[{"resourceSizes": [{"resourceType": "total", "budget": NaN}]}]', "must be a number of KiB, got NaN"),
        ('[{"resourceSizes": [{"resourceType": "total", "budget": 1e400}]}]', "must be a number of KiB"),
        (
            '[{"resourceSizes": [{"resourceType": "font", "budget": 1}, {"resourceType": "font", "budget": 2}]}]',
            'resourceSizes lists "font" twice',
        ),
    ],
)
def test_invalid_budget_files_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(BudgetError) as error:
        parse_budgets(text)
    assert problem in str(error.value)
    assert "\n" not in str(error.value)


def test_budget_file_is_read_once_while_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "budget.json"
    path.write_text('[{"resourceSizes": [{"resourceType": "total", "budget": 100}]}]')
    parsed: list[str] = []
    real = budget_module.parse_budgets

    def counting(text: str) -> tuple[Budget, ...]:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(budget_module, "parse_budgets", counting)
    first = read_budget_file(tmp_path, "budget.json")
    assert read_budget_file(tmp_path, "budget.json") == first
    assert len(parsed) == 1
    path.write_text('[{"resourceSizes": [{"resourceType": "total", "budget": 200}]}]')
    os.utime(path, ns=(1, 1))
    assert read_budget_file(tmp_path, "budget.json").budgets == (Budget(None, {"total": 200 * 1024}),)
    assert len(parsed) == 2


def test_budget_files_outside_the_project_or_unreadable_are_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.json").write_text("[]")
    project = tmp_path / "project"
    project.mkdir()
    os.symlink(tmp_path / "outside.json", project / "link.json")
    (project / "huge.json").write_bytes(b" " * (budget_module.MAX_FILE_BYTES + 1))
    (project / "latin1.json").write_bytes(b'[{"path": "/caf\xe9"}]')
    assert "outside the project" in (read_budget_file(project, "../outside.json").error or "")
    assert "outside the project" in (read_budget_file(project, "link.json").error or "")
    assert "outside the project" in (read_budget_file(project, "/etc/passwd").error or "")
    assert "cannot be read" in (read_budget_file(project, "missing.json").error or "")
    assert "too large for a budget file" in (read_budget_file(project, "huge.json").error or "")
    assert read_budget_file(project, "latin1.json").error == "it is not UTF-8 text"


def test_site_path_is_the_config_folder_and_the_page_path_from_it(tmp_path: Path) -> None:
    page = tmp_path / "site" / "blog" / "index.html"
    assert site_path(SourceFile(page, "x", "blog/index.html", tmp_path)) == (tmp_path / "site", "blog/index.html")
    outside = SourceFile(page, "x", "../elsewhere/index.html", tmp_path)
    assert site_path(outside) == (tmp_path, "site/blog/index.html")
