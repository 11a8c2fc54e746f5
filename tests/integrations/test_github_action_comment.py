"""The pull-request comment: posted once, then updated in place; never from a fork; never a failed job."""

from __future__ import annotations

from tests.imagefactory import jpeg_bytes, photo
from tests.integrations.actionrun import PULL_NUMBER, REPOSITORY, Clone, run_action
from tests.integrations.stubapi import StubGitHub

COMMENTS = f"/repos/{REPOSITORY}/issues/{PULL_NUMBER}/comments"


def test_comment_is_posted_then_updated_in_place(pull_request: Clone, github: StubGitHub) -> None:
    pull_request.commit({"img/team.jpg": jpeg_bytes(photo(120, 80), gps=True)}, "team photo")
    first = run_action(pull_request, api=github.url)
    assert first.returncode == 0, first.stdout
    assert [(r.method, r.path) for r in github.requests] == [
        ("GET", f"{COMMENTS}?per_page=100&page=1"),
        ("POST", COMMENTS),
    ]
    posted = github.requests[1]
    assert posted.authorization == "Bearer token-for-tests"
    assert posted.body is not None
    body = posted.body["body"]
    assert body.startswith("<!-- perflint -->\n## :x: perflint:")
    assert "IMG103 [image-metadata]" in body  # the findings
    assert "| File | Before | After | Saved |" in body and "| `img/team.jpg` |" in body  # the fixes on offer
    assert body.endswith("[Details in the job summary](https://github.com/acme/site/actions/runs/4242)")

    github.requests.clear()
    run_action(pull_request, api=github.url)
    (comment_id,) = github.comments
    assert [(r.method, r.path) for r in github.requests] == [
        ("GET", f"{COMMENTS}?per_page=100&page=1"),
        ("PATCH", f"/repos/{REPOSITORY}/issues/comments/{comment_id}"),
    ]


def test_fork_pull_request_makes_no_api_call(pull_request: Clone, github: StubGitHub) -> None:
    run = run_action(pull_request, api=github.url, head_repo="someone/site-fork")
    assert github.requests == []
    assert run.summary.startswith("## :x: perflint")  # the job summary still tells


def test_comment_off_makes_no_api_call(pull_request: Clone, github: StubGitHub) -> None:
    run_action(pull_request, api=github.url, comment="false")
    assert github.requests == []


def test_clean_run_posts_no_new_comment(pull_request: Clone, github: StubGitHub) -> None:
    run = run_action(pull_request, api=github.url, args="--select FILE102")  # lfs-pointer: nothing here
    assert run.outputs["errors"] == "0"
    assert [r.method for r in github.requests] == ["GET"]


def test_refused_comment_is_a_warning_not_a_failure(pull_request: Clone, github: StubGitHub) -> None:
    github.refuse = 403
    run = run_action(pull_request, api=github.url)
    assert run.returncode == 0
    assert "::warning title=perflint::could not comment on the pull request: HTTP Error 403" in run.stdout
    assert "pull-requests: write" in run.stdout
    assert run.outputs["failed"] == "true"  # the verdict is the check's, whatever the API says
