// Messages attached to a construct. An error annotation anywhere in the tree
// stops synthesis; warnings and infos are reported with the construct path.
#pragma once

#include <string>
#include <vector>

namespace infra {

enum class Severity { Info, Warning, Error };

const char* severity_name(Severity severity);

struct Annotation {
    Severity severity;
    std::string message;
    // A warning whose stack would synthesize and validate but fail once
    // applied (a function zip without its packages): `synth` reports it,
    // the commands that deploy refuse to start terraform on that stack.
    bool blocks_deploy = false;
};

// A handle on one construct's annotations: construct.annotations().add_warning("...").
class Annotations {
public:
    explicit Annotations(std::vector<Annotation>& list) : list_(&list) {}
    void add_info(std::string message) { list_->push_back({Severity::Info, std::move(message)}); }
    void add_warning(std::string message) { list_->push_back({Severity::Warning, std::move(message)}); }
    void add_deploy_blocker(std::string message) { list_->push_back({Severity::Warning, std::move(message), true}); }
    void add_error(std::string message) { list_->push_back({Severity::Error, std::move(message)}); }

private:
    std::vector<Annotation>* list_;
};

}  // namespace infra
