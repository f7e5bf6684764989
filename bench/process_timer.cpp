// Times a command as a process, start to exit: `process_timer RUNS -- CMD
// ARGS...` runs it RUNS times (after one warm-up run that fills the page
// cache) and prints one line: median, minimum and maximum wall time in
// milliseconds, and the largest peak RSS of any run in KiB. Spawned with
// posix_spawn and reaped with wait4, so the clock covers exactly the child's
// life and the RSS is the child's own; its output goes to /dev/null so a
// terminal's speed is not measured.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

extern char** environ;

namespace {

double now_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Run {
    double wall_ms;
    long peak_rss_kib;
};

Run run_once(char** argv) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    const double start = now_ms();
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        std::fprintf(stderr, "process_timer: cannot start %s: %s\n", argv[0], std::strerror(spawned));
        std::exit(2);
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid) {
        std::perror("process_timer: wait4");
        std::exit(2);
    }
    const double wall = now_ms() - start;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "process_timer: %s failed (status %d)\n", argv[0], status);
        std::exit(1);
    }
    return {wall, usage.ru_maxrss};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4 || std::strcmp(argv[2], "--") != 0) {
        std::fprintf(stderr, "usage: process_timer RUNS -- CMD [ARGS...]\n");
        return 2;
    }
    const int runs = std::atoi(argv[1]);
    if (runs < 1) return 2;
    char** command = argv + 3;

    run_once(command);  // warm-up: page cache, dynamic loader caches
    std::vector<double> walls;
    long peak = 0;
    for (int i = 0; i < runs; ++i) {
        const Run r = run_once(command);
        walls.push_back(r.wall_ms);
        peak = std::max(peak, r.peak_rss_kib);
    }
    std::sort(walls.begin(), walls.end());
    const std::size_t n = walls.size();
    const double median = n % 2 == 1 ? walls[n / 2] : (walls[n / 2 - 1] + walls[n / 2]) / 2;
    std::printf("%.3f %.3f %.3f %ld\n", median, walls.front(), walls.back(), peak);
    return 0;
}
