// The cost floor of a synthesis: write BYTES bytes to FILE with one plain
// fwrite, as a process of its own, so it is timed exactly like a synth run
// (process start and exit included) and the two can be compared.
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: fwrite_floor BYTES FILE\n");
        return 2;
    }
    const std::size_t bytes = std::strtoull(argv[1], nullptr, 10);
    // The bytes must exist in memory first, as the synthesized document does.
    const std::string content(bytes, ' ');
    std::FILE* f = std::fopen(argv[2], "wb");
    if (f == nullptr) return 1;
    const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    return std::fclose(f) == 0 && ok ? 0 : 1;
}
