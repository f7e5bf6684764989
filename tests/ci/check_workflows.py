"""The CI workflow and the pre-commit configuration: they parse, run the
checks the original system ran (terraform fmt, validate, tflint, trivy) plus
infra's rules as SARIF, and deploy only through the GitHub OIDC role, never
with static AWS keys. Usage: check_workflows.py REPOSITORY_ROOT"""

import pathlib
import sys

import yaml

root = pathlib.Path(sys.argv[1])
failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


workflows = sorted((root / ".github" / "workflows").glob("*.yml"))
expect(workflows, "no workflow files")
for path in workflows:
    text = path.read_text()
    yaml.safe_load(text)  # raises on a syntax error
    for forbidden in ("aws-access-key-id", "aws-secret-access-key", "AWS_SECRET_ACCESS_KEY"):
        expect(forbidden not in text, f"{path.name}: mentions {forbidden}; deploy jobs must use the OIDC role")

infra = yaml.safe_load((root / ".github/workflows/infrastructure.yml").read_text())
jobs = infra["jobs"]
checks = "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in jobs["checks"]["steps"])
for needle in ("synth --hcl", "terraform fmt -check", "terraform validate", "tflint", "aquasecurity/trivy-action",
               "validate --format sarif", "github/codeql-action/upload-sarif"):
    expect(needle in checks, f"checks job does not run {needle}")
expect(jobs["checks"]["permissions"].get("security-events") == "write", "checks job cannot upload SARIF")

deploy = jobs["deploy-dev"]
expect(deploy["permissions"].get("id-token") == "write", "deploy job has no id-token: write permission")
credentials = [s for s in deploy["steps"] if str(s.get("uses", "")).startswith("aws-actions/configure-aws-credentials")]
expect(len(credentials) == 1, "deploy job does not assume a role with configure-aws-credentials")
if credentials:
    expect(credentials[0]["with"].get("role-to-assume") == "${{ secrets.AWS_GITHUB_ROLE_ARN }}",
           "deploy job does not assume AWS_GITHUB_ROLE_ARN")
expect("refs/heads/main" in deploy.get("if", ""), "deploy job is not limited to main")
expect(any("infra deploy dev" in str(s.get("run", "")) for s in deploy["steps"]), "deploy job does not run infra deploy dev")

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
