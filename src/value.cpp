#include "infra/value.hpp"

namespace infra {

bool Value::contains_expr() const {
    switch (kind()) {
        case Kind::Expr:
            return true;
        case Kind::List:
            for (const auto& item : as_list())
                if (item.contains_expr()) return true;
            return false;
        case Kind::Map:
            for (const auto& [key, item] : as_map())
                if (item.contains_expr()) return true;
            return false;
        default:
            return false;
    }
}

const char* kind_name(Value::Kind kind) {
    switch (kind) {
        case Value::Kind::Null: return "null";
        case Value::Kind::Bool: return "bool";
        case Value::Kind::Number: return "number";
        case Value::Kind::String: return "string";
        case Value::Kind::List: return "list";
        case Value::Kind::Map: return "map";
        case Value::Kind::Expr: return "expression";
    }
    return "?";
}

}  // namespace infra
