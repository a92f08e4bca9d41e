"""The hosted site's workflow (.github/workflows/site.yml): it cannot run here, so its YAML is
loaded and its steps are checked against .ci/run's native part and the README's test command."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def _workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text())
    # YAML 1.1 reads the key `on` as True
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_the_workflow_runs_the_readme_test_command_on_pull_requests() -> None:
    wf = _workflow()
    assert "pull_request" in wf["on"] and wf["on"]["push"]["branches"] == ["main"]
    steps = wf["jobs"]["test"]["steps"]
    uses = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert uses["actions/setup-java"]["with"]["java-version"] == "17"
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    runs = [s["run"] for s in steps if "run" in s]
    assert wf["jobs"]["test"]["env"]["KAFKALAB_MODE"] == "native"
    ci = (ROOT / ".ci" / "run").read_text()
    for command in ("make install", "make test"):
        assert command in runs and command in ci
    assert ".venv/bin/kafkalab up && .venv/bin/kafkalab up --cluster" in runs
    assert ".venv/bin/kafkalab up && .venv/bin/kafkalab up --cluster" in ci
    assert "make test" in (ROOT / "README.md").read_text()


def test_main_publishes_the_site_built_from_the_report() -> None:
    wf = _workflow()
    steps = wf["jobs"]["test"]["steps"]
    names = [s.get("uses", s.get("run", "")).split("@")[0] for s in steps]
    build = names.index(".venv/bin/mkdocs build --strict --site-dir site")
    assert names.index("make test") < build < names.index("actions/upload-pages-artifact")
    assert steps[build]["if"] == "github.ref == 'refs/heads/main'"
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "test" and deploy["permissions"]["pages"] == "write"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
