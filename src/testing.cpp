#include "infra/testing.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
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

}  // namespace

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

bool matches_golden(const std::string& actual, const std::filesystem::path& golden) {
    if (std::getenv("INFRA_UPDATE_GOLDEN") != nullptr) {
        std::filesystem::create_directories(golden.parent_path());
        std::ofstream(golden, std::ios::binary | std::ios::trunc) << actual;
        return true;
    }
    std::ifstream in(golden, std::ios::binary);
    if (!in) return false;
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str() == actual;
}

}  // namespace infra::testing
