#include "support/run_command.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace test_support {

namespace {

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

CommandResult run_command(const std::string& command_line, const std::filesystem::path& cwd) {
    // Everything the child needs is prepared before fork: between fork and
    // exec it calls only async-signal-safe functions.
    const std::string script = "NO_COLOR=1; export NO_COLOR\n" + command_line;
    const std::string folder = cwd.string();

    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw_errno("cannot create a pipe for " + command_line);
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int error = errno;
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        throw std::system_error(error, std::generic_category(), "cannot start " + command_line);
    }
    if (pid == 0) {
        // dup2 clears close-on-exec on the copies: the command inherits the
        // write end as both its stdout and its stderr.
        if (::dup2(pipe_fds[1], STDOUT_FILENO) < 0 || ::dup2(pipe_fds[1], STDERR_FILENO) < 0) ::_exit(127);
        if (!folder.empty() && ::chdir(folder.c_str()) != 0) {
            static const char message[] = "run_command: cannot change to the working folder\n";
            [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message, sizeof message - 1);
            ::_exit(127);
        }
        ::execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }

    // Only the child may hold the write end, or the read below never sees
    // the end of the output.
    ::close(pipe_fds[1]);
    CommandResult result;
    std::array<char, 4096> buffer{};
    for (;;) {
        const ssize_t n = ::read(pipe_fds[0], buffer.data(), buffer.size());
        if (n > 0) {
            result.output.append(buffer.data(), static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    ::close(pipe_fds[0]);

    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw_errno("cannot wait for " + command_line);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

}  // namespace test_support
