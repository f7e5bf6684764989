// Logical IDs: the names of blocks in the Terraform configuration. They are
// derived from construct paths (readable, stable, no random or hash parts),
// so the same tree always gives the same IDs and an ID only changes when a
// construct moves.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace infra {

class Stack;
class TerraformElement;

// The ID for the path components below the stack: components joined with
// '_', characters Terraform does not allow in a name replaced by '_', a
// leading digit or '-' prefixed with '_'. Components named "Default" are left
// out, so a module's main resource can take the module's own name.
std::string derive_logical_id(const std::vector<std::string_view>& components);

// Whether `id` may name a Terraform block: a letter or '_' first, then
// letters, digits, '_' or '-'.
bool is_valid_logical_id(std::string_view id);

// Throws infra::Error if two elements of the stack would get the same logical
// ID in the same namespace, naming both construct paths.
void check_logical_ids(const Stack& stack, const std::vector<const TerraformElement*>& elements);

}  // namespace infra
