// Small helpers shared by the SDK unit tests: synthesize a stack into parsed
// JSON, match exception messages by substrings, and a scratch folder.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#include "infra/app.hpp"
#include "infra/stack.hpp"
#include "infra/synthesizer.hpp"

namespace sdk_test {

// "prefix" followed by the number: numbered("subnet_", 3) == "subnet_3".
inline std::string numbered(const std::string& prefix, long long n) {
    std::string out = prefix;
    out += std::to_string(n);
    return out;
}

// The stack's Terraform JSON, parsed.
inline nlohmann::json synth(infra::Stack& stack) { return nlohmann::json::parse(infra::synthesize_stack(stack)); }

// The body of resource `type`.`id` in a parsed document (throws if absent).
inline const nlohmann::json& resource(const nlohmann::json& doc, const std::string& type, const std::string& id) {
    return doc.at("resource").at(type).at(id);
}

// Matches an exception whose what() contains every one of `parts`.
class MessageContains : public Catch::MatcherBase<std::exception> {
public:
    MessageContains(std::initializer_list<std::string> parts) : parts_(parts) {}
    bool match(const std::exception& e) const override {
        const std::string what = e.what();
        for (const auto& p : parts_)
            if (what.find(p) == std::string::npos) return false;
        return true;
    }
    std::string describe() const override {
        std::string out = "message contains all of:";
        for (const auto& p : parts_) out += " \"" + p + "\"";
        return out;
    }

private:
    std::vector<std::string> parts_;
};

inline MessageContains message_has(std::initializer_list<std::string> parts) { return MessageContains(parts); }

// The message of the infra::Error `f` throws; fails the test if it does not.
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const infra::Error& e) {
        return e.what();
    }
    FAIL("expected an infra::Error");
    return {};
}

// A fresh, uniquely named folder under the system temp folder, removed with
// everything in it on destruction.
class TempDir {
public:
    TempDir() {
        static std::atomic<unsigned> counter{0};
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path_ = std::filesystem::temp_directory_path() /
                ("infra-sdk-test-" + std::to_string(::getpid()) + "-" + std::to_string(stamp) + "-" +
                 std::to_string(counter++));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    REQUIRE(out.good());
}

}  // namespace sdk_test
