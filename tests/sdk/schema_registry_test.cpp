// A provider registered more than once (the SDK's bindings, then bindings of
// more types from `infra get`): every registration is searched, the latest
// first, and registering the same tables again changes nothing.
#include <catch2/catch.hpp>

#include "infra/schema_registry.hpp"

namespace {

using infra::ElementKind;
namespace schema = infra::schema;

const schema::Block kEarlier{{}, {}, false};
const schema::Block kLater{{}, {}, false};
const schema::TypeSchema kSdkTypes[] = {{"toy_bucket", &kEarlier}, {"toy_queue", &kEarlier}};
const schema::TypeSchema kMoreTypes[] = {{"toy_queue", &kLater}, {"toy_rule", &kLater}};
const schema::ProviderSchema kSdk{"toy", "example.com/acme/toy", kSdkTypes, {}};
const schema::ProviderSchema kMore{"toy", "example.com/acme/toy", kMoreTypes, {}};

}  // namespace

TEST_CASE("a provider registered twice is looked up in both registrations, the latest first") {
    infra::SchemaRegistry registry;
    registry.add(kSdk);
    registry.add(kMore);
    CHECK(registry.find(ElementKind::Resource, "toy_bucket") == &kEarlier);
    CHECK(registry.find(ElementKind::Resource, "toy_rule") == &kLater);
    CHECK(registry.find(ElementKind::Resource, "toy_queue") == &kLater);
    CHECK(registry.find(ElementKind::Resource, "toy_missing") == nullptr);
    CHECK(registry.find(ElementKind::DataSource, "toy_bucket") == nullptr);
    CHECK(registry.provider_of("toy_missing") == &kMore);
    CHECK(registry.provider_of("other_bucket") == nullptr);
}

TEST_CASE("registering the same schema tables again changes nothing") {
    infra::SchemaRegistry registry;
    registry.add(kSdk);
    registry.add(kMore);
    registry.add(kSdk);
    CHECK(registry.providers().size() == 2);
    CHECK(registry.find(ElementKind::Resource, "toy_queue") == &kLater);
}
