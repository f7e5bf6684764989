// Settings of an environment (project name, region, CIDR, ...): a plain
// struct of the application's, bound field by field to names so they can be
// overridden from a JSON file (--config) or `--set key=value`. An unknown key
// or a value of the wrong type is an error naming the key and where it came
// from.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace infra {

class SettingsSchema {
public:
    // A map is ordered so that its JSON form, and so everything synthesized
    // from it, comes out byte for byte the same on every run.
    using Field = std::variant<std::string*, std::int64_t*, double*, bool*, std::vector<std::string>*,
                               std::map<std::string, std::string>*>;
    struct Entry {
        std::string key;
        Field field;
        std::string description;
    };

    void bind(std::string key, std::string& field, std::string description);
    void bind(std::string key, std::int64_t& field, std::string description);
    void bind(std::string key, double& field, std::string description);
    void bind(std::string key, bool& field, std::string description);
    void bind(std::string key, std::vector<std::string>& field, std::string description);
    void bind(std::string key, std::map<std::string, std::string>& field, std::string description);

    const std::vector<Entry>& entries() const { return entries_; }

    // Each member of `object` sets the setting of that name; `origin` names
    // the source in errors ("config.json").
    void apply_json(const nlohmann::json& object, std::string_view origin);
    // "key=value": strings are taken as they are, numbers and booleans are
    // parsed, lists are a JSON array or comma-separated, maps are a JSON
    // object or comma-separated k=v pairs. A list or map given this way
    // replaces the whole value rather than adding to it.
    void apply_assignment(std::string_view assignment);

    // The current values, for `infra list --settings` and debugging.
    nlohmann::json to_json() const;

private:
    const Entry& find(std::string_view key, std::string_view origin) const;
    std::vector<Entry> entries_;
};

const char* settings_type_name(const SettingsSchema::Field& field);

// Where overrides come from, in the order they apply: the config file, then
// each --set.
struct SettingsSource {
    std::optional<std::filesystem::path> config_file;
    std::vector<std::string> assignments;

    // Reads and parses config_file now, once: every later apply() uses what
    // was read (a run builds several stacks, each applying the overrides,
    // and a file such as /dev/stdin can be read only once). Throws
    // infra::UsageError on an unreadable or malformed file.
    void read_config();

    // Applies the overrides to `schema`. Throws infra::UsageError on an
    // unreadable or malformed file, an unknown key, or a mistyped value.
    void apply(SettingsSchema& schema) const;

    // The parsed config_file, once read_config() ran (public so the struct
    // stays an aggregate: SettingsSource{.config_file = f, .assignments = a}).
    std::shared_ptr<const nlohmann::json> parsed_config{};
};

}  // namespace infra
