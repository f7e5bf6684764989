"""The CI workflow and the pre-commit configuration: they parse, run the
checks the original system ran (terraform fmt, validate, tflint, trivy) plus
infra's rules as SARIF, and deploy only through the GitHub OIDC role, never
with static AWS keys; every third-party action is pinned by commit SHA with
its tag in a comment, and trivy fails the job on HIGH and CRITICAL findings,
each suppression in .trivyignore.yaml giving its reason.
Usage: check_workflows.py REPOSITORY_ROOT"""

import pathlib
import re
import sys

import yaml

root = pathlib.Path(sys.argv[1])
failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<tag>.*))?$")
PINNED = re.compile(r"^[^@\s]+@[0-9a-f]{40}$")

workflows = sorted((root / ".github" / "workflows").glob("*.y*ml"))
expect(workflows, "no workflow files")
for path in workflows:
    text = path.read_text()
    yaml.safe_load(text)  # raises on a syntax error
    for forbidden in ("aws-access-key-id", "aws-secret-access-key", "AWS_SECRET_ACCESS_KEY"):
        expect(forbidden not in text, f"{path.name}: mentions {forbidden}; deploy jobs must use the OIDC role")
    # YAML drops comments, so the pins are read from the raw lines: a
    # third-party action is used at a full commit SHA (a tag can be moved),
    # with the tag it stands for in a comment on the same line.
    for number, line in enumerate(text.splitlines(), 1):
        used = USES.match(line)
        if not used:
            continue
        ref = used.group("ref").strip("'\"")
        if ref.startswith("./") or ref.startswith("docker://"):
            continue
        expect(PINNED.match(ref), f"{path.name}:{number}: {ref} is not pinned by a 40-hex commit SHA")
        expect(used.group("tag") and used.group("tag").strip(),
               f"{path.name}:{number}: {ref} has no '# <tag>' comment naming the pinned release")

infra = yaml.safe_load((root / ".github/workflows/infrastructure.yml").read_text())
jobs = infra["jobs"]
checks = "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in jobs["checks"]["steps"])
for needle in ("synth --hcl", "terraform fmt -check", "terraform validate", "tflint", "aquasecurity/trivy-action",
               "validate --format sarif", "github/codeql-action/upload-sarif"):
    expect(needle in checks, f"checks job does not run {needle}")
expect(jobs["checks"]["permissions"].get("security-events") == "write", "checks job cannot upload SARIF")

trivy_steps = [s for s in jobs["checks"]["steps"] if str(s.get("uses", "")).startswith("aquasecurity/trivy-action@")]
expect(len(trivy_steps) == 1, "checks job does not run trivy-action exactly once")
for trivy in trivy_steps:
    trivy_with = trivy.get("with", {})
    expect(str(trivy_with.get("exit-code")) == "1", "trivy does not fail the job on findings (exit-code is not \"1\")")
    severities = {s.strip() for s in str(trivy_with.get("severity", "")).split(",")}
    expect({"HIGH", "CRITICAL"} <= severities, "trivy severity does not include HIGH and CRITICAL")
    # The action ignores severity for format sarif unless told otherwise, and
    # would then fail the job on every LOW and MEDIUM finding too.
    if trivy_with.get("format") == "sarif":
        expect(str(trivy_with.get("limit-severities-for-sarif")).lower() == "true",
               "trivy writes SARIF without limit-severities-for-sarif: \"true\"; severity would be ignored")
    for ignores in filter(None, (f.strip() for f in str(trivy_with.get("trivyignores") or "").split(","))):
        expect((root / ignores).is_file(), f"trivy ignore file {ignores} does not exist")

trivyignore = root / ".trivyignore.yaml"
if trivyignore.exists():
    ignored = yaml.safe_load(trivyignore.read_text()) or {}
    expect(isinstance(ignored, dict), ".trivyignore.yaml is not a mapping")
    if isinstance(ignored, dict):
        for kind in ("vulnerabilities", "misconfigurations", "secrets", "licenses"):
            for entry in ignored.get(kind) or []:
                name = entry.get("id", "?") if isinstance(entry, dict) else entry
                expect(isinstance(entry, dict) and entry.get("id"), f".trivyignore.yaml: a {kind} entry has no id")
                expect(isinstance(entry, dict) and str(entry.get("statement") or "").strip(),
                       f".trivyignore.yaml: {kind} entry {name} has no statement giving the reason")

# Each environment deploys in its own GitHub environment (its protection
# rules and its AWS_GITHUB_ROLE_ARN secret): dev from main, prod on a
# release tag or by hand.
for environment, trigger in (("dev", "refs/heads/main"), ("prod", "refs/tags/v")):
    job_name = f"deploy-{environment}"
    expect(job_name in jobs, f"no {job_name} job")
    if job_name not in jobs:
        continue
    deploy = jobs[job_name]
    expect(deploy.get("environment") == environment, f"{job_name} does not run in the GitHub environment {environment}")
    expect(deploy["permissions"].get("id-token") == "write", f"{job_name} has no id-token: write permission")
    credentials = [s for s in deploy["steps"]
                   if str(s.get("uses", "")).startswith("aws-actions/configure-aws-credentials")]
    expect(len(credentials) == 1, f"{job_name} does not assume a role with configure-aws-credentials")
    if credentials:
        expect(credentials[0]["with"].get("role-to-assume") == "${{ secrets.AWS_GITHUB_ROLE_ARN }}",
               f"{job_name} does not assume its environment's AWS_GITHUB_ROLE_ARN")
    expect(trigger in deploy.get("if", ""), f"{job_name} is not limited to {trigger}")
    expect(any(f"infra deploy {environment}" in str(s.get("run", "")) for s in deploy["steps"]),
           f"{job_name} does not run infra deploy {environment}")
expect("workflow_dispatch" in jobs.get("deploy-prod", {}).get("if", ""), "prod cannot be deployed by hand")

plan = jobs["plan-dev"]
expect("pull_request" in plan.get("if", ""), "plan job does not run on pull requests only")
expect("environment" not in plan, "plan job runs in a GitHub environment; pull requests get the read-only role")
plan_credentials = [s for s in plan["steps"] if str(s.get("uses", "")).startswith("aws-actions/configure-aws-credentials")]
expect(len(plan_credentials) == 1 and
       plan_credentials[0]["with"].get("role-to-assume") == "${{ secrets.AWS_GITHUB_PLAN_ROLE_ARN }}",
       "plan job does not assume the plan role (AWS_GITHUB_PLAN_ROLE_ARN)")
expect(all("deploy" not in str(s.get("run", "")) for s in plan["steps"]), "plan job deploys")
expect(any("infra plan dev" in str(s.get("run", "")) for s in plan["steps"]), "plan job does not run infra plan dev")

hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
ids = {hook["id"] for hook in hooks}
for hook in ("infra-synth", "terraform-fmt", "terraform-validate", "tflint", "infra-validate"):
    expect(hook in ids, f"pre-commit has no {hook} hook")

for failure in failures:
    print("FAILED:", failure)
if failures:
    sys.exit(1)
print(f"PASSED: {len(workflows)} workflows and the pre-commit configuration")
