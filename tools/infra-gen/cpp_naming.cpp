#include "cpp_naming.hpp"

#include <algorithm>
#include <cctype>

namespace infra::gen {

bool is_reserved_word(std::string_view name) {
    static const std::set<std::string, std::less<>> words = {
        // Keywords (C++20) and alternative tokens.
        "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
        "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
        "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete",
        "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
        "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
        "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
        "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
        "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
        "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
        // Names the C library or compilers (in GNU mode) define as macros.
        "assert", "errno", "linux", "unix", "i386", "major", "minor", "makedev", "stdin", "stdout", "stderr",
        "offsetof", "setjmp", "va_arg", "NULL", "EOF", "BUFSIZ", "EDOM", "ERANGE", "EILSEQ"};
    return words.count(name) != 0;
}

const std::set<std::string, std::less<>>& base_class_members() {
    static const std::set<std::string, std::less<>> names = {
        // Construct
        "add", "construct_id", "parent", "path", "stack", "stack_or_null", "children", "find_child", "add_aspect",
        "aspects", "annotations", "annotation_list", "become_stack",
        // TerraformElement
        "element_kind", "logical_id", "override_logical_id", "has_logical_id_override", "id_namespace",
        "reference_prefix", "body", "add_override", "remove_override", "rendered_body", "add_dependency",
        "explicit_dependencies",
        // ResourceBase
        "terraform_type", "address", "set", "unset", "get", "arguments", "attr", "str_attr", "num_attr", "bool_attr",
        "depends_on", "set_count", "set_for_each", "has_count", "has_for_each", "set_provider", "provider",
        "add_meta_arguments", "at", "splat",
        // Resource
        "set_lifecycle", "lifecycle"};
    return names;
}

std::string identifier(std::string_view name) {
    std::string out;
    for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out.insert(out.begin(), '_');
    return out;
}

std::string member_name(std::string_view name) {
    std::string out = identifier(name);
    if (is_reserved_word(out)) out += '_';
    return out;
}

std::string getter_name(std::string_view name) {
    std::string out = identifier(name);
    while (is_reserved_word(out) || base_class_members().count(out) != 0) out += '_';
    return out;
}

std::string pascal_case(std::string_view snake) {
    std::string out;
    bool upper = true;
    for (char c : snake) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
            upper = true;
            continue;
        }
        out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
    }
    // A class name cannot start with a digit, and a leading '_' followed by an
    // upper-case letter is reserved.
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out.insert(out.begin(), 'T');
    return out;
}

std::string short_type_name(std::string_view type_name, std::string_view provider_name) {
    if (type_name.size() > provider_name.size() + 1 && type_name.substr(0, provider_name.size()) == provider_name &&
        type_name[provider_name.size()] == '_')
        return std::string(type_name.substr(provider_name.size() + 1));
    return std::string(type_name);
}

bool is_valid_namespace(std::string_view ns) {
    if (ns.empty()) return false;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = ns.find("::", start);
        const std::string_view part = ns.substr(start, end == std::string_view::npos ? ns.size() - start : end - start);
        if (part.empty() || identifier(part) != part || is_reserved_word(part) || part[0] == '_') return false;
        if (end == std::string_view::npos) return true;
        start = end + 2;
    }
}

}  // namespace infra::gen
