# `terraform providers schema -json` prints the schemas of the providers a
# configuration uses, and nothing for an empty folder: this one resource makes
# it print terraform's builtin provider (terraform_data, terraform_remote_state).
# Nothing here is ever applied.
resource "terraform_data" "schema_probe" {}
