#include "infra/output_writer.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <system_error>

#include "infra/error.hpp"
#include "infra/manifest.hpp"
#include "infra/version.hpp"

namespace fs = std::filesystem;

namespace infra {

namespace {

struct PendingFile {
    fs::path target;     // absolute
    fs::path temporary;  // beside the target, same filesystem, so rename is atomic
    const std::string* content;
};

// Plain open/write: the content is already in memory, so a stream's buffer
// would only add a copy (and its allocation, after a large synth, makes
// malloc sweep every small block the synth freed).
void write_file(const fs::path& path, const std::string& content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) throw Error(fmt::format("{}: cannot write file", path.string()));
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            throw Error(fmt::format("{}: cannot write file", path.string()));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) throw Error(fmt::format("{}: cannot write file", path.string()));
}

void remove_temporaries(const std::vector<PendingFile>& files) {
    std::error_code ignored;
    for (const auto& f : files) fs::remove(f.temporary, ignored);
}

}  // namespace

std::string read_previous_stack(const fs::path& out_dir, const std::string& stack_name) {
    std::ifstream in(out_dir / "stacks" / stack_name / "main.tf.json", std::ios::binary | std::ios::ate);
    if (!in) return {};
    // Read into a string of the file's size: no stream buffer copy of a file
    // that can be hundreds of megabytes.
    std::string content(static_cast<std::size_t>(in.tellg()), '\0');
    in.seekg(0);
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    if (!in) return {};
    return content;
}

WrittenOutput write_output(const fs::path& out_dir, const SynthesisResult& result) {
    std::error_code ec;
    if (fs::exists(out_dir, ec) && !fs::is_directory(out_dir, ec))
        throw Error(fmt::format("{}: output path exists and is not a directory", out_dir.string()));

    const fs::path manifest_path = out_dir / "manifest.json";
    Manifest manifest = read_manifest(manifest_path).value_or(Manifest{});
    const Manifest previous = manifest;
    manifest.version = version();

    WrittenOutput written;
    // Pointers into `result`: a stack's JSON can be hundreds of megabytes,
    // and a copy of it here would double the peak memory of a synth.
    std::vector<const std::string*> contents;
    std::string manifest_text;
    std::vector<std::pair<fs::path, std::size_t>> planned;  // relative path, index into contents
    for (const auto& stack : result.stacks) {
        ManifestStack entry;
        entry.name = stack.name;
        entry.directory = "stacks/" + stack.name;
        entry.synthesized_file = entry.directory + "/main.tf.json";
        entry.dependencies = stack.dependencies;
        entry.files = {entry.synthesized_file};
        contents.push_back(&stack.json);
        planned.emplace_back(entry.synthesized_file, contents.size() - 1);
        for (const auto& file : stack.files) {
            entry.files.push_back(entry.directory + "/" + file.path);
            contents.push_back(&file.bytes);
            planned.emplace_back(entry.files.back(), contents.size() - 1);
        }
        manifest.stacks.insert_or_assign(stack.name, std::move(entry));
    }
    // Entries for stacks whose folder is gone are dropped.
    for (auto it = manifest.stacks.begin(); it != manifest.stacks.end();) {
        if (!fs::exists(out_dir / it->second.synthesized_file) &&
            std::none_of(result.stacks.begin(), result.stacks.end(), [&](const auto& s) { return s.name == it->first; }))
            it = manifest.stacks.erase(it);
        else
            ++it;
    }
    manifest_text = manifest_json(manifest);
    contents.push_back(&manifest_text);
    planned.emplace_back("manifest.json", contents.size() - 1);

    // Phase 1: every file to a temporary name. A failure here changes nothing
    // visible.
    const std::string suffix = fmt::format(".tmp-{}", ::getpid());
    std::vector<PendingFile> pending;
    try {
        for (const auto& [relative, index] : planned) {
            const fs::path target = out_dir / relative;
            fs::create_directories(target.parent_path());
            PendingFile f{target, target.string() + suffix, contents[index]};
            pending.push_back(f);
            write_file(f.temporary, *f.content);
        }
    } catch (const fs::filesystem_error& e) {
        remove_temporaries(pending);
        throw Error(fmt::format("{}: cannot create output folder: {}", out_dir.string(), e.code().message()));
    } catch (...) {
        remove_temporaries(pending);
        throw;
    }
    // Phase 2: rename into place, stacks first and the manifest last, so a
    // manifest never names a file that is not there yet.
    for (const auto& f : pending) {
        fs::rename(f.temporary, f.target, ec);
        if (ec) {
            remove_temporaries(pending);
            throw Error(fmt::format("{}: cannot replace file: {}", f.target.string(), ec.message()));
        }
    }
    for (const auto& [relative, index] : planned) written.files.push_back(relative);

    // Files an earlier synthesis wrote for these stacks that this one did not.
    for (const auto& stack : result.stacks) {
        auto old = previous.stacks.find(stack.name);
        if (old == previous.stacks.end()) continue;
        const auto& now = manifest.stacks.at(stack.name).files;
        for (const auto& file : old->second.files) {
            if (std::find(now.begin(), now.end(), file) != now.end()) continue;
            // Never outside the output folder, whatever the manifest says.
            const fs::path relative = fs::path(file).lexically_normal();
            if (relative.empty() || relative.is_absolute() || *relative.begin() == ".." || relative == ".") continue;
            fs::remove(out_dir / relative, ec);
        }
    }
    return written;
}

}  // namespace infra
