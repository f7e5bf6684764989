#include "manifest.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "infra/error.hpp"
#include "infra/file_system.hpp"

namespace infra {

std::string manifest_json(const Manifest& manifest) {
    nlohmann::json j;
    j["version"] = manifest.version;
    if (!manifest.app.empty()) j["app"] = manifest.app;
    j["stacks"] = nlohmann::json::object();
    for (const auto& [name, s] : manifest.stacks) {
        j["stacks"][name] = {{"name", s.name},
                             {"directory", s.directory},
                             {"synthesized_file", s.synthesized_file},
                             {"dependencies", s.dependencies},
                             {"files", s.files}};
    }
    return j.dump(2) + "\n";
}

std::optional<Manifest> read_manifest(const std::filesystem::path& file) {
    const std::optional<std::string> text = read_file_if_exists(file);
    if (!text) return std::nullopt;
    try {
        const auto j = nlohmann::json::parse(*text);
        Manifest m;
        m.version = j.at("version").get<std::string>();
        m.app = j.value("app", std::string{});
        for (const auto& [name, s] : j.at("stacks").items()) {
            ManifestStack entry;
            entry.name = s.at("name").get<std::string>();
            entry.directory = s.at("directory").get<std::string>();
            entry.synthesized_file = s.at("synthesized_file").get<std::string>();
            entry.dependencies = s.at("dependencies").get<std::vector<std::string>>();
            entry.files = s.value("files", std::vector<std::string>{});
            m.stacks.emplace(name, std::move(entry));
        }
        return m;
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: malformed manifest: {}", file.string(), e.what()));
    }
}

}  // namespace infra
