#include "infra/settings.hpp"

#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>

#include "did_you_mean.hpp"
#include "infra/error.hpp"
#include "infra/file_system.hpp"
#include "infra/quoted_value.hpp"

namespace infra {

namespace {

template <class T>
void add_entry(std::vector<SettingsSchema::Entry>& entries, std::string key, T* field, std::string description) {
    for (const auto& e : entries)
        if (e.key == key) throw Error(fmt::format("setting \"{}\" is bound twice", key));
    entries.push_back({std::move(key), field, std::move(description)});
}

std::string_view json_type_name(const nlohmann::json& j) {
    if (j.is_string()) return "a string";
    if (j.is_boolean()) return "a boolean";
    if (j.is_number()) return "a number";
    if (j.is_array()) return "a list";
    if (j.is_object()) return "an object";
    return "null";
}

// Well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF). A setting ends up in resource names, tags and JSON output,
// which must be UTF-8; `--set` hands bytes over unchecked.
bool is_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
        const unsigned char c = byte(i);
        std::size_t length = 0;
        std::uint32_t code = 0;
        if (c < 0x80) { ++i; continue; }
        if (c >= 0xC2 && c <= 0xDF) { length = 2; code = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { length = 3; code = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { length = 4; code = c & 0x07; }
        else return false;
        if (i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((byte(i + k) & 0xC0) != 0x80) return false;
            code = (code << 6) | (byte(i + k) & 0x3F);
        }
        if ((length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) ||
            (length == 4 && (code < 0x10000 || code > 0x10FFFF)))
            return false;
        i += length;
    }
    return true;
}

struct Assign {
    const nlohmann::json& value;
    const std::string& key;
    std::string_view origin;

