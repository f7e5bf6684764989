// `infra.json`: the file at a project's root that tells the generic `infra`
// command how to build the project's app and which program it is, like the
// "app" entry of cdktf.json. `infra init` writes one.
//
//   {
//     "app": "webshop",                  the CMake target of the app's program
//     "build_folder": "build",           optional; relative to the project root
//     "program": "build/webshop",        optional; default <build_folder>/<app>
//     "configure_options": ["-DCMAKE_BUILD_TYPE=Release"]
//                                        optional; for the first configure
//   }
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace infra::cli {

inline constexpr const char* kProjectFileName = "infra.json";

struct ProjectFile {
    std::filesystem::path root;  // the folder holding infra.json (absolute)
    std::string app;
    std::filesystem::path build_folder;  // absolute
    std::filesystem::path program;       // absolute
    std::vector<std::string> configure_options;
};

// The project file of `start` or of the nearest folder above it; nullopt
// when there is none up to the root of the file system.
std::optional<std::filesystem::path> find_project_file(const std::filesystem::path& start);

// Reads and checks a project file. Throws infra::UsageError naming the file
// and the key when it is malformed (not JSON, an unknown key, a missing or
// mistyped value, a path that leaves the project).
ProjectFile read_project_file(const std::filesystem::path& file);

// The text `infra init` writes for an app target `app`.
std::string project_file_text(const std::string& app);

}  // namespace infra::cli
