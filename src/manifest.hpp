// `<out>/manifest.json`: which stacks the output folder holds, their files,
// the order they deploy in, and the tool version that wrote them. Later
// commands (plan, deploy, diff) read it instead of re-running the program.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace infra {

struct ManifestStack {
    std::string name{};
    std::string directory{};         // relative to the output folder: "stacks/dev"
    std::string synthesized_file{};  // "stacks/dev/main.tf.json"
    std::vector<std::string> dependencies{};
    std::vector<std::string> files{};  // every file synthesis wrote for this stack
};

struct Manifest {
    std::string version{};
    // The app that wrote the folder (its program's name), so another app's
    // synth does not silently take the folder over; empty in manifests of
    // older versions, which any app may take.
    std::string app{};
    std::map<std::string, ManifestStack> stacks{};
};

std::string manifest_json(const Manifest& manifest);
// Reads a manifest; nullopt when the file does not exist. Throws infra::Error
// when it exists but is malformed.
std::optional<Manifest> read_manifest(const std::filesystem::path& file);

}  // namespace infra
