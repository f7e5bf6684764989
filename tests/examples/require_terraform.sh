# Sourced by the example tests that run the real terraform. Sets TERRAFORM,
# and with require_aws_provider_mirror PLUGIN_DIR, or fails the test with a
# message saying what is missing. These tests never skip: an example whose
# output was never handed to terraform is not known to work.
# Needs WORK, a folder the test removes at its end (terraform's CLI config
# goes there).

fail_missing() {
    echo "!!! FAILED: $1" >&2
    echo "!!! The example tests need it and do not skip without it (see README.md, Dependencies)." >&2
    exit 1
}

TERRAFORM=${INFRA_TERRAFORM:-$(command -v terraform || true)}
[ -n "$TERRAFORM" ] || fail_missing "terraform is not installed (not on PATH, INFRA_TERRAFORM unset)"
"$TERRAFORM" version > /dev/null 2>&1 || fail_missing "$TERRAFORM does not run"

# A CLI config of our own: the machine's TF_CLI_CONFIG_FILE may name a file
# that does not exist, which makes terraform warn on every command.
: > "$WORK/terraformrc"
export TF_CLI_CONFIG_FILE="$WORK/terraformrc"
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1

# The offline mirror of hashicorp/aws, where tests/terraform/ finds it.
. "$(dirname "${BASH_SOURCE[0]}")/../terraform/provider_mirror.sh"
require_aws_provider_mirror() {
    PLUGIN_DIR=$(find_aws_provider_mirror)
    [ -n "$PLUGIN_DIR" ] && [ -d "$PLUGIN_DIR/registry.terraform.io/hashicorp/aws" ] ||
        fail_missing "no local mirror of the hashicorp/aws provider (set INFRA_TF_PLUGIN_DIR; nothing is downloaded)"
}
