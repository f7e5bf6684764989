// A property the code under test promises, checked by a fuzz target. A
// broken one aborts, which libFuzzer reports as a crash (and saves the
// input) and the replay test reports as a failure: a wrong answer counts as
// much as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace infra::fuzz {

[[noreturn]] inline void invariant_failed(std::string_view what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
    if (!detail.empty()) std::fprintf(stderr, "%.*s\n", static_cast<int>(detail.size()), detail.data());
    std::abort();
}

inline void check(bool holds, std::string_view what, std::string_view detail = {}) {
    if (!holds) invariant_failed(what, detail);
}

}  // namespace infra::fuzz
