#include "infra/backend.hpp"

namespace infra {

namespace {

struct BackendBlock {
    std::pair<std::string, Value::Map> operator()(const LocalBackend& b) const {
        return {"local", Value::map({{"path", b.path}}).as_map()};
    }
    std::pair<std::string, Value::Map> operator()(const S3Backend& b) const {
        Value::Map m{{"bucket", b.bucket}, {"key", b.key}, {"region", b.region}, {"encrypt", b.encrypt}};
        if (b.use_lockfile) m.emplace("use_lockfile", true);
        if (b.dynamodb_table) m.emplace("dynamodb_table", *b.dynamodb_table);
        if (b.kms_key_id) m.emplace("kms_key_id", *b.kms_key_id);
        if (b.profile) m.emplace("profile", *b.profile);
        for (const auto& [key, value] : b.extra_settings) m.insert_or_assign(key, value);
        return {"s3", std::move(m)};
    }
    std::pair<std::string, Value::Map> operator()(const CustomBackend& b) const { return {b.name, b.settings}; }
};

}  // namespace

std::pair<std::string, Value::Map> backend_block(const Backend& backend) { return std::visit(BackendBlock{}, backend); }

}  // namespace infra
