// Cross-stack references. A value in one stack may refer to an attribute of
// an element of another stack, e.g. `dev` using the ci-tester role that the
// `bootstrap` stack creates. Terraform cannot reference across
// configurations, so before writing anything the synthesizer links each such
// reference:
//
//   - the referenced stack gets an output `cross_stack_<address>_<attribute>`
//     holding the attribute;
//   - the referring stack gets one `data.terraform_remote_state.<stack>` per
//     stack it reads, configured from that stack's backend (a local backend
//     is read through the relative path between the two stack folders);
//   - the reference is written as
//     `data.terraform_remote_state.<stack>.outputs.cross_stack_...`;
//   - the referring stack depends on the referenced one (deploy order and
//     `infra synth dev` also writes what dev reads).
#pragma once

#include <string>
#include <string_view>

namespace infra {

class App;
class Stack;
class TerraformElement;

// Links every cross-stack reference in `app` as described above. Linking
// again after more references were added links only the new ones. Throws
// infra::Error for references that cannot cross (two stacks reading each
// other, a target that is not referenceable).
void link_cross_stack_references(App& app);

// The name of the output that carries `attribute` of `target` to other
// stacks, e.g. "cross_stack_aws_iam_role_ci_tester_role_name".
std::string cross_stack_output_name(const TerraformElement& target, std::string_view attribute);

// The id of the remote state data source through which a stack reads
// `source`: the source stack's name, made a valid Terraform name.
std::string remote_state_id(const Stack& source);

}  // namespace infra
