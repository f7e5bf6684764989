// A semantic diff of two synthesized Terraform JSON configurations, by
// Terraform address and attribute path: what a reviewer of a pull request
// wants to see, with no cloud credentials and no state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace infra {

struct AttributeChange {
    std::string path;  // "tags.Name", "ingress[0].from_port"
    std::optional<nlohmann::json> before;  // nullopt: added
    std::optional<nlohmann::json> after;   // nullopt: removed
};

struct BlockChange {
    enum class Kind { Added, Removed, Changed };
    Kind kind;
    std::string address;  // "aws_vpc.network_vpc", "data.aws_region.current", "output.vpc_id", "var.x",
                          // "local.x", "provider.aws", "provider.aws.west", "terraform", "moved", "import"
    std::vector<AttributeChange> changes;  // for Changed
};

// Changes from `before` to `after`, sorted by address. The "//" metadata
// entries (construct paths) are ignored: they do not change infrastructure.
std::vector<BlockChange> diff_configurations(const nlohmann::json& before, const nlohmann::json& after);

// "+ aws_vpc.x", "- aws_subnet.y", "~ aws_vpc.z" with one indented line per
// attribute change; "no changes" when empty.
std::string format_changes(const std::vector<BlockChange>& changes);

}  // namespace infra
