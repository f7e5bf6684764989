// Terraform's init prints a fifteen-line warning, "Incomplete lock file
// information for providers", whenever it records provider checksums it
// computed itself: every init of a new output folder with --plugin-dir. It
// says nothing the user can act on twice, so infra drops the block from
// init's output and says in one line how to complete the lock file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infra::cli {

class LockFileWarningFilter {
public:
    // Feeds one line of init's standard output (without its newline) and
    // returns the lines to show now. Works on plain (-no-color) and boxed,
    // coloured output alike.
    std::vector<std::string> feed(std::string_view line);
    // The lines held back at the end of the output.
    std::vector<std::string> finish();

    // Whether the warning was seen, and the platform that the lock file has
    // checksums for (as terraform named it), if it said.
    bool saw_warning() const { return saw_warning_; }
    const std::optional<std::string>& platform() const { return platform_; }

private:
    void consume_block_line(std::string_view text);

    bool in_block_ = false;
    bool boxed_ = false;
    bool saw_warning_ = false;
    std::optional<std::string> held_;  // a blank line or box top that may open the block
    std::optional<std::string> platform_;
};

// The one line that replaces the warning.
std::string lock_file_hint(const std::string& platform);

}  // namespace infra::cli
