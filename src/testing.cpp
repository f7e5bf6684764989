#include "infra/testing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "infra/app.hpp"
#include "infra/synthesizer.hpp"
#include "infra/terraform_element.hpp"

namespace infra::testing {

namespace {

constexpr std::string_view kReferenceMarker = "infra:testing:reference-to:";

// Whether `text` holds a reference to `address`: "${address.attr}",
// "${address}" or the address inside a larger expression.
bool holds_reference(const std::string& text, std::string_view address) {
    if (text.find("${") == std::string::npos) return false;
    for (std::size_t at = text.find(address); at != std::string::npos; at = text.find(address, at + 1)) {
        const bool starts = at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_' ||
                                         text[at - 1] == '.');
        const char next = at + address.size() < text.size() ? text[at + address.size()] : '\0';
        if (starts && (next == '.' || next == '}' || next == '[' || next == ',' || next == ')')) return true;
    }
    return false;
}

std::vector<std::string> find_in(const nlohmann::json& section, std::string_view type, const nlohmann::json& partial) {
    std::vector<std::string> ids;
    auto it = section.find(std::string(type));
    if (it == section.end()) return ids;
    for (const auto& [id, body] : it->items())
        if (contains(body, partial)) ids.push_back(id);
    return ids;
}

// Bounds of an explanation: a failure message that scrolls past the screen
// (a whole policy document, a 3,000-character line of minified JSON) hides
// the one difference it is there to show.
constexpr std::size_t kValueWidth = 100;  // characters of one value shown
constexpr std::size_t kLineWidth = 120;   // characters of one golden line shown
constexpr std::size_t kClosestShown = 3;  // resources compared key by key
constexpr std::size_t kNamesShown = 20;   // types or ids listed

// `at` moved back to the start of the UTF-8 sequence it falls in, so a cut
// never splits a character.
std::size_t character_start(std::string_view text, std::size_t at) {
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
    return at;
}

std::string cut(const std::string& text, std::size_t width = kValueWidth) {
    if (text.size() <= width) return text;
    return fmt::format("{}... ({} characters)", text.substr(0, character_start(text, width)), text.size());
}

// `partial` as a reader wrote it: the marker strings of reference_to() shown
// as what they match.
nlohmann::json readable(const nlohmann::json& partial) {
    if (partial.is_string()) {
        const std::string& p = partial.get_ref<const std::string&>();
        if (p.rfind(kReferenceMarker, 0) == 0) return "<any reference to " + p.substr(kReferenceMarker.size()) + ">";
        return partial;
    }
    if (partial.is_object() || partial.is_array()) {
        nlohmann::json out = partial;
        for (auto& item : out) item = readable(item);
        return out;
    }
    return partial;
}

// One value on one line, cut. Invalid UTF-8 is replaced rather than thrown
// over: an explanation must not fail.
std::string show(const nlohmann::json& value) {
    const nlohmann::json shown = readable(value);
    // A reference placeholder standing alone reads better unquoted: it is
    // not a string the resource must hold.
    if (value.is_string() && shown != value) return cut(shown.get<std::string>());
    return cut(shown.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string joined(const std::vector<std::string>& names, std::string_view separator = ", ") {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < kNamesShown; ++i) {
        if (i > 0) out += separator;
        out += names[i];
    }
    if (names.size() > kNamesShown) out += fmt::format("{}... ({} in all)", separator, names.size());
    return out;
}

// Why `actual` does not contain `partial`, as "path: expected X, actual Y",
// descending into objects to the first key that differs; empty when it
// contains it.
std::string describe_difference(const nlohmann::json& actual, const nlohmann::json& partial, const std::string& path) {
    if (contains(actual, partial)) return {};
    if (partial.is_object() && actual.is_object()) {
        for (const auto& [key, value] : partial.items()) {
            const auto it = actual.find(key);
            if (it == actual.end()) return fmt::format("{}.{}: expected {}, actual: absent", path, key, show(value));
            if (auto why = describe_difference(*it, value, path + "." + key); !why.empty()) return why;
        }
    }
    if (partial.is_array() && actual.is_array()) {
        // Name only the wanted items that no actual item matches.
        nlohmann::json missing = nlohmann::json::array();
        for (const auto& wanted : partial)
            if (std::none_of(actual.begin(), actual.end(),
                             [&](const nlohmann::json& item) { return contains(item, wanted); }))
                missing.push_back(wanted);
        return fmt::format("{}: expected to include {}, actual {}", path,
                           missing.size() == 1 ? show(missing[0]) : show(missing), show(actual));
    }
    return fmt::format("{}: expected {}, actual {}", path, show(partial), show(actual));
}

// The keys of `partial` a body matches, one line each, and how many match.
struct Comparison {
    std::string id;
    std::size_t matching = 0;
    std::vector<std::string> lines;
};

Comparison compare(const std::string& id, const nlohmann::json& body, const nlohmann::json& partial) {
    Comparison c{id, 0, {}};
    if (!partial.is_object()) {
        c.lines.push_back(describe_difference(body, partial, "body"));
        return c;
    }
    for (const auto& [key, value] : partial.items()) {
        const auto it = body.find(key);
        if (it == body.end()) {
            c.lines.push_back(fmt::format("{}: expected {}, actual: absent", key, show(value)));
        } else if (auto why = describe_difference(*it, value, key); !why.empty()) {
            c.lines.push_back(std::move(why));
        } else {
            ++c.matching;
            c.lines.push_back(fmt::format("{}: matches {}", key, show(*it)));
        }
    }
    return c;
}

// The construct path synthesis records in a body, for finding the resource
// in the code; empty when absent.
std::string construct_path(const nlohmann::json& body) {
    const auto meta = body.find("//");
    if (meta == body.end() || !meta->is_object()) return {};
    const auto metadata = meta->find("metadata");
    if (metadata == meta->end() || !metadata->is_object()) return {};
    const auto path = metadata->find("path");
    return path != metadata->end() && path->is_string() ? path->get<std::string>() : std::string{};
}

std::vector<std::string> keys_of(const nlohmann::json& object) {
    std::vector<std::string> keys;
    if (object.is_object())
        for (const auto& [key, value] : object.items()) keys.push_back(key);
    return keys;
}

// Why no resource of `type` in `document` contains `partial`.
std::string explain_no_match(const nlohmann::json& document, std::string_view type, const nlohmann::json& partial) {
    static const nlohmann::json empty = nlohmann::json::object();
    const auto resources_it = document.find("resource");
    const nlohmann::json& resources = resources_it != document.end() ? *resources_it : empty;
    const auto of_type = resources.find(std::string(type));
    if (of_type == resources.end() || !of_type->is_object() || of_type->empty()) {
        const auto types = keys_of(resources);
        std::string out = fmt::format("no resource of type {} ({})", type,
                                      types.empty() ? "the stack has no resources" : "types present: " + joined(types));
        const auto data = document.find("data");
        if (data != document.end() && data->contains(std::string(type)))
            out += fmt::format("; the stack has data sources of type {}, which find_data() looks at", type);
        return out;
    }

    std::vector<Comparison> closest;
    for (const auto& [id, body] : of_type->items()) closest.push_back(compare(id, body, partial));
    // Most matching keys first; ties keep the document's (sorted) id order.
    std::stable_sort(closest.begin(), closest.end(),
                     [](const Comparison& a, const Comparison& b) { return a.matching > b.matching; });
    const std::size_t total = closest.size();
    const std::size_t keys = partial.is_object() ? partial.size() : 1;

    std::string out = fmt::format("no {} matches {}\n", type, show(partial));
    out += total == 1 ? fmt::format("the only {}:", type)
           : total <= kClosestShown ? fmt::format("the {} {}, closest first:", total, type)
                                    : fmt::format("the closest {} of the {} {}:", kClosestShown, total, type);
    for (std::size_t i = 0; i < total && i < kClosestShown; ++i) {
        const Comparison& c = closest[i];
        const std::string path = construct_path((*of_type)[c.id]);
        out += fmt::format("\n  {}.{}{} ({} of {} {})", type, c.id, path.empty() ? "" : " at " + path, c.matching, keys,
                           keys == 1 ? "key matches" : "keys match");
        for (const auto& line : c.lines) out += "\n    " + line;
    }
    return out;
}

// A golden file's path as given and, when relative, where that resolves:
// tests run from a build folder, so a relative path is often not where its
// writer thought.
std::string where(const std::filesystem::path& golden) {
    if (golden.is_absolute()) return golden.string();
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(golden, ec);
    return ec ? golden.string() : fmt::format("{} (resolved to {})", golden.string(), absolute.string());
}

// The lines of `text`; a final newline ends the last line rather than
// starting an empty one, so counts read as an editor shows them.
std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t end = text.find('\n'); end != std::string_view::npos; end = text.find('\n', start)) {
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

// A line as shown in an explanation: from `from` on, at most kLineWidth
// characters, the characters a terminal would not show (\r, tabs, other
// control characters) escaped so that lines differing only in them look
// different.
std::string show_line(std::string_view line, std::size_t from) {
    from = character_start(line, std::min(from, line.size()));
    const std::size_t to = character_start(line, std::min(line.size(), from + kLineWidth));
    std::string out = from > 0 ? "..." : "";
    for (char ch : line.substr(from, to - from)) {
        if (ch == '\r') out += "\\r";
        else if (ch == '\t') out += "\\t";
        else if (static_cast<unsigned char>(ch) < 0x20) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(ch));
        else out += ch;
    }
    if (to < line.size()) out += "...";
    return out;
}

// The first line where `actual` and `expected` differ, with both texts
// around the first differing column.
std::string explain_golden_difference(const std::string& expected, const std::string& actual,
                                      const std::filesystem::path& golden) {
    const auto want = lines_of(expected);
    const auto got = lines_of(actual);
    std::size_t line = 0;
    while (line < want.size() && line < got.size() && want[line] == got[line]) ++line;
    std::string out = fmt::format("the actual output differs from golden file {}\n", where(golden));
    if (line < want.size() && line < got.size()) {
        const std::string_view w = want[line];
        const std::string_view g = got[line];
        std::size_t column = 0;
        while (column < w.size() && column < g.size() && w[column] == g[column]) ++column;
        // Keep some of the line before the difference for context.
        const std::size_t from = column > kLineWidth / 3 ? column - kLineWidth / 3 : 0;
        out += fmt::format("first difference at line {}, column {}:\n  expected: {}\n  actual:   {}", line + 1,
                           column + 1, show_line(w, from), show_line(g, from));
    } else if (line < want.size()) {
        out += fmt::format("the actual output ends before line {}, the golden file goes on:\n"
                           "  expected: {}\n  actual:   (end of output)",
                           line + 1, show_line(want[line], 0));
    } else if (line < got.size()) {
        out += fmt::format("the golden file ends before line {}, the actual output goes on:\n"
                           "  expected: (end of file)\n  actual:   {}",
                           line + 1, show_line(got[line], 0));
    } else {
        // Same lines: only the newline after the last one differs.
        out += expected.ends_with('\n') ? "the golden file ends with a newline, the actual output does not"
                                         : "the actual output ends with a newline, the golden file does not";
    }
    out += fmt::format("\n(golden file: {} lines, actual: {} lines; if the new output is right, run the test with "
                       "INFRA_UPDATE_GOLDEN=1 set to update the golden file)",
                       want.size(), got.size());
    return out;
}

}  // namespace

