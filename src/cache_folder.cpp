#include "infra/cache_folder.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace fs = std::filesystem;

namespace infra {

namespace {

const char* non_empty_env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : nullptr;
}

}  // namespace

fs::path user_cache_folder() {
    if (const char* dir = non_empty_env("INFRA_CACHE_DIR")) return dir;
    if (const char* dir = non_empty_env("XDG_CACHE_HOME")) return fs::path(dir) / "infra";
    if (const char* home = non_empty_env("HOME")) return fs::path(home) / ".cache/infra";
    // No home: a folder of this user's own under the temporary folder; a
    // fixed name there is one another user could make first.
    return fs::temp_directory_path() / ("infra-cache-" + std::to_string(::geteuid()));
}

}  // namespace infra
