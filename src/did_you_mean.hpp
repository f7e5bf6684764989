// "did you mean ...?" for misspelled names: the candidate closest to a word
// by edit distance, when it is close enough to be a likely typo.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infra {

// Levenshtein distance (insertions, deletions, substitutions).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, if within a third of its length (at
// least 1, at most 3 edits); the first in order among equally near ones.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

// "; did you mean \"runtime\"?" or "" when nothing is close: ready to append
// to a message.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace infra
