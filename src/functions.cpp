#include "infra/functions.hpp"

namespace infra::fn {

Expr call(std::string function, std::vector<Value> args) { return expr::call(std::move(function), std::move(args)); }

namespace {
Str str_call(const char* f, std::vector<Value> args) { return Str(expr::call(f, std::move(args))); }
Num num_call(const char* f, std::vector<Value> args) { return Num(expr::call(f, std::move(args))); }
}  // namespace

Str jsonencode(const Value& value) { return str_call("jsonencode", {value}); }
Expr jsondecode(const Str& text) { return expr::call("jsondecode", {text}); }
Str base64encode(const Str& text) { return str_call("base64encode", {text}); }
Str base64decode(const Str& text) { return str_call("base64decode", {text}); }
Str base64sha256(const Str& text) { return str_call("base64sha256", {text}); }
Str sha256(const Str& text) { return str_call("sha256", {text}); }

Str format(const Str& spec, std::vector<Value> args) {
    args.insert(args.begin(), spec.value());
    return str_call("format", std::move(args));
}
Str join(const Str& separator, const Value& list) { return str_call("join", {separator, list}); }
Expr split(const Str& separator, const Str& text) { return expr::call("split", {separator, text}); }
Str lower(const Str& text) { return str_call("lower", {text}); }
Str upper(const Str& text) { return str_call("upper", {text}); }
Str replace(const Str& text, const Str& search, const Str& replacement) {
    return str_call("replace", {text, search, replacement});
}
Str trimspace(const Str& text) { return str_call("trimspace", {text}); }
Str substr(const Str& text, const Num& offset, const Num& length) { return str_call("substr", {text, offset, length}); }

Expr element(const Value& list, const Num& index) { return expr::call("element", {list, index}); }
Expr lookup(const Value& map, const Str& key, const Value& fallback) { return expr::call("lookup", {map, key, fallback}); }
Expr concat(std::vector<Value> lists) { return expr::call("concat", std::move(lists)); }
Expr merge(std::vector<Value> maps) { return expr::call("merge", std::move(maps)); }
Expr flatten(const Value& list) { return expr::call("flatten", {list}); }
Expr keys(const Value& map) { return expr::call("keys", {map}); }
Expr values(const Value& map) { return expr::call("values", {map}); }
Expr tolist(const Value& value) { return expr::call("tolist", {value}); }
Expr toset(const Value& value) { return expr::call("toset", {value}); }
Expr tomap(const Value& value) { return expr::call("tomap", {value}); }
Num length(const Value& collection) { return num_call("length", {collection}); }
Expr coalesce(std::vector<Value> values) { return expr::call("coalesce", std::move(values)); }
Expr try_(std::vector<Value> alternatives) { return expr::call("try", std::move(alternatives)); }

Num min(std::vector<Value> numbers) { return num_call("min", std::move(numbers)); }
Num max(std::vector<Value> numbers) { return num_call("max", std::move(numbers)); }
Str cidrsubnet(const Str& prefix, const Num& newbits, const Num& netnum) {
    return str_call("cidrsubnet", {prefix, newbits, netnum});
}
Str cidrhost(const Str& prefix, const Num& hostnum) { return str_call("cidrhost", {prefix, hostnum}); }

Str file(const Str& path) { return str_call("file", {path}); }
Str filebase64sha256(const Str& path) { return str_call("filebase64sha256", {path}); }

}  // namespace infra::fn
