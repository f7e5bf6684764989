// Small helpers shared by the SDK unit tests: an App with a "dev" stack,
// synthesize a stack into parsed JSON, match exception messages by
// substrings, and the shared scratch folder and file helpers.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <vector>

#include "infra/app.hpp"
#include "infra/stack.hpp"
#include "infra/synthesizer.hpp"
#include "support/error_message.hpp"
#include "support/file_contents.hpp"
#include "support/temp_dir.hpp"

namespace sdk_test {

// An App with one stack, "dev": the base of the fixtures that add their
// constructs to `dev` in default member initializers.
struct DevStack {
    infra::App app;
    infra::Stack& dev = app.add<infra::Stack>("dev");
};

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

// The shared helpers, under the names these tests use.
using test_support::error_of;
using test_support::read_file;
using test_support::TempDir;
using test_support::write_file;

}  // namespace sdk_test
