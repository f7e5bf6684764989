"""The OIDC subject each workflow job presents must be one the role it
assumes trusts: a job with `environment: dev` gets the token subject
repo:<owner>/<repo>:environment:dev, not its branch's, and a trust that does
not list it makes configure-aws-credentials fail on the first deploy. The
role a job assumes is found by its secret (role-to-assume), which the
bootstrap output of that role names; an output that maps GitHub environments
to roles (github_deploy_role_arns) gives the role of the job's environment,
whose environment-scoped secret holds that role. No role but the plan role
may trust pull requests, and a deploy role trusts its own environment only.

Usage: oidc_subjects.py INFRA_BINARY REPOSITORY_ROOT
Synthesizes bootstrap with the default settings (and infra.settings.json when
the repository has one, as the workflow does), reads the deploy role's trust
policy, and derives each job's subject from the workflow file as GitHub
documents it (https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/about-security-hardening-with-openid-connect).
"""

import fnmatch
import json
import pathlib
import re
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

def subject_values(document):
    values, audiences = [], []
    for statement in document["statement"]:
        for condition in statement.get("condition", []):
            if condition["variable"] == "token.actions.githubusercontent.com:sub":
                values += condition["values"]
            if condition["variable"] == "token.actions.githubusercontent.com:aud":
                audiences += condition["values"]
    return values, audiences


def reference_name(expression, prefix):
    """"${aws_iam_role.github_role.arn}" -> "github_role" for prefix "aws_iam_role"."""
    inner = expression.removeprefix("${").removesuffix("}").split(".")
    return inner[1] if len(inner) == 3 and inner[0] == prefix else None


# Each role GitHub can assume, by the secret its output tells users to store
# its ARN in ("... the AWS_GITHUB_ROLE_ARN secret") and, for an output that
# maps environments to roles, the environment whose secret it is:
# (secret, environment or None) -> (role, trust, audiences).
roles = {}
documents = bootstrap["data"]["aws_iam_policy_document"]


def trust_of(role):
    policy = reference_name(bootstrap["resource"]["aws_iam_role"][role]["assume_role_policy"].replace(
        "data.aws_iam_policy_document", "aws_iam_policy_document"), "aws_iam_policy_document")
    return subject_values(documents[policy])


for name, output in bootstrap.get("output", {}).items():
    secret = next((w.strip(".,:;") for w in output.get("description", "").split() if w.startswith("AWS_")), None)
    value = output.get("value", "")
    by_environment = value.items() if isinstance(value, dict) else [(None, value)]
    for environment, arn in by_environment:
        role = reference_name(str(arn), "aws_iam_role")
        if role is not None and secret is not None:
            roles[(secret, environment)] = (role, *trust_of(role))
if not roles:
    print("FAILED: no output of the bootstrap stack names the secret of a GitHub role")
    sys.exit(1)
repository = next(iter(roles.values()))[1][0].split(":")[1]

for (secret, environment), (role, trusted, _) in roles.items():
    # A role that deploys must never trust pull requests: any branch can open one.
    if role != "github_plan_role" and any(fnmatch.fnmatchcase(f"repo:{repository}:pull_request", p) for p in trusted):
        failures.append(f"role {role} ({secret}) deploys and trusts pull requests")
    # An environment's deploy role: that environment's jobs and nothing else.
    if environment is not None and trusted != [f"repo:{repository}:environment:{environment}"]:
        failures.append(f"role {role} deploys {environment} but trusts {', '.join(trusted)}")


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
    # `if: github.event_name == 'push'` limits the job to those events.
    only = set(re.findall(r"github\.event_name == '(\w+)'", condition))
    subjects = []
    for event, spec in (triggers or {}).items():
        if only and event not in only:
            continue
        if event in ("pull_request", "pull_request_target"):
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
        role_input = str(assumes[0].get("with", {}).get("role-to-assume", ""))
        secret = role_input.removeprefix("${{ secrets.").removesuffix(" }}").strip()
        environment = job.get("environment")
        if isinstance(environment, dict):
            environment = environment.get("name")
        key = (secret, environment) if (secret, environment) in roles else (secret, None)
        if key not in roles:
            failures.append(f"{path.name} job {name} assumes {role_input}"
                            f"{' in environment ' + environment if environment else ''}, which no bootstrap output "
                            "names")
            continue
        role, trusted, audiences = roles[key]
        audience = assumes[0].get("with", {}).get("audience", "sts.amazonaws.com")
        if audience not in audiences:
            failures.append(f"{path.name} job {name}: audience {audience} is not trusted by {role} ({audiences})")
        for subject in subjects_of(workflow, job):
            checked += 1
            if any(fnmatch.fnmatchcase(subject, pattern) for pattern in trusted):
                print(f"  {path.name} job {name}: {subject} is trusted by {role}")
            else:
                failures.append(f"{path.name} job {name} presents {subject}, which {role} does not trust "
                                f"(it trusts {', '.join(trusted)})")

if checked == 0:
    failures.append("no workflow job assumes an AWS role: nothing was checked")
for failure in failures:
    print("FAILED:", failure)
if failures:
    sys.exit(1)
print(f"PASSED: the {checked} OIDC subjects the workflows present are trusted by the roles they assume, "
      "and no deploy role trusts pull requests")
