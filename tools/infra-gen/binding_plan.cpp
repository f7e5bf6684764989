#include "binding_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "cpp_naming.hpp"
#include "doc_comment.hpp"
#include "infra/error.hpp"
#include "type_mapping.hpp"

namespace infra::gen {

namespace {

// Appends '_' until `name` is not in `used`, then records it.
std::string unique_in(std::set<std::string>& used, std::string name) {
    while (used.count(name) != 0) name += '_';
    used.insert(name);
    return name;
}

std::string holder_type(Holder holder, const std::string& inner, const std::string& terraform_name) {
    switch (holder) {
        case Holder::Required: return fmt::format("::infra::Required<{}, {}>", inner, cpp_string_literal(terraform_name));
        case Holder::Optional: return fmt::format("::std::optional<{}>", inner);
        case Holder::Plain: return inner;
    }
    return inner;
}

std::string content_type(Content content, const MemberPlan& m) {
    switch (content) {
        case Content::Value: return m.value_type;
        case Content::Struct: return m.structure->name;
        case Content::StructVector: return fmt::format("::std::vector<{}>", m.structure->name);
        case Content::StructMap: return fmt::format("::std::map<::std::string, {}>", m.structure->name);
    }
    return m.value_type;
}

class StructPlanner {
public:
    bool deprecated_seen = false;

    // Fills `plan` (whose name and qualified name are set) from the settable
    // attributes and the block types of a block or nested object.
    void plan(StructPlan& plan, const std::vector<Attribute>& attributes, const std::vector<BlockType>* block_types) {
        struct Entry {
            const Attribute* attribute;
            const BlockType* block_type;
            const std::string& name() const { return attribute != nullptr ? attribute->name : block_type->name; }
        };
        std::vector<Entry> entries;
        for (const Attribute& a : attributes)
            if (!a.read_only()) entries.push_back({&a, nullptr});
        if (block_types != nullptr)
            for (const BlockType& b : *block_types) entries.push_back({nullptr, &b});
        std::sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) { return x.name() < y.name(); });

        std::set<std::string> member_names;
        // A nested struct may take neither its parent's name nor a member's.
        std::set<std::string> struct_names{plan.name};
        for (const Entry& e : entries) struct_names.insert(member_name(e.name()));
        for (const Entry& e : entries) {
            MemberPlan m;
            m.terraform_name = e.name();
            m.cpp_name = unique_in(member_names, member_name(e.name()));
            if (e.attribute != nullptr) {
                const Attribute& a = *e.attribute;
                m.holder = a.required ? Holder::Required : Holder::Optional;
                m.deprecated = a.deprecated;
                m.description = a.description;
                if (a.nested == nullptr) {
                    m.content = Content::Value;
                    m.value_type = cpp_argument_type(*a.type);
                } else {
                    auto nested = new_struct(plan, struct_names, a.name, {});
                    this->plan(*nested, a.nested->attributes, nullptr);
                    m.structure = nested;
                    m.content = a.nested->nesting == Nesting::Single || a.nested->nesting == Nesting::Group
                                    ? Content::Struct
                                : a.nested->nesting == Nesting::Map ? Content::StructMap
                                                                    : Content::StructVector;
                }
            } else {
                const BlockType& b = *e.block_type;
                auto nested = new_struct(plan, struct_names, b.name, b.block->description);
                this->plan(*nested, b.block->attributes, &b.block->block_types);
                m.structure = nested;
                m.deprecated = b.block->deprecated;
                m.description = b.block->description;
                const bool one = b.nesting == Nesting::Single || b.nesting == Nesting::Group || b.max_items == 1;
                if (b.nesting == Nesting::Map) {
                    m.holder = Holder::Plain;
                    m.content = Content::StructMap;
                } else if (one) {
                    m.holder = b.min_items > 0 ? Holder::Required : Holder::Optional;
                    m.content = Content::Struct;
                } else {
                    m.holder = Holder::Plain;
                    m.content = Content::StructVector;
                }
            }
            m.cpp_type = holder_type(m.holder, content_type(m.content, m), m.terraform_name);
            deprecated_seen = deprecated_seen || m.deprecated;
            plan.members.push_back(std::move(m));
        }
    }

private:
    StructPlan* new_struct(StructPlan& parent, std::set<std::string>& used, const std::string& terraform_name,
                           const std::string& description) {
        auto nested = std::make_unique<StructPlan>();
        std::string name = pascal_case(terraform_name);
        if (name == parent.name) name += "Block";
        nested->name = unique_in(used, name);
        nested->qualified = parent.qualified + "::" + nested->name;
        nested->description = description;
        parent.nested.push_back(std::move(nested));
        return parent.nested.back().get();
    }
};

