// The instances of a resource or data source with count or for_each.
// Terraform knows such an element only by instance: `aws_sqs_queue.jobs`
// is a list (count) or a map (for_each) of objects, so a reference to one
// of its attributes names one instance or all of them:
//
//   jobs.at("a").arn()    aws_sqs_queue.jobs["a"].arn          (for_each)
//   jobs.at(0).arn()      aws_sqs_queue.jobs[0].arn            (count)
//   jobs.splat().arn()    aws_sqs_queue.jobs[*].arn            (count)
//                         values(aws_sqs_queue.jobs)[*].arn    (for_each)
//
// An InstanceReference names the instances; its attributes are references
// that keep the element as their target, so dependencies and cross-stack
// links follow them as they follow a plain reference. Generated bindings
// give it the typed attribute getters of their type.
#pragma once

#include <string>

#include "infra/expression.hpp"
#include "infra/typed_values.hpp"

namespace infra {

class ResourceBase;

class InstanceReference {
public:
    // One instance: `key` is an index (0, 1, ...) of a target with count, a
    // string key of one with for_each, or an expression Terraform evaluates
    // to either (each.key, count.index, a variable). Throws infra::Error,
    // naming the target's path, if the target has neither count nor
    // for_each or the key does not fit it.
    InstanceReference(const ResourceBase& target, const Value& key);
    // Every instance of a target with count or for_each. Throws
    // infra::Error if it has neither.
    explicit InstanceReference(const ResourceBase& target);

    // A reference to an attribute of the instances, e.g. attr("arn").
    Expr attr(std::string name) const;
    Str str_attr(std::string name) const { return Str(attr(std::move(name))); }
    Num num_attr(std::string name) const { return Num(attr(std::move(name))); }
    Bool bool_attr(std::string name) const { return Bool(attr(std::move(name))); }

private:
    const ResourceBase* target_;
    ExprNode::Instances instances_;
    Value key_;
};

}  // namespace infra
