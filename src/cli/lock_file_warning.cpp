#include "lock_file_warning.hpp"

#include <fmt/format.h>

#include <utility>

namespace infra::cli {

namespace {

constexpr std::string_view kTitle = "Warning: Incomplete lock file information for providers";
constexpr std::string_view kLockCommand = "terraform providers lock -platform=";
constexpr std::string_view kBoxTop = "\xe2\x95\xb7";     // ╷
constexpr std::string_view kBoxSide = "\xe2\x94\x82";    // │
constexpr std::string_view kBoxBottom = "\xe2\x95\xb5";  // ╵

// The line without colour escape sequences (ESC [ ... letter).
std::string without_escapes(std::string_view line) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\x1b' && i + 1 < line.size() && line[i + 1] == '[') {
            i += 2;
            while (i < line.size() && !(line[i] >= '@' && line[i] <= '~')) ++i;
            continue;
        }
        out += line[i];
    }
    return out;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The text of a line of a boxed diagnostic, without the box's side.
std::string_view inside_box(std::string_view s) {
    s = trimmed(s);
    if (s.substr(0, kBoxSide.size()) == kBoxSide) s.remove_prefix(kBoxSide.size());
    return trimmed(s);
}

// A line that may open a diagnostic: held back until the next line says.
bool may_open_block(std::string_view text) { return text.empty() || text == kBoxTop; }

// In plain output nothing marks the end of a diagnostic; these lines begin
// what follows it.
bool begins_next_part(std::string_view text) {
    return text.rfind("Terraform has", 0) == 0 || text.rfind("Warning:", 0) == 0 || text.rfind("Error:", 0) == 0 ||
           text == kBoxTop;
}

}  // namespace

void LockFileWarningFilter::consume_block_line(std::string_view text) {
    if (const auto at = text.find(kLockCommand); at != std::string_view::npos) {
        auto platform = text.substr(at + kLockCommand.size());
        platform = platform.substr(0, platform.find(' '));
        if (!platform.empty()) platform_ = std::string(platform);
    }
}

std::vector<std::string> LockFileWarningFilter::feed(std::string_view raw) {
    std::vector<std::string> shown;
    const std::string plain = without_escapes(raw);
    const std::string_view text = inside_box(plain);
    if (in_block_) {
        if (boxed_) {
            if (trimmed(plain) == kBoxBottom) in_block_ = false;
            else consume_block_line(text);
            return shown;
        }
        if (text.rfind("(where ", 0) == 0) {
            in_block_ = false;
            return shown;
        }
        if (!begins_next_part(text)) {
            consume_block_line(text);
            return shown;
        }
        in_block_ = false;  // the line is shown below
    }
    if (text == kTitle) {
        in_block_ = true;
        saw_warning_ = true;
        boxed_ = trimmed(plain).substr(0, kBoxSide.size()) == kBoxSide;
        held_.reset();  // the blank line or box top that opened it
        return shown;
    }
    if (held_) shown.push_back(*std::exchange(held_, std::nullopt));
    const std::string_view bare = trimmed(plain);
    if (may_open_block(bare)) held_ = std::string(raw);
    else shown.emplace_back(raw);
    return shown;
}

std::vector<std::string> LockFileWarningFilter::finish() {
    std::vector<std::string> shown;
    if (held_) shown.push_back(*std::exchange(held_, std::nullopt));
    return shown;
}

std::string lock_file_hint(const std::string& platform) {
    return fmt::format(
        "the providers came from --plugin-dir, so .terraform.lock.hcl has their checksums for {} only; to use "
        "the lock file on other platforms, run `terraform providers lock -platform=linux_amd64 "
        "-platform=darwin_arm64` (each platform you need) in the stack's folder with registry access",
        platform);
}

}  // namespace infra::cli