std::vector<GetterPlan> plan_getters(const Block& block) {
    std::vector<GetterPlan> out;
    std::set<std::string> used;
    struct Entry {
        std::string name;
        std::string type;
        bool deprecated;
        std::string description;
    };
    std::vector<Entry> entries;
    for (const Attribute& a : block.attributes) {
        if (a.write_only) continue;  // never stored in state: nothing to refer to
        entries.push_back({a.name, a.nested == nullptr ? cpp_reference_type(*a.type) : "::infra::Expr", a.deprecated,
                           a.description});
    }
    for (const BlockType& b : block.block_types)
        entries.push_back({b.name, "::infra::Expr", b.block->deprecated, b.block->description});
    std::sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) { return x.name < y.name; });
    for (const Entry& e : entries)
        out.push_back({e.name, unique_in(used, getter_name(e.name)), e.type, e.deprecated, e.description});
    return out;
}

bool any_required(const StructPlan& s) {
    return std::any_of(s.members.begin(), s.members.end(), [](const MemberPlan& m) { return m.holder == Holder::Required; });
}

}  // namespace

std::string namespace_folder(const std::string& cpp_namespace) {
    std::string out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = cpp_namespace.find("::", start);
        out += cpp_namespace.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (end == std::string::npos) return out;
        out += '/';
        start = end + 2;
    }
}

ProviderPlan plan_provider(const ProviderSelection& selection, const std::string& cpp_namespace) {
    ProviderPlan out;
    out.provider = selection.provider;
    out.cpp_namespace = cpp_namespace;
    const std::string folder = namespace_folder(cpp_namespace);
    out.registry_header = folder + "/provider_schema.hpp";
    out.registry_source = folder + "/provider_schema.cpp";

    std::map<std::string, std::string> files;  // header path -> type, to catch two types on one file
    files[out.registry_header] = "the provider schema registration";
    std::map<std::string, std::string> classes;  // qualified class or args name -> type
    for (TypeKind kind : {TypeKind::Resource, TypeKind::DataSource}) {
        const bool data = kind == TypeKind::DataSource;
        for (const TypeSchema* t : data ? selection.data_sources : selection.resources) {
            TypePlan p;
            p.schema = t;
            const std::string short_name = identifier(short_type_name(t->name, selection.provider->name));
            p.class_name = pascal_case(short_name);
            p.attributes_name = p.class_name + "Attributes";
            p.cpp_namespace = data ? cpp_namespace + "::data" : cpp_namespace;
            const std::string stem = folder + (data ? "/data/" : "/") + short_name;
            p.header_path = stem + ".hpp";
            p.source_path = stem + ".cpp";
            p.table_symbol = (data ? "data_" : "resource_") + short_name;
            for (const std::string& name : {p.cpp_namespace + "::" + p.class_name, p.cpp_namespace + "::" + p.class_name + "Args",
                                            p.cpp_namespace + "::" + p.attributes_name}) {
                auto [it, inserted] = classes.emplace(name, t->name);
                if (!inserted)
                    throw Error(fmt::format("types \"{}\" and \"{}\" would both define {}", it->second, t->name, name));
            }
            auto [it, inserted] = files.emplace(p.header_path, t->name);
            if (!inserted)
                throw Error(fmt::format("{} type \"{}\" would be written to {}, which is already {}", type_kind_name(kind),
                                        t->name, p.header_path, it->second));
            p.args.name = p.class_name + "Args";
            p.args.qualified = p.args.name;
            StructPlanner planner;
            planner.plan(p.args, t->block.attributes, &t->block.block_types);
            p.has_deprecated = planner.deprecated_seen;
            p.has_required = any_required(p.args);
            p.getters = plan_getters(t->block);
            (data ? out.data_sources : out.resources).push_back(std::move(p));
        }
    }
    return out;
}

}  // namespace infra::gen
