// The per-user folder where infra keeps what it can always rebuild: packed
// asset zips, pip-installed Lambda dependencies. `INFRA_CACHE_DIR` names it;
// otherwise `$XDG_CACHE_HOME/infra`, `~/.cache/infra`, or
// `infra-cache-<uid>` under the system's temporary folder. Deleting it only
// makes the next synth slower.
#pragma once

#include <filesystem>

namespace infra {

std::filesystem::path user_cache_folder();

}  // namespace infra