std::ostream& operator<<(std::ostream& out, const Match& match) { return out << match.explanation(); }

std::string reference_to(const TerraformElement& element) {
    std::string prefix = element.reference_prefix();
    if (prefix.empty()) throw std::invalid_argument(element.path() + " cannot be referenced");
    return std::string(kReferenceMarker) + prefix;
}

bool contains(const nlohmann::json& actual, const nlohmann::json& partial) {
    if (partial.is_string()) {
        const std::string& p = partial.get_ref<const std::string&>();
        if (p.rfind(kReferenceMarker, 0) == 0)
            return actual.is_string() && holds_reference(actual.get_ref<const std::string&>(), std::string_view(p).substr(kReferenceMarker.size()));
        return actual == partial;
    }
    if (partial.is_object()) {
        if (!actual.is_object()) return false;
        for (const auto& [key, value] : partial.items()) {
            auto it = actual.find(key);
            if (it == actual.end() || !contains(*it, value)) return false;
        }
        return true;
    }
    if (partial.is_array()) {
        if (!actual.is_array()) return false;
        for (const auto& wanted : partial) {
            bool found = false;
            for (const auto& item : actual)
                if (contains(item, wanted)) {
                    found = true;
                    break;
                }
            if (!found) return false;
        }
        return true;
    }
    return actual == partial;
}

