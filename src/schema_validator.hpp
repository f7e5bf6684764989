// Schema validation: every resource and data source of a stack, as it will
// be written (the rendered body, overrides included, meta-arguments left
// out), checked against its provider's schema, and every reference checked
// against the attributes of the type it points at. Finds what `terraform
// validate` would reject for the schema's sake, in microseconds and with the
// construct path in the message:
//
//   dev/api/get_fn (aws_lambda_function.api_get): unknown argument "runtimee"; did you mean "runtime"?
//
// Only literal values are type-checked: an expression is unknown until
// apply. Provider-side rules that the schema JSON does not carry (conflicting
// arguments, allowed values, formats) are left to terraform.
#pragma once

#include <string>
#include <vector>

#include "infra/synthesizer.hpp"

namespace infra {

class SchemaRegistry;
class Stack;

struct SchemaValidationReport {
    std::vector<Diagnostic> errors;    // unknown, missing, mistyped, read-only arguments; bad blocks and references
    std::vector<Diagnostic> warnings;  // deprecated arguments and blocks
    // Types that were not checked because no schema of their provider is
    // registered (sorted, without duplicates).
    std::vector<std::string> unvalidated_types;
};

// Checks the elements of `stack` after aspects have run (synthesize() calls
// it at the right moment when given a registry).
SchemaValidationReport validate_against_schemas(Stack& stack, const SchemaRegistry& schemas);

}  // namespace infra
