#include "retained_app.hpp"

namespace infra::cli {

App& retain_until_exit(std::unique_ptr<App> app) {
    // Never destroyed, and reachable through this pointer to the end, so
    // leak checkers do not count the app as lost.
    static auto* const slot = new std::unique_ptr<App>();
    *slot = std::move(app);
    return **slot;
}

}  // namespace infra::cli
