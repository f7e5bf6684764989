#include "child_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "infra/error.hpp"

namespace infra::cli {

namespace {

std::atomic<pid_t> g_child{0};

void forward_signal(int sig) {
    const pid_t child = g_child.load();
    if (child > 0) ::kill(child, sig);
}

std::vector<char*> argv_of(const std::string& program, const std::vector<std::string>& args) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    return argv;
}

// Restores the previous handlers when the child is done.
class SignalForwarding {
public:
    explicit SignalForwarding(pid_t child) {
        g_child = child;
        struct sigaction sa {};
        sa.sa_handler = forward_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &sa, &old_int_);
        ::sigaction(SIGTERM, &sa, &old_term_);
    }
    ~SignalForwarding() {
        ::sigaction(SIGINT, &old_int_, nullptr);
        ::sigaction(SIGTERM, &old_term_, nullptr);
        g_child = 0;
    }
    SignalForwarding(const SignalForwarding&) = delete;
    SignalForwarding& operator=(const SignalForwarding&) = delete;

private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

int wait_for(pid_t pid, int* killed_by = nullptr) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw Error(fmt::format("waiting for child process failed: {}", std::strerror(errno)));
    }
    if (killed_by != nullptr) *killed_by = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

// fork + exec, reporting an exec failure through a close-on-exec pipe so the
// caller gets a clear error instead of a mysterious exit code 127.
pid_t spawn(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path* cwd,
            int stdout_fd, int stderr_fd = -1) {
    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0) throw Error("cannot create a pipe");
    auto argv = argv_of(program, args);
    const pid_t pid = ::fork();
    if (pid < 0) throw Error(fmt::format("cannot start {}: {}", program, std::strerror(errno)));
    if (pid == 0) {
        ::close(report[0]);
        int err = 0;
        if (cwd != nullptr && ::chdir(cwd->c_str()) != 0) err = errno;
        if (err == 0 && stdout_fd >= 0 && ::dup2(stdout_fd, STDOUT_FILENO) < 0) err = errno;
        if (err == 0 && stderr_fd >= 0 && ::dup2(stderr_fd, STDERR_FILENO) < 0) err = errno;
        if (err == 0) {
            ::execvp(program.c_str(), argv.data());
            err = errno;
        }
        [[maybe_unused]] auto n = ::write(report[1], &err, sizeof err);
        ::_exit(127);
    }
    ::close(report[1]);
    int err = 0;
    const auto n = ::read(report[0], &err, sizeof err);
    ::close(report[0]);
    if (n == static_cast<ssize_t>(sizeof err)) {
        wait_for(pid);
        throw Error(fmt::format("cannot run {}{}: {}", program,
                                cwd != nullptr ? fmt::format(" in {}", cwd->string()) : std::string(),
                                std::strerror(err)));
    }
    return pid;
}

// Runs the program with its standard output into a pipe (and, with
// ChildStderr::capture, its error output into the same pipe, so the two stay
// in the order they were written), handing each chunk to `on_bytes` as it
// arrives. Signals are forwarded while it runs.
int run_reading_output(const std::string& program, const std::vector<std::string>& args,
                       const std::filesystem::path* cwd, ChildStderr stderr_mode,
                       const std::function<void(std::string_view)>& on_bytes, int* killed_by) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw Error("cannot create a pipe");
    int stderr_fd = -1;
    if (stderr_mode == ChildStderr::discard) stderr_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (stderr_mode == ChildStderr::capture) stderr_fd = out[1];
    pid_t pid = 0;
    try {
        pid = spawn(program, args, cwd, out[1], stderr_fd);
    } catch (...) {
        ::close(out[0]);
        ::close(out[1]);
        if (stderr_mode == ChildStderr::discard && stderr_fd >= 0) ::close(stderr_fd);
        throw;
    }
    ::close(out[1]);
    if (stderr_mode == ChildStderr::discard && stderr_fd >= 0) ::close(stderr_fd);
    SignalForwarding forwarding(pid);
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(out[0], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0) on_bytes(std::string_view(buffer, static_cast<std::size_t>(n)));
    ::close(out[0]);
    return wait_for(pid, killed_by);
}

}  // namespace

int run_child(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
              int* killed_by) {
    const pid_t pid = spawn(program, args, &cwd, -1);
    SignalForwarding forwarding(pid);
    return wait_for(pid, killed_by);
}

int run_child_reading_lines(const std::string& program, const std::vector<std::string>& args,
                            const std::filesystem::path& cwd, const std::function<void(std::string_view)>& on_line,
                            int* killed_by) {
    std::string pending;
    const int code = run_reading_output(
        program, args, &cwd, ChildStderr::inherit,
        [&](std::string_view bytes) {
            pending.append(bytes);
            std::size_t start = 0;
            for (std::size_t end = pending.find('\n'); end != std::string::npos; end = pending.find('\n', start)) {
                on_line(std::string_view(pending).substr(start, end - start));
                start = end + 1;
            }
            pending.erase(0, start);
        },
        killed_by);
    if (!pending.empty()) on_line(pending);
    return code;
}

CapturedChild run_child_capturing(const std::string& program, const std::vector<std::string>& args,
                                  const std::filesystem::path& cwd, ChildStderr stderr_mode) {
    CapturedChild result;
    result.exit_code = run_reading_output(
        program, args, cwd.empty() ? nullptr : &cwd, stderr_mode,
        [&](std::string_view bytes) { result.output.append(bytes); }, &result.killed_by);
    return result;
}

std::string describe_exit(int code, int killed_by) {
    if (killed_by == 0) return fmt::format("exited with code {}", code);
    return fmt::format("was killed by signal {} ({})", killed_by, ::strsignal(killed_by));
}

std::string capture_child(const std::string& program, const std::vector<std::string>& args, ChildStderr stderr_mode) {
    CapturedChild child = run_child_capturing(program, args, {}, stderr_mode);
    if (child.exit_code != 0) throw Error(fmt::format("{} {}", program, describe_exit(child.exit_code, child.killed_by)));
    return std::move(child.output);
}

void replace_process(const std::filesystem::path& program, const std::vector<std::string>& args) {
    const std::string path = program.string();
    auto argv = argv_of(path, args);
    ::execv(path.c_str(), argv.data());
    throw Error(fmt::format("cannot run {}: {}", path, std::strerror(errno)));
}

bool on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    if (path == nullptr) return false;
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':'))
        if (!dir.empty() && ::access((std::filesystem::path(dir) / name).c_str(), X_OK) == 0) return true;
    return false;
}

}  // namespace infra::cli
