// Where a stack keeps its Terraform state. Backend settings cannot contain
// expressions (Terraform reads them before anything is evaluated), so they
// are plain values and the synthesizer rejects references in them.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "infra/value.hpp"

namespace infra {

struct LocalBackend {
    std::string path = "terraform.tfstate";  // relative to the stack folder
};

struct S3Backend {
    std::string bucket;
    std::string key;
    std::string region;
    bool encrypt = true;
    bool use_lockfile = true;  // S3 native locking (Terraform >= 1.10)
    std::optional<std::string> dynamodb_table{};
    std::optional<std::string> kms_key_id{};
    std::optional<std::string> profile{};
    // Further settings of terraform's s3 backend, written as they are, e.g.
    // the endpoints, path-style addressing and test credentials of an S3
    // emulator. The same settings configure terraform_remote_state reads.
    Value::Map extra_settings{};
};

// Any other backend, by name and settings.
struct CustomBackend {
    std::string name;
    Value::Map settings;
};

using Backend = std::variant<LocalBackend, S3Backend, CustomBackend>;

// The backend's name and its settings, as written under terraform.backend.
std::pair<std::string, Value::Map> backend_block(const Backend& backend);

}  // namespace infra
