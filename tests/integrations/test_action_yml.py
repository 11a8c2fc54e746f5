"""action.yml and the README's workflow: every input reaches the script, caches stay in the workspace,
and the workflow users copy is valid and asks only for inputs the action declares."""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.integrations.actionrun import PROJECT

ACTION = yaml.safe_load((PROJECT / "action.yml").read_text())
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
SCRIPT_STEP = next(step for step in STEPS if step.get("id") == "perflint")


def expression(name: str) -> str:
    return "${{ " + name + " }}"


def ci_section() -> str:
    """Return the README's "Use it in CI" section."""
    readme = (PROJECT / "README.md").read_text()
    start = readme.index("\n## Use it in CI\n")
    return readme[start : readme.index("\n## ", start + 1)]


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


def action_steps(node: object) -> list[dict[str, Any]]:
    """Find every step of a workflow (or piece of one) that uses this action."""
    if isinstance(node, list):
        return [step for item in node for step in action_steps(item)]
    if not isinstance(node, dict):
        return []
    found = [node] if str(node.get("uses", "")).startswith("perflint/perflint@") else []
    return found + [step for value in node.values() for step in action_steps(value)]


def test_action_yml_passes_every_input_to_the_script() -> None:
    assert SCRIPT_STEP["run"] == 'python "$ACTION_PATH/hooks/github_action.py"'
    given = {key: value for key, value in SCRIPT_STEP["env"].items() if key.startswith("INPUT_")}
    names = {key.removeprefix("INPUT_").lower().replace("_", "-") for key in given}
    assert names == set(ACTION["inputs"]) - {"python-version"}  # that one picks the Python to run it
    for key, value in given.items():
        assert value == expression("inputs." + key.removeprefix("INPUT_").lower().replace("_", "-"))
    assert ACTION["inputs"]["github-token"]["default"] == "${{ github.token }}"
    assert "deprecationMessage" in ACTION["inputs"]["fail-on-error"]


def test_action_yml_outputs_come_from_the_script_step() -> None:
    for name, output in ACTION["outputs"].items():
        assert output["value"] == expression(f"steps.perflint.outputs.{name}")


def test_action_yml_caches_only_inside_the_workspace() -> None:
    """setup-python resolves cache-dependency-path only inside the workspace; the action's own files are not."""
    assert not [step for step in STEPS if "cache-dependency-path" in step.get("with", {})]
    setup = next(step for step in STEPS if str(step.get("uses", "")).startswith("actions/setup-python@"))
    assert "cache" not in setup.get("with", {})
    install = next(step for step in STEPS if step.get("name") == "Install perflint")
    assert '"$ACTION_PATH"' in install["run"]  # perflint comes from the action's own checkout
    (cache,) = [step for step in STEPS if str(step.get("uses", "")).startswith("actions/cache@")]
    options = cache["with"]
    assert options["path"] == "${{ inputs.working-directory }}/.perflint_cache"
    assert "runner.os" in options["key"] and options["key"].startswith(options["restore-keys"])
    assert options["key"] != options["restore-keys"]  # each run can save what it measured
    assert STEPS.index(install) < STEPS.index(cache) < STEPS.index(SCRIPT_STEP)


def test_action_yml_uploads_what_the_script_offers_before_failing() -> None:
    uploads = {step["with"]["name"]: step for step in STEPS if str(step.get("uses", "")).startswith("actions/upload")}
    assert uploads["perflint-fix"]["with"]["path"] == "${{ steps.perflint.outputs.fix-artifact }}"
    assert uploads["perflint-report"]["with"]["path"] == "${{ steps.perflint.outputs.report-file }}"
    fail = STEPS[-1]
    assert fail["if"] == "steps.perflint.outputs.failed == 'true'" and "exit 1" in fail["run"]


def test_readme_workflow_is_valid_and_uses_declared_inputs() -> None:
    section = ci_section()
    blocks = [yaml.safe_load(block) for block in yaml_blocks(section)]
    workflow = blocks[0]
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["contents"] == "write" and job["permissions"]["pull-requests"] == "write"
    steps = [step for block in blocks for step in action_steps(block)]
    assert steps and any(step in action_steps(workflow) for step in steps)
    for step in steps:
        assert set(step.get("with", {})) <= set(ACTION["inputs"])
    for name in ACTION["inputs"]:
        assert f"| `{name}` |" in section  # documented, one row each
    assert "pip install perflint\n" not in section and "pip install perflint-web" in section
