#include "infra/terraform_element.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

#include "infra/error.hpp"
#include "logical_id.hpp"
#include "infra/source_location.hpp"
#include "infra/stack.hpp"

namespace infra {

// Moving a Scope moves its id; where() stays readable.
TerraformElement::TerraformElement(Scope scope, ElementKind kind) : Construct(std::move(scope)), kind_(kind) {
    if (stack_or_null() == nullptr)
        throw Error(with_location(fmt::format("{}: a {} must be created inside a stack", path(), element_kind_name(kind)),
                                  scope.where()));
    std::vector<std::string_view> components;
    for (const Construct* c = this; c != nullptr && c != static_cast<const Construct*>(stack_or_null());
         c = c->parent())
        components.push_back(c->construct_id());
    std::reverse(components.begin(), components.end());
    logical_id_ = derive_logical_id(components);
}

void TerraformElement::override_logical_id(std::string id) {
    if (!is_valid_logical_id(id))
        throw Error(fmt::format("{}: \"{}\" is not a valid Terraform name (start with a letter or '_', "
                                "then letters, digits, '_' or '-')",
                                path(), id));
    logical_id_ = std::move(id);
    has_logical_id_override_ = true;
}

struct TerraformElement::Extras {
    struct Override {
        std::string path;
        std::optional<Value> value;  // nullopt: delete
    };
    std::vector<Override> overrides;
    std::vector<const TerraformElement*> depends_on;
};

TerraformElement::~TerraformElement() = default;

TerraformElement::Extras& TerraformElement::extras() {
    if (!extras_) extras_ = std::make_unique<Extras>();
    return *extras_;
}

const std::vector<const TerraformElement*>& TerraformElement::explicit_dependencies() const {
    static const std::vector<const TerraformElement*> none;
    return extras_ ? extras_->depends_on : none;
}

void TerraformElement::add_override(std::string path, Value value) {
    extras().overrides.push_back({std::move(path), std::move(value)});
}

void TerraformElement::remove_override(std::string path) { extras().overrides.push_back({std::move(path), std::nullopt}); }

void TerraformElement::add_dependency(const TerraformElement& other) {
    if (&other == this) throw Error(fmt::format("{}: an element cannot depend on itself", this->path()));
    extras().depends_on.push_back(&other);
}

namespace {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t dot = path.find('.', start);
        parts.push_back(path.substr(start, dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return parts;
}

bool parse_index(const std::string& s, std::size_t& out) {
    if (s.empty()) return false;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
}

// Walks `parts` from `node`, creating maps on the way when `create` is set.
// Returns the container holding the last part, or nullptr.
Value* descend(Value& node, const std::vector<std::string>& parts, bool create, const std::string& where) {
    Value* current = &node;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        const std::string& part = parts[i];
        std::size_t idx = 0;
        if (current->kind() == Value::Kind::List && parse_index(part, idx)) {
            auto& list = current->as_list();
            if (idx >= list.size()) {
                if (!create) return nullptr;
                throw Error(fmt::format("{}: override index {} is past the end of a list of {}", where, idx,
                                        list.size()));
            }
            current = &list[idx];
            continue;
        }
        if (current->kind() != Value::Kind::Map) {
            if (!create) return nullptr;
            throw Error(fmt::format("{}: override path goes through \"{}\", which is a {}, not a block or map",
                                    where, part, kind_name(current->kind())));
        }
        auto& map = current->as_map();
        auto it = map.find(part);
        if (it == map.end()) {
            if (!create) return nullptr;
            it = map.emplace(part, Value(Value::Map{})).first;
        }
        current = &it->second;
    }
    return current;
}

}  // namespace

void TerraformElement::view_rendered_body(BodyView& view) const {
    view.clear();
    if (!extras_ || extras_->overrides.empty()) fill_body_view(view);
    else view.own(rendered_body());
}

Value::Map TerraformElement::rendered_body() const {
    Value root(body());
    if (!extras_) return std::move(root.as_map());
    for (const auto& o : extras_->overrides) {
        const std::string where = fmt::format("{} (override \"{}\")", path(), o.path);
        const auto parts = split_path(o.path);
        for (const auto& p : parts)
            if (p.empty()) throw Error(fmt::format("{}: empty segment in override path", where));
        Value* parent = descend(root, parts, o.value.has_value(), where);
        if (parent == nullptr) continue;  // deleting something absent is a no-op
        const std::string& last = parts.back();
        std::size_t idx = 0;
        if (parent->kind() == Value::Kind::List && parse_index(last, idx)) {
            auto& list = parent->as_list();
            if (idx >= list.size()) {
                if (o.value) throw Error(fmt::format("{}: index {} is past the end of a list of {}", where, idx, list.size()));
                continue;
            }
            if (o.value) list[idx] = *o.value;
            else list.erase(list.begin() + static_cast<std::ptrdiff_t>(idx));
        } else if (parent->kind() == Value::Kind::Map) {
            if (o.value) parent->as_map()[last] = *o.value;
            else parent->as_map().erase(last);
        } else if (o.value) {
            throw Error(fmt::format("{}: cannot set \"{}\" inside a {}", where, last, kind_name(parent->kind())));
        }
    }
    return std::move(root.as_map());
}

const char* element_kind_name(ElementKind kind) {
    switch (kind) {
        case ElementKind::Resource: return "resource";
        case ElementKind::DataSource: return "data source";
        case ElementKind::Provider: return "provider";
        case ElementKind::Variable: return "variable";
        case ElementKind::Output: return "output";
        case ElementKind::Local: return "local";
    }
    return "?";
}

}  // namespace infra