SynthesizedStack SynthesizedStack::of(App& app, const std::string& stack, const SchemaRegistry* schemas) {
    SynthesisResult result = synthesize(app, {stack}, schemas);
    SynthesizedStack s;
    for (auto& artifact : result.stacks)
        if (artifact.name == stack) s.text_ = std::move(artifact.json);
    s.document_ = nlohmann::json::parse(s.text_);
    s.unvalidated_types_ = std::move(result.unvalidated_types);
    for (const auto& d : result.diagnostics)
        if (d.severity == Severity::Warning) s.warnings_.push_back(format_diagnostic(d));
    return s;
}

std::vector<std::string> SynthesizedStack::find(std::string_view type, const nlohmann::json& partial) const {
    auto it = document_.find("resource");
    return it == document_.end() ? std::vector<std::string>{} : find_in(*it, type, partial);
}

std::vector<std::string> SynthesizedStack::find_data(std::string_view type, const nlohmann::json& partial) const {
    auto it = document_.find("data");
    return it == document_.end() ? std::vector<std::string>{} : find_in(*it, type, partial);
}

Match SynthesizedStack::has_resource(std::string_view type, const nlohmann::json& partial) const {
    const auto ids = find(type, partial);
    if (ids.empty()) return Match(false, explain_no_match(document_, type, partial));
    std::vector<std::string> addresses;
    for (const auto& id : ids) addresses.push_back(fmt::format("{}.{}", type, id));
    return Match(true, fmt::format("{} {} {}", joined(addresses), ids.size() == 1 ? "matches" : "match", show(partial)));
}

