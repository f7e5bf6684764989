// Progress for long commands: which step runs (synth, init, plan, apply) and
// how long it took, at debug level for synth (it takes milliseconds) and info
// level for terraform's steps.
#pragma once

#include <spdlog/spdlog.h>

#include <chrono>
#include <string>

namespace infra::cli {

class StepTimer {
public:
    explicit StepTimer(std::string step, spdlog::level::level_enum level = spdlog::level::debug)
        : step_(std::move(step)), level_(level), start_(std::chrono::steady_clock::now()) {
        if (level_ > spdlog::level::debug) spdlog::log(level_, "[{}] ...", step_);
    }
    ~StepTimer() {
        const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start_;
        if (elapsed.count() < 1000)
            spdlog::log(level_, "[{}] took {:.2f} ms", step_, elapsed.count());
        else
            spdlog::log(level_, "[{}] took {:.1f} s", step_, elapsed.count() / 1000);
    }
    StepTimer(const StepTimer&) = delete;
    StepTimer& operator=(const StepTimer&) = delete;

private:
    std::string step_;
    spdlog::level::level_enum level_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace infra::cli
