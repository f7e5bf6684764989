// The one way infra starts a program (terraform, git, dot, pip). Each runner
// inherits stdin and the environment, and reports a program that cannot be
// started as an infra::Error naming it instead of a bare exit code 127.
// While the program runs, SIGINT and SIGTERM sent to us are passed on to it
// (and not acted on by us), so terraform can release its state lock and exit
// on its own terms.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace infra::cli {

// Runs a program the way a user's shell would, with our stdout and stderr,
// so terraform's output streams live and its prompts work. Returns the
// child's exit code, or 128 + signal number if a signal ended it (then also
// stored in `*killed_by`, which is 0 otherwise: a crash must not pass for an
// ordinary failure). Throws infra::Error if the program cannot be started.
int run_child(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
              int* killed_by = nullptr);

// Like run_child, but the child's standard output comes through a pipe, a
// line at a time (without its newline), to `on_line`, which shows what it
// chooses; the last line may lack a newline.
int run_child_reading_lines(const std::string& program, const std::vector<std::string>& args,
                            const std::filesystem::path& cwd, const std::function<void(std::string_view)>& on_line,
                            int* killed_by = nullptr);

enum class ChildStderr {
    inherit,  // the user sees it: the program's own explanation of a failure
    discard,  // the caller explains a failure itself (e.g. `git show` of a path that is no revision)
    capture,  // read with the standard output, in order: the caller shows it, or only its last line
};

struct CapturedChild {
    int exit_code = 0;  // as run_child returns it
    int killed_by = 0;  // the signal that ended it, or 0
    std::string output;
};

// Runs a program in `cwd` (ours when empty) and returns its standard output
// with how it ended; stdin is inherited and signals are forwarded as for
// run_child. A non-zero exit is the caller's to judge; throws infra::Error
// only if the program cannot be started.
CapturedChild run_child_capturing(const std::string& program, const std::vector<std::string>& args,
                                  const std::filesystem::path& cwd, ChildStderr stderr_mode = ChildStderr::inherit);

// Runs a program in our folder and returns its standard output. Throws
// infra::Error if it cannot be started, exits non-zero or is killed by a
// signal (the message says which).
std::string capture_child(const std::string& program, const std::vector<std::string>& args,
                          ChildStderr stderr_mode = ChildStderr::inherit);

// Replaces this process with `program` (a path), given `args` after its
// name: the generic `infra` command becomes the project's app, so the app's
// exit code, output and signals are the user's directly. Returns only to
// throw infra::Error when the program cannot be started.
[[noreturn]] void replace_process(const std::filesystem::path& program, const std::vector<std::string>& args);

// Whether an executable `name` is in one of the folders of PATH.
bool on_path(const std::string& name);

// "exited with code 3" or "was killed by signal 11 (Segmentation fault)".
std::string describe_exit(int code, int killed_by);

}  // namespace infra::cli