const nlohmann::json& SynthesizedStack::resource(std::string_view type, std::string_view id) const {
    const auto resources = document_.find("resource");
    if (resources != document_.end()) {
        const auto of_type = resources->find(std::string(type));
        if (of_type != resources->end()) {
            const auto it = of_type->find(std::string(id));
            if (it != of_type->end()) return *it;
        }
    }
    throw std::out_of_range(fmt::format("no resource {}.{} in the synthesized stack", type, id));
}

std::vector<std::string> validation_errors(App& app, const std::string& stack, const SchemaRegistry* schemas,
                                           const rules::RuleSet* rules) {
    SynthesisRequest request;
    request.stacks = {stack};
    request.schemas = schemas;
    request.rules = rules;
    std::vector<std::string> errors;
    try {
        synthesize(app, request);
    } catch (const SynthesisError& e) {
        for (const auto& d : e.errors()) errors.push_back(format_diagnostic(d));
    } catch (const Error& e) {
        errors.emplace_back(e.what());
    }
    return errors;
}

Match matches_golden(const std::string& actual, const std::filesystem::path& golden) {
    if (std::getenv("INFRA_UPDATE_GOLDEN") != nullptr) {
        std::error_code ec;
        if (!golden.parent_path().empty()) std::filesystem::create_directories(golden.parent_path(), ec);
        std::ofstream out(golden, std::ios::binary | std::ios::trunc);
        out << actual;
        out.close();
        if (!out)
            return Match(false, fmt::format("could not write golden file {} (INFRA_UPDATE_GOLDEN is set){}", where(golden),
                                            ec ? ": " + ec.message() : std::string{}));
        return Match(true, fmt::format("wrote golden file {} (INFRA_UPDATE_GOLDEN is set)", where(golden)));
    }
    std::error_code ec;
    // When existence cannot be told (a folder that cannot be searched), the
    // read below fails and says so.
    if (!std::filesystem::exists(golden, ec) && !ec)
        return Match(false, fmt::format("golden file {} is missing; to create it, run the test with INFRA_UPDATE_GOLDEN=1 "
                                        "set in the environment (it writes the actual output there)",
                                        where(golden)));
    std::ifstream in(golden, std::ios::binary);
    // A folder opens as a stream on Linux and reads as nothing.
    if (!in || std::filesystem::is_directory(golden, ec))
        return Match(false, fmt::format("cannot read golden file {}", where(golden)));
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (buffer.str() == actual) return Match(true, fmt::format("the actual output matches golden file {}", where(golden)));
    return Match(false, explain_golden_difference(buffer.str(), actual, golden));
}

}  // namespace infra::testing
