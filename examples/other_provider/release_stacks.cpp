#include "release_stacks.hpp"

#include "infra/backend.hpp"
#include "infra/expression.hpp"
#include "infra/output.hpp"

namespace other_provider {

namespace {

constexpr const char* kReleaseStack = "release";

void build_release(infra::App& app, const ReleaseSettings& s) {
    auto& stack = app.add<infra::Stack>(kReleaseStack);
    stack.set_backend(infra::LocalBackend{});
    auto& release = stack.add<terraform::Data>(
        "release", terraform::DataArgs{.input = infra::Value::map({{"version", s.version}, {"channel", s.channel}})});
    const infra::Value released = release.output();
    auto& announcement = stack.add<terraform::Data>(
        "announcement",
        terraform::DataArgs{
            .input = infra::expr::tmpl({"released ", infra::expr::attr(released, "version"), " on ",
                                        infra::expr::attr(released, "channel")}),
            .triggers_replace = released,
        });
    stack.add<infra::Output>("release_id", infra::OutputConfig{.value = release.id(),
                                                               .description = "kept while releases come and go"});
    stack.add<infra::Output>("announcement_message", infra::OutputConfig{.value = announcement.output()});
    stack.add<infra::Output>("announcement_id",
                             infra::OutputConfig{.value = announcement.id(),
                                                 .description = "a new one for every release (triggers_replace)"});
}

}  // namespace

ReleaseStack release_stack(infra::App& app, const ReleaseSettings& settings) {
    if (app.find_stack(kReleaseStack) == nullptr) build_release(app, settings);
    infra::Stack& stack = *app.find_stack(kReleaseStack);
    return {stack, dynamic_cast<terraform::Data&>(*stack.find_child("release")),
            dynamic_cast<terraform::Data&>(*stack.find_child("announcement"))};
}

infra::Stack& changelog_stack(infra::App& app, const ReleaseSettings& settings) {
    const ReleaseStack release = release_stack(app, settings);
    auto& stack = app.add<infra::Stack>("changelog");
    stack.set_backend(infra::LocalBackend{});
    auto& entry = stack.add<terraform::Data>(
        "latest_entry", terraform::DataArgs{.input = infra::Value(release.announcement.output())});
    stack.add<infra::Output>("latest", infra::OutputConfig{.value = entry.output(),
                                                                 .description = "the release stack's announcement"});
    return stack;
}

}  // namespace other_provider
