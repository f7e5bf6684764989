// Puts a synthesis on disk: `<out>/stacks/<name>/main.tf.json` per stack and
// `<out>/manifest.json`. Every file is written to a temporary name first and
// renamed into place only when all were written, so a failure leaves the
// previous output as it was, and a run killed while renaming is finished by
// the next one (output_commit.hpp). Only files this tool wrote are ever replaced or
// removed; terraform's own files in a stack folder (.terraform/, state,
// plans) are left alone.
//
// Two writes into one output folder (two `infra synth` runs, or two threads)
// never interleave: each holds an advisory lock (flock) on
// `<out>/.infra.lock` while it reads the manifest and writes, and a second
// one waits for it (up to `lock_wait`, then fails naming the holder's pid).
// The lock file is not part of the output and is left in place. Files are
// created with mode 0644 and folders with 0755 (less if the umask is
// stricter), never group- or world-writable.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "infra/synthesizer.hpp"

namespace infra {

struct WrittenOutput {
    std::vector<std::filesystem::path> files;  // relative to the output folder
};

// The lock file inside the output folder.
inline constexpr const char* kOutputLockFile = ".infra.lock";
// How long a write waits for another one holding the output folder's lock.
inline constexpr std::chrono::milliseconds kDefaultLockWait{30000};

// Which app writes an output folder. A folder whose manifest names another
// app is refused unless `replace` is set (then the other app's stacks are
// forgotten by the manifest; their folders, and any state in them, stay).
// An empty `app` writes no owner and takes any folder (the SDK's own tests).
struct OutputOwner {
    std::string app{};
    bool replace = false;
};

// Throws infra::UsageError naming both apps when `out_dir`'s manifest was
// written by another app than `owner.app` and `owner.replace` is not set.
// Returns whether the previous output is the same app's (false when there
// is none, or it is another app's being replaced).
bool check_output_owner(const std::filesystem::path& out_dir, const OutputOwner& owner);

// Called for each stack whose main.tf.json changes, once its new content is
// written to `staged` and before `previous` (which may not exist) is
// replaced: the moment both versions can be read from disk.
using StackChangeHook = std::function<void(const std::string& stack, const std::filesystem::path& previous,
                                           const std::filesystem::path& staged)>;

// Throws infra::UsageError when `out_dir` cannot be an output folder (empty,
// a file, under a file, not writable, another app's), infra::Error when a
// write fails. A stack given as a producer (StackArtifact::json_producer)
// is rendered straight into its file, compared with the previous one as it
// goes.
WrittenOutput write_output(const std::filesystem::path& out_dir, const SynthesisResult& result,
                           const OutputOwner& owner = {}, std::chrono::milliseconds lock_wait = kDefaultLockWait,
                           const StackChangeHook& on_stack_changed = {});

}  // namespace infra
