#include "type_list.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "did_you_mean.hpp"
#include "infra/error.hpp"

namespace infra::gen {

namespace {

bool is_type_name(const std::string& s) {
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

TypeList parse_type_list(const std::string& text, const std::string& file) {
    TypeList list;
    list.file = file;
    std::set<std::pair<TypeKind, std::string>> seen;
    std::istringstream in(text);
    std::string raw;
    int line = 0;
    while (std::getline(in, raw)) {
        ++line;
        std::string entry = trim(raw.substr(0, raw.find('#')));
        if (entry.empty()) continue;
        TypeKind kind = TypeKind::Resource;
        if (entry.rfind("data.", 0) == 0) {
            kind = TypeKind::DataSource;
            entry = entry.substr(5);
        }
        if (!is_type_name(entry))
            throw Error(fmt::format("{}:{}: \"{}\" is not a type name (lower-case letters, digits and '_'; data sources "
                                    "as data.NAME)",
                                    file, line, trim(raw)));
        if (!seen.insert({kind, entry}).second)
            throw Error(fmt::format("{}:{}: {} type \"{}\" is listed twice", file, line, type_kind_name(kind), entry));
        list.entries.push_back({entry, kind, line});
    }
    return list;
}

TypeList read_type_list(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(fmt::format("{}: cannot be read", file));
    std::stringstream buffer;
    buffer << in.rdbuf();
    return parse_type_list(buffer.str(), file);
}

std::vector<ProviderSelection> select_types(const SchemaDocument& doc, const TypeList* list) {
    std::vector<ProviderSelection> out;
    for (const auto& p : doc.providers) {
        ProviderSelection s{&p, {}, {}};
        if (list == nullptr) {
            for (const auto& t : p.resources) s.resources.push_back(&t);
            for (const auto& t : p.data_sources) s.data_sources.push_back(&t);
        }
        out.push_back(std::move(s));
    }
    if (list != nullptr) {
        for (const auto& entry : list->entries) {
            const TypeSchema* found = nullptr;
            ProviderSelection* owner = nullptr;
            for (auto& s : out) {
                const auto& types = s.provider->types(entry.kind);
                auto it = std::lower_bound(types.begin(), types.end(), entry.name,
                                           [](const TypeSchema& t, const std::string& n) { return t.name < n; });
                if (it != types.end() && it->name == entry.name) {
                    found = &*it;
                    owner = &s;
                    break;
                }
            }
            if (found == nullptr) {
                std::vector<std::string_view> candidates;
                for (const auto& p : doc.providers)
                    for (const auto& t : p.types(entry.kind)) candidates.push_back(t.name);
                throw Error(fmt::format("{}:{}: unknown {} type \"{}\" (not in {}){}", list->file, entry.line,
                                        type_kind_name(entry.kind), entry.name, doc.file,
                                        did_you_mean(entry.name, candidates)));
            }
            (entry.kind == TypeKind::Resource ? owner->resources : owner->data_sources).push_back(found);
        }
        const auto by_name = [](const TypeSchema* a, const TypeSchema* b) { return a->name < b->name; };
        for (auto& s : out) {
            std::sort(s.resources.begin(), s.resources.end(), by_name);
            std::sort(s.data_sources.begin(), s.data_sources.end(), by_name);
        }
    }
    std::erase_if(out, [](const ProviderSelection& s) { return s.resources.empty() && s.data_sources.empty(); });
    return out;
}

}  // namespace infra::gen
