// Fuzz target: the settings loader behind `--config FILE` and `--set
// key=value`, on the application's real settings (stacks/environment_settings).
//
// Input: the config file's text, then optionally a separator line ("----")
// and one `--set` assignment per line. An empty config part means no
// --config at all. Whatever the input, loading either succeeds or throws
// infra::UsageError (the documented error: exit code 2); anything else
// escaping, a crash or undefined behaviour is a bug.
//
// When loading succeeds, the values must survive the round trip through
// `infra list --settings` (SettingsSchema::to_json) back into a config file:
// what infra prints as the settings in force must be accepted as a config.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "environment_settings.hpp"
#include "fuzz_input.hpp"
#include "infra/error.hpp"
#include "infra/settings.hpp"
#include "invariant.hpp"

namespace {

using crud_api::stacks::EnvironmentSettings;

// The loader reads a path, as the CLI gives it one. An in-memory file keeps
// the millions of runs of a fuzzing session off the disk; its /proc path
// opens it afresh, from the start, each time.
class ConfigFile {
public:
    ConfigFile() : fd_(memfd_create("infra-fuzz-config", 0)) {
        if (fd_ < 0) {
            std::perror("memfd_create");
            std::abort();
        }
        path_ = "/proc/self/fd/" + std::to_string(fd_);
    }

    const std::string& write(std::string_view text) {
        if (ftruncate(fd_, 0) != 0 ||
            pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
            std::perror("writing the config file");
            std::abort();
        }
        return path_;
    }

private:
    int fd_;
    std::string path_;
};

nlohmann::json settings_json(EnvironmentSettings& settings) {
    infra::SettingsSchema schema;
    settings.describe(schema);
    return schema.to_json();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static ConfigFile config_file;
    const std::string_view text = infra::fuzz::as_text(data, size);
    const auto parts = infra::fuzz::split_parts(text);

    infra::SettingsSource source;
    if (!parts[0].empty()) source.config_file = config_file.write(parts[0]);
    for (std::size_t i = 1; i < parts.size(); ++i)
        for (std::string_view line : infra::fuzz::split_lines(parts[i])) source.assignments.emplace_back(line);

    // dev and prod start from different defaults; the input picks one.
    EnvironmentSettings settings = size % 2 == 0 ? crud_api::stacks::dev_settings() : crud_api::stacks::prod_settings();
    try {
        settings.load(source);
    } catch (const infra::UsageError&) {
        return 0;
    }

    const nlohmann::json shown = settings_json(settings);
    EnvironmentSettings reloaded = crud_api::stacks::dev_settings();
    infra::SettingsSource from_shown;
    from_shown.config_file = config_file.write(shown.dump());
    try {
        reloaded.load(from_shown);
    } catch (const infra::UsageError& e) {
        infra::fuzz::invariant_failed("the settings in force are not accepted back as a config file",
                                      shown.dump() + "\n" + e.what());
    }
    infra::fuzz::check(settings_json(reloaded) == shown, "the settings changed on the way through a config file",
                       shown.dump() + "\n" + settings_json(reloaded).dump());
    return 0;
}
