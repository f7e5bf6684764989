// The commit of a run's files into the output folder. Every new file is
// written to a temporary name beside its target first (output_writer.cpp);
// the commit then renames them into place one by one. A run that fails in the
// middle (a file that cannot be replaced) puts back what it had already
// renamed. A run that is killed in the middle cannot, so before the first
// rename the commit records what it is about to do in
// `<out>/.infra-commit.json` (written atomically), and the next run that
// takes the output folder's lock finishes it before anything else: the
// output becomes the killed run's, whole. Only the renames are recorded: a
// run killed before them left the old output untouched, and its temporaries
// are removed as a dead run's.
//
// The record is a file anyone can edit. Whatever it says, it only ever
// renames a temporary of the writer's own naming onto a file the writer owns
// (manifest.json, stacks/<name>/main.tf.json, stacks/<name>/assets/...), and
// only ever removes assets; anything else makes it refused as a whole.
// Private to the core.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace infra {

// The record's name inside the output folder.
inline constexpr const char* kCommitRecordFile = ".infra-commit.json";

// One file of the run, paths relative to the output folder.
struct StagedFile {
    std::string target;     // where it goes
    std::string temporary;  // where it was written: "<target>.tmp-<pid>-<n>"
};

struct OutputCommit {
    std::vector<StagedFile> files;     // renamed in this order
    std::vector<std::string> removals;  // stale assets removed once all are in place
};

// Renames every staged file into place, then removes the stale assets. When
// a rename fails, the files already renamed get their previous content back,
// new ones are removed, the temporaries are deleted, and infra::Error names
// the file that could not be replaced. The caller holds the output lock.
void commit_output(const std::filesystem::path& out_dir, const OutputCommit& commit);

// Finishes the commit a killed run left half done, if its record is there.
// Throws infra::Error when the record cannot be read or names a file the
// writer does not own (it is left in place for the user to look at).
void finish_interrupted_commit(const std::filesystem::path& out_dir);

// Whether `file`, relative to the output folder, lies under
// stacks/<stack>/assets/ (and is not the folder itself, nor climbs out of it).
bool is_asset_of_stack(const std::string& file, const std::string& stack);

// Whether `name` is one infra::temporary_path_beside gives:
// "<file>.tmp-<pid>-<n>".
bool is_temporary_name(const std::string& name);

}  // namespace infra
