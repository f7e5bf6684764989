#include "project_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "bounded_json.hpp"
#include "infra/error.hpp"
#include "infra/file_system.hpp"
#include "infra/quoted_value.hpp"

namespace infra::cli {

namespace fs = std::filesystem;

namespace {

// A project file is a few lines; anything larger is not one.
constexpr std::size_t kMaxProjectFileBytes = 64 * 1024;

bool names_regular_file(const fs::path& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// A relative path that stays inside the project: the build runs there, and
// the program found there is executed.
fs::path inside_project(const fs::path& file, const fs::path& root, const char* key, const std::string& value) {
    const fs::path relative(value);
    bool leaves = relative.empty() || relative.is_absolute();
    for (const auto& part : relative)
        if (part == "..") leaves = true;
    if (leaves)
        throw UsageError(fmt::format("{}: \"{}\" must be a relative path inside the project, not {}", file.string(),
                                     key, quoted_value(value)));
    return (root / relative).lexically_normal();
}

}  // namespace

std::optional<fs::path> find_project_file(const fs::path& start) {
    std::error_code ec;
    fs::path folder = fs::absolute(start, ec);
    if (ec) return std::nullopt;
    folder = folder.lexically_normal();
    while (true) {
        const fs::path candidate = folder / kProjectFileName;
        if (names_regular_file(candidate)) return candidate;
        if (!folder.has_relative_path()) return std::nullopt;  // "/"
        fs::path parent = folder.parent_path();
        if (parent == folder) return std::nullopt;
        folder = std::move(parent);
    }
}

ProjectFile read_project_file(const fs::path& file) {
    const auto fail = [&](const std::string& what) { return UsageError(fmt::format("{}: {}", file.string(), what)); };
    nlohmann::json j;
    try {
        j = parse_json_no_deeper_than(read_file(file, kMaxProjectFileBytes));
    } catch (const nlohmann::json::exception& e) {
        throw fail(fmt::format("not valid JSON: {}", e.what()));
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
    if (!j.is_object()) throw fail("must be a JSON object with an \"app\" entry");
    static const std::vector<std::string> kKeys = {"app", "build_folder", "program", "configure_options"};
    for (const auto& [key, value] : j.items())
        if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end())
            throw fail(fmt::format("unknown key {} (keys: app, build_folder, program, configure_options)",
                                   quoted_value(key)));
    const auto string_of = [&](const char* key) -> std::optional<std::string> {
        if (!j.contains(key)) return std::nullopt;
        if (!j.at(key).is_string()) throw fail(fmt::format("\"{}\" must be a string", key));
        return j.at(key).get<std::string>();
    };

    ProjectFile project;
    project.root = fs::absolute(file).lexically_normal().parent_path();
    const std::optional<std::string> app = string_of("app");
    if (!app) throw fail("\"app\" is missing: the CMake target of the app's program, e.g. {\"app\": \"webshop\"}");
    // A CMake target name: it is passed to `cmake --build --target`.
    static const std::regex target(R"(^[A-Za-z0-9_.+-]{1,128}$)");
    if (!std::regex_match(*app, target))
        throw fail(fmt::format("\"app\" must be a CMake target name (letters, digits, _ . + -), not {}", quoted_value(*app)));
    project.app = *app;
    project.build_folder = inside_project(file, project.root, "build_folder", string_of("build_folder").value_or("build"));
    const std::optional<std::string> program = string_of("program");
    project.program = program ? inside_project(file, project.root, "program", *program) : project.build_folder / project.app;
    if (j.contains("configure_options")) {
        const auto& options = j.at("configure_options");
        if (!options.is_array()) throw fail("\"configure_options\" must be an array of strings");
        for (const auto& option : options) {
            if (!option.is_string()) throw fail("\"configure_options\" must be an array of strings");
            project.configure_options.push_back(option.get<std::string>());
        }
    } else {
        project.configure_options = {"-DCMAKE_BUILD_TYPE=Release"};
    }
    return project;
}

std::string project_file_text(const std::string& app) {
    return nlohmann::json{{"app", app}, {"build_folder", "build"}}.dump(2) + "\n";
}

}  // namespace infra::cli
