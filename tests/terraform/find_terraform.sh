# Sourced by the terraform-backed tests. Sets TERRAFORM and PLUGIN_DIR, or
# exits 77 (ctest's "skipped") after saying loudly what is missing.

TERRAFORM=${INFRA_TERRAFORM:-$(command -v terraform || true)}
if [ -z "$TERRAFORM" ]; then
    echo "!!! SKIPPED: terraform is not installed (not on PATH, INFRA_TERRAFORM unset)." >&2
    echo "!!! Install terraform >= 1.6 to run the terraform-backed tests." >&2
    exit 77
fi

# The offline mirror of the hashicorp/aws provider.
. "$(dirname "${BASH_SOURCE[0]}")/provider_mirror.sh"
PLUGIN_DIR=$(find_aws_provider_mirror)
if [ -z "$PLUGIN_DIR" ]; then
    echo "!!! SKIPPED: no local mirror of the hashicorp/aws provider found (set INFRA_TF_PLUGIN_DIR)." >&2
    echo "!!! Tests never download providers; put the mirror at /opt/tf-plugins or point INFRA_TF_PLUGIN_DIR at it." >&2
    exit 77
fi

# A CLI config of our own: the machine's TF_CLI_CONFIG_FILE may name a file
# that does not exist, which makes terraform warn on every command.
TF_TEST_HOME=$(mktemp -d)
trap 'rm -rf "$TF_TEST_HOME"' EXIT
: > "$TF_TEST_HOME/terraformrc"
export TF_CLI_CONFIG_FILE="$TF_TEST_HOME/terraformrc"
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
