// Fuzz target: `infra diff`'s input. The previous configuration comes from
// disk or from a git revision, so it is whatever JSON happens to be there;
// the new one is a synthesized main.tf.json.
//
// Input: two JSON documents separated by a "----" line (one document alone
// is diffed against itself). Text that is not JSON is refused before the
// diff, as diff_command.cpp does. For any two JSON values:
//
//   - diff_configurations and format_changes return (no exception: the
//     header documents none);
//   - a document compared with itself has no changes;
//   - every change is by a distinct address, in address order;
//   - swapping the documents swaps additions and removals.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_input.hpp"
#include "config_diff.hpp"
#include "invariant.hpp"

namespace {

using nlohmann::json;

bool parse(std::string_view text, json& out) {
    out = json::parse(text, nullptr, false);
    return !out.is_discarded();
}

std::size_t count(const std::vector<infra::BlockChange>& changes, infra::BlockChange::Kind kind) {
    std::size_t n = 0;
    for (const auto& c : changes) n += c.kind == kind ? 1 : 0;
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parts = infra::fuzz::split_parts(infra::fuzz::as_text(data, size));
    json before, after;
    if (!parse(parts[0], before)) return 0;
    if (!parse(parts.size() > 1 ? parts[1] : parts[0], after)) return 0;

    const auto changes = infra::diff_configurations(before, after);
    (void)infra::format_changes(changes);
    for (std::size_t i = 1; i < changes.size(); ++i)
        infra::fuzz::check(changes[i - 1].address < changes[i].address, "changes are not in strict address order",
                           changes[i - 1].address + "\n" + changes[i].address);
    for (const auto& c : changes)
        infra::fuzz::check(c.kind != infra::BlockChange::Kind::Changed || !c.changes.empty(),
                           "a block is reported changed with no attribute change", c.address);

    infra::fuzz::check(infra::diff_configurations(before, before).empty(), "a document differs from itself",
                       infra::format_changes(infra::diff_configurations(before, before)));

    const auto reverse = infra::diff_configurations(after, before);
    using Kind = infra::BlockChange::Kind;
    infra::fuzz::check(count(changes, Kind::Added) == count(reverse, Kind::Removed) &&
                           count(changes, Kind::Removed) == count(reverse, Kind::Added) &&
                           count(changes, Kind::Changed) == count(reverse, Kind::Changed),
                       "diffing the other way round does not mirror the changes",
                       infra::format_changes(changes) + "\n" + infra::format_changes(reverse));
    return 0;
}
