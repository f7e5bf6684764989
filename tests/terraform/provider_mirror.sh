# Sourced by the tests that run terraform. find_aws_provider_mirror prints
# the folder holding the offline mirror of hashicorp/aws: INFRA_TF_PLUGIN_DIR
# when set (as given: a wrong one fails visibly later), else the first known
# location that holds it; nothing when there is none.

find_aws_provider_mirror() {
    if [ -n "${INFRA_TF_PLUGIN_DIR:-}" ]; then
        echo "$INFRA_TF_PLUGIN_DIR"
        return
    fi
    local candidate
    for candidate in /opt/tf-plugins /usr/share/terraform/plugins \
                     /usr/local/share/terraform/plugins "$HOME/.terraform.d/plugins" \
                     "$HOME/.local/share/terraform/plugins"; do
        if [ -d "$candidate/registry.terraform.io/hashicorp/aws" ]; then
            echo "$candidate"
            return
        fi
    done
}
