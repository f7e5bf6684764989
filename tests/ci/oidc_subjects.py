"""The OIDC subject each workflow job presents must be one the synthesized
deploy role trusts: a job with `environment: dev` gets the token subject
repo:<owner>/<repo>:environment:dev, not its branch's, and a trust that does
not list it makes configure-aws-credentials fail on the first deploy.

Usage: oidc_subjects.py INFRA_BINARY REPOSITORY_ROOT
Synthesizes bootstrap with the default settings (and infra.settings.json when
the repository has one, as the workflow does), reads the deploy role's trust
policy, and derives each job's subject from the workflow file as GitHub
documents it (https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/about-security-hardening-with-openid-connect).
"""

import fnmatch
import json
import pathlib
import subprocess
import sys
import tempfile

import yaml

infra, root = sys.argv[1], pathlib.Path(sys.argv[2])
failures = []

with tempfile.TemporaryDirectory() as work:
    command = [infra, "-q", "synth", "bootstrap", "--out", work]
    if (root / "infra.settings.json").exists():
        command += ["--config", str(root / "infra.settings.json")]
    subprocess.run(command, check=True, cwd=root)
    bootstrap = json.loads((pathlib.Path(work) / "stacks/bootstrap/main.tf.json").read_text())

trusted, audiences = [], []
for document in bootstrap["data"]["aws_iam_policy_document"].values():
    for statement in document["statement"]:
        for condition in statement.get("condition", []):
            if condition["variable"] == "token.actions.githubusercontent.com:sub":
                trusted += condition["values"]
            if condition["variable"] == "token.actions.githubusercontent.com:aud":
                audiences += condition["values"]
if not trusted:
    print("FAILED: no role of the bootstrap stack trusts a GitHub OIDC subject")
    sys.exit(1)
repository = trusted[0].split(":")[1]


def subjects_of(workflow, job):
    """The subjects the job's token can carry: its environment's when it has
    one, else one per event and branch that can run it."""
    environment = job.get("environment")
    if isinstance(environment, dict):
        environment = environment.get("name")
    if environment:
        return [f"repo:{repository}:environment:{environment}"]
    triggers = workflow.get(True, workflow.get("on"))  # YAML 1.1 reads `on` as true
    if isinstance(triggers, str):
        triggers = {triggers: None}
    elif isinstance(triggers, list):
        triggers = {t: None for t in triggers}
    condition = str(job.get("if", ""))
    subjects = []
    for event, spec in (triggers or {}).items():
        if event in ("pull_request", "pull_request_target"):
            if "github.event_name == 'push'" not in condition:
                subjects.append(f"repo:{repository}:pull_request")
        elif event == "push":
            for branch in (spec or {}).get("branches", ["*"]):
                limited = "refs/heads/" in condition
                if not limited or f"refs/heads/{branch}" in condition:
                    subjects.append(f"repo:{repository}:ref:refs/heads/{branch}")
        elif event == "workflow_dispatch":
            subjects.append(f"repo:{repository}:ref:refs/heads/*")
    return subjects


checked = 0
for path in sorted((root / ".github" / "workflows").glob("*.yml")):
    workflow = yaml.safe_load(path.read_text())
    for name, job in workflow.get("jobs", {}).items():
        assumes = [s for s in job.get("steps", []) if str(s.get("uses", "")).startswith("aws-actions/configure-aws-credentials")]
        if not assumes:
            continue
        audience = assumes[0].get("with", {}).get("audience", "sts.amazonaws.com")
        if audience not in audiences:
            failures.append(f"{path.name} job {name}: audience {audience} is not trusted ({audiences})")
        for subject in subjects_of(workflow, job):
            checked += 1
            if any(fnmatch.fnmatchcase(subject, pattern) for pattern in trusted):
                print(f"  {path.name} job {name}: {subject} is trusted")
            else:
                failures.append(f"{path.name} job {name} presents {subject}, which the deploy role does not trust "
                                f"(it trusts {', '.join(trusted)})")

if checked == 0:
    failures.append("no workflow job assumes an AWS role: nothing was checked")
for failure in failures:
    print("FAILED:", failure)
if failures:
    sys.exit(1)
print(f"PASSED: the {checked} OIDC subjects the workflows present are trusted by the deploy role")
