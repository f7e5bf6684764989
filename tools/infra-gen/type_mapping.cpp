#include "type_mapping.hpp"

#include <cctype>

#include "infra/error.hpp"

namespace infra::gen {

std::string cpp_argument_type(const TypeExpr& type) {
    switch (type.kind) {
        case TypeExpr::Kind::String: return "::infra::Str";
        case TypeExpr::Kind::Number: return "::infra::Num";
        case TypeExpr::Kind::Bool: return "::infra::Bool";
        case TypeExpr::Kind::List:
        case TypeExpr::Kind::Set: return "::infra::List<" + cpp_argument_type(type.elements.at(0)) + ">";
        case TypeExpr::Kind::Map: return "::infra::Map<" + cpp_argument_type(type.elements.at(0)) + ">";
        case TypeExpr::Kind::Object:
        case TypeExpr::Kind::Tuple:
        case TypeExpr::Kind::Dynamic: return "::infra::Value";
    }
    return "::infra::Value";
}

std::string cpp_reference_type(const TypeExpr& type) {
    switch (type.kind) {
        case TypeExpr::Kind::Object:
        case TypeExpr::Kind::Tuple:
        case TypeExpr::Kind::Dynamic: return "::infra::Expr";
        default: return cpp_argument_type(type);
    }
}

std::string type_code(const TypeExpr& type) {
    switch (type.kind) {
        case TypeExpr::Kind::String: return "s";
        case TypeExpr::Kind::Number: return "n";
        case TypeExpr::Kind::Bool: return "b";
        case TypeExpr::Kind::Dynamic: return "d";
        case TypeExpr::Kind::List:
        case TypeExpr::Kind::Set:
        case TypeExpr::Kind::Map: {
            std::string out(1, type.kind == TypeExpr::Kind::List ? 'L' : type.kind == TypeExpr::Kind::Set ? 'S' : 'M');
            out += type_code(type.elements.at(0));
            return out;
        }
        case TypeExpr::Kind::Object: {
            std::string out = "O{";
            for (std::size_t i = 0; i < type.elements.size(); ++i) {
                if (i > 0) out += ',';
                // The notation has no escapes; Terraform attribute names never
                // need them, and a name that would is refused here.
                for (char c : type.attribute_names[i])
                    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
                        throw Error("object attribute name \"" + type.attribute_names[i] +
                                    "\" has a character the schema tables cannot hold");
                out += type.attribute_names[i];
                if (type.attribute_optional[i]) out += '?';
                out += ':';
                out += type_code(type.elements[i]);
            }
            return out + "}";
        }
        case TypeExpr::Kind::Tuple: {
            std::string out = "T[";
            for (std::size_t i = 0; i < type.elements.size(); ++i) {
                if (i > 0) out += ',';
                out += type_code(type.elements[i]);
            }
            return out + "]";
        }
    }
    return "d";
}

const char* nesting_enumerator(Nesting nesting) {
    switch (nesting) {
        case Nesting::Single: return "Single";
        case Nesting::Group: return "Group";
        case Nesting::List: return "List";
        case Nesting::Set: return "Set";
        case Nesting::Map: return "Map";
    }
    return "Single";
}

}  // namespace infra::gen