    [[noreturn]] void wrong(const char* expected) const {
        throw UsageError(fmt::format("{}: setting \"{}\" must be {}, got {}", origin, key, expected,
                                     json_type_name(value)));
    }
    void operator()(std::string* f) const {
        if (!value.is_string()) wrong("a string");
        *f = value.get<std::string>();
        if (!is_utf8(*f)) throw UsageError(fmt::format("{}: setting \"{}\" is not valid UTF-8", origin, key));
    }
    void operator()(std::int64_t* f) const {
        if (!value.is_number_integer()) wrong("an integer");
        // A JSON integer above INT64_MAX is unsigned; get<int64_t> would wrap it.
        if (value.is_number_unsigned() &&
            value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            wrong("an integer in range");
        *f = value.get<std::int64_t>();
    }
    void operator()(double* f) const {
        if (!value.is_number()) wrong("a number");
        *f = value.get<double>();
    }
    void operator()(bool* f) const {
        if (!value.is_boolean()) wrong("true or false");
        *f = value.get<bool>();
    }
    void operator()(std::vector<std::string>* f) const {
        if (!value.is_array()) wrong("a list of strings");
        std::vector<std::string> out;
        for (const auto& item : value) {
            if (!item.is_string())
                throw UsageError(fmt::format("{}: setting \"{}\" must be a list of strings, but an item is {}", origin,
                                             key, json_type_name(item)));
            out.push_back(item.get<std::string>());
            if (!is_utf8(out.back()))
                throw UsageError(fmt::format("{}: setting \"{}\" has an item that is not valid UTF-8", origin, key));
        }
        *f = std::move(out);
    }
    void operator()(std::map<std::string, std::string>* f) const {
        if (!value.is_object()) wrong("an object of strings");
        std::map<std::string, std::string> out;
        for (const auto& [name, item] : value.items()) {
            // The key is checked first so that the messages below may quote it.
            if (!is_utf8(name))
                throw UsageError(fmt::format("{}: setting \"{}\" has a key that is not valid UTF-8", origin, key));
            if (!item.is_string())
                throw UsageError(fmt::format("{}: setting \"{}\" must be an object of strings, but \"{}\" is {}",
                                             origin, key, name, json_type_name(item)));
            std::string text = item.get<std::string>();
            if (!is_utf8(text))
                throw UsageError(fmt::format("{}: setting \"{}\" has a value for \"{}\" that is not valid UTF-8",
                                             origin, key, name));
            out.emplace(name, std::move(text));
        }
        *f = std::move(out);
    }
};

// The text of `--set key=text` for a map: a JSON object, for values that
// hold ',' or '=' of their own, or the shorter "k=v,k=v". Each pair splits at
// its first '=', so a value may hold '=' but not ','.
nlohmann::json parse_assigned_map(std::string_view text, const std::string& key, const std::string& origin) {
    if (!text.empty() && text.front() == '{') {
        auto parsed = nlohmann::json::parse(text, nullptr, false);
        if (parsed.is_discarded())
            throw UsageError(fmt::format("{}: setting \"{}\" is not a valid JSON object: {}", origin, key, text));
        return parsed;
    }
    nlohmann::json map = nlohmann::json::object();
    std::size_t start = 0;
    while (!text.empty()) {
        const std::size_t comma = text.find(',', start);
        const std::string_view pair =
            text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        // Empty pairs are skipped, as empty list items are, so a trailing
        // comma is harmless.
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            if (eq == std::string_view::npos)
                throw UsageError(
                    fmt::format("{}: setting \"{}\" takes k=v pairs, but {} has no '='", origin, key, quoted_value(pair)));
            if (eq == 0)
                throw UsageError(
                    fmt::format("{}: setting \"{}\" takes k=v pairs, but {} has an empty key", origin, key, quoted_value(pair)));
            const std::string name(pair.substr(0, eq));
            // JSON would keep the last of two equal keys; on a command line
            // the repetition is far more likely a slip than an intent.
            if (map.contains(name))
                throw UsageError(fmt::format("{}: setting \"{}\" has the key {} twice", origin, key, quoted_value(name)));
            map[name] = std::string(pair.substr(eq + 1));
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return map;
}

// Turns the text of `--set key=text` into the JSON value the field expects.
nlohmann::json parse_assigned_text(const SettingsSchema::Field& field, std::string_view text, const std::string& key) {
    const std::string origin = fmt::format("--set {}", key);
    if (std::holds_alternative<std::string*>(field)) return std::string(text);
    if (std::holds_alternative<bool*>(field)) {
        if (text == "true") return true;
        if (text == "false") return false;
        throw UsageError(fmt::format("{}: setting \"{}\" must be true or false, got {}", origin, key, quoted_value(text)));
    }
    if (std::holds_alternative<std::int64_t*>(field)) {
        std::int64_t v = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || ptr != text.data() + text.size())
            throw UsageError(fmt::format("{}: setting \"{}\" must be an integer, got {}", origin, key, quoted_value(text)));
        return v;
    }
    if (std::holds_alternative<double*>(field)) {
        auto parsed = nlohmann::json::parse(text, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_number())
            throw UsageError(fmt::format("{}: setting \"{}\" must be a number, got {}", origin, key, quoted_value(text)));
        return parsed;
    }
    if (std::holds_alternative<std::map<std::string, std::string>*>(field)) return parse_assigned_map(text, key, origin);
    // A list: a JSON array, or comma-separated words.
    if (!text.empty() && text.front() == '[') {
        auto parsed = nlohmann::json::parse(text, nullptr, false);
        if (parsed.is_discarded())
            throw UsageError(fmt::format("{}: setting \"{}\" is not a valid JSON list: {}", origin, key, text));
        return parsed;
    }
    nlohmann::json list = nlohmann::json::array();
    std::size_t start = 0;
    while (start <= text.size() && !text.empty()) {
        std::size_t comma = text.find(',', start);
        std::string_view item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (!item.empty()) list.push_back(std::string(item));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return list;
}

}  // namespace

void SettingsSchema::bind(std::string key, std::string& field, std::string description) {
    add_entry(entries_, std::move(key), &field, std::move(description));
}
void SettingsSchema::bind(std::string key, std::int64_t& field, std::string description) {
    add_entry(entries_, std::move(key), &field, std::move(description));
}
void SettingsSchema::bind(std::string key, double& field, std::string description) {
    add_entry(entries_, std::move(key), &field, std::move(description));
}
void SettingsSchema::bind(std::string key, bool& field, std::string description) {
    add_entry(entries_, std::move(key), &field, std::move(description));
}
void SettingsSchema::bind(std::string key, std::vector<std::string>& field, std::string description) {
    add_entry(entries_, std::move(key), &field, std::move(description));
}
void SettingsSchema::bind(std::string key, std::map<std::string, std::string>& field, std::string description) {
    add_entry(entries_, std::move(key), &field, std::move(description));
}

const SettingsSchema::Entry& SettingsSchema::find(std::string_view key, std::string_view origin) const {
    for (const auto& e : entries_)
        if (e.key == key) return e;
    std::string known;
    std::vector<std::string_view> keys;
    for (const auto& e : entries_) {
        known += (known.empty() ? "" : ", ") + e.key;
        keys.push_back(e.key);
    }
    throw UsageError(
        fmt::format("{}: unknown setting {}{} (known settings: {})", origin, quoted_value(key), did_you_mean(key, keys), known));
}

void SettingsSchema::apply_json(const nlohmann::json& object, std::string_view origin) {
    if (!object.is_object())
        throw UsageError(fmt::format("{}: settings must be a JSON object of key/value pairs, got {}", origin,
                                     json_type_name(object)));
    for (const auto& [key, value] : object.items()) {
        const Entry& e = find(key, origin);
        std::visit(Assign{value, e.key, origin}, e.field);
    }
}

void SettingsSchema::apply_assignment(std::string_view assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0)
        throw UsageError(fmt::format("--set {}: expected key=value", assignment));
    const std::string key(assignment.substr(0, eq));
    const std::string origin = fmt::format("--set {}", key);
    const Entry& e = find(key, origin);
    const nlohmann::json value = parse_assigned_text(e.field, assignment.substr(eq + 1), key);
    std::visit(Assign{value, e.key, origin}, e.field);
}

nlohmann::json SettingsSchema::to_json() const {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& e : entries_) std::visit([&](auto* f) { out[e.key] = *f; }, e.field);
    return out;
}

const char* settings_type_name(const SettingsSchema::Field& field) {
    struct Name {
        const char* operator()(std::string*) const { return "string"; }
        const char* operator()(std::int64_t*) const { return "integer"; }
        const char* operator()(double*) const { return "number"; }
        const char* operator()(bool*) const { return "bool"; }
        const char* operator()(std::vector<std::string>*) const { return "list(string)"; }
        const char* operator()(std::map<std::string, std::string>*) const { return "map(string)"; }
    };
    return std::visit(Name{}, field);
}

namespace {

// A settings file is a few hundred bytes; the cap stops a link to /dev/zero
// or a mistaken multi-gigabyte file with an error instead of all memory.
constexpr std::size_t kMaxConfigBytes = std::size_t{16} << 20;

// Refuses an object that names one key twice (nlohmann keeps the last,
// silently): the first value would be a setting the user believes applies.
class DuplicateKeyCheck {
public:
    explicit DuplicateKeyCheck(std::string origin) : origin_(std::move(origin)) {}
    bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        if (event == Event::object_start) open_objects_.emplace_back();
        else if (event == Event::object_end && !open_objects_.empty()) open_objects_.pop_back();
        else if (event == Event::key && !open_objects_.empty() &&
                 !open_objects_.back().insert(parsed.get<std::string>()).second)
            throw UsageError(fmt::format("{}: the key \"{}\" appears twice in one object; give each setting once",
                                         origin_, parsed.get<std::string>()));
        return true;
    }

private:
    std::string origin_;
    std::vector<std::set<std::string>> open_objects_;
};

nlohmann::json parse_config_file(const std::filesystem::path& file) {
    const std::string origin = file.string();
    // A folder opens as a stream that reads nothing, which would be
    // reported as empty JSON.
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        throw UsageError(fmt::format("{}: is a folder; give --config a JSON file of settings", origin));
    std::string text;
    try {
        text = read_file(file, kMaxConfigBytes);
    } catch (const FileError& e) {
        throw UsageError(fmt::format("{}: cannot read the config file: {}", origin, e.reason()));
    }
    // The parser would stop at a NUL and ignore what follows it.
    if (const auto nul = text.find('\0'); nul != std::string::npos)
        throw UsageError(fmt::format("{}: a NUL byte at offset {}: the config file must be JSON text", origin, nul));
    try {
        return nlohmann::json::parse(text, DuplicateKeyCheck(origin));
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann's message carries the line and column.
        std::string what = e.what();
        const auto pos = what.find("parse error");
        throw UsageError(fmt::format("{}: malformed JSON: {}", origin, pos == std::string::npos ? what : what.substr(pos)));
    } catch (const nlohmann::json::exception& e) {
        // Well-formed but unreadable, e.g. a number too large for a
        // double ("number overflow parsing '1e400'"): still the file's
        // fault, not an internal error.
        std::string what = e.what();
        const auto end_of_id = what.find("] ");
        throw UsageError(fmt::format("{}: unreadable JSON: {}", origin,
                                     end_of_id == std::string::npos ? what : what.substr(end_of_id + 2)));
    }
}

}  // namespace

void SettingsSource::read_config() {
    if (config_file && !parsed_config)
        parsed_config = std::make_shared<const nlohmann::json>(parse_config_file(*config_file));
}

void SettingsSource::apply(SettingsSchema& schema) const {
    if (config_file) {
        const std::string origin = config_file->string();
        if (parsed_config) schema.apply_json(*parsed_config, origin);
        else schema.apply_json(parse_config_file(*config_file), origin);
    }
    for (const auto& a : assignments) schema.apply_assignment(a);
}

}  // namespace infra
