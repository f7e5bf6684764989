// SortedMap (include/infra/sorted_map.hpp), the storage of Value::Map: the
// std::map behaviour the SDK relies on, on one sorted vector.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "infra/sorted_map.hpp"
#include "infra/value.hpp"

using infra::SortedMap;

namespace {

std::vector<std::string> keys_of(const SortedMap<std::string, int>& m) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : m) keys.push_back(key);
    return keys;
}

}  // namespace

TEST_CASE("SortedMap keeps its keys in order and unique, the first of equal keys winning as in std::map") {
    const SortedMap<std::string, int> m{{"b", 1}, {"a", 2}, {"c", 3}, {"a", 4}};
    CHECK(keys_of(m) == std::vector<std::string>{"a", "b", "c"});
    CHECK(m.at("a") == 2);
    CHECK(m.size() == 3);
}

TEST_CASE("SortedMap finds by any key comparable with its own, and says when a key is missing") {
    SortedMap<std::string, int> m{{"alpha", 1}, {"beta", 2}};
    CHECK(m.find(std::string_view("beta"))->second == 2);
    CHECK(m.find("gamma") == m.end());
    CHECK(m.count("alpha") == 1);
    CHECK(m.contains(std::string_view("alpha")));
    CHECK_FALSE(m.contains("al"));
    CHECK_THROWS_AS(m.at("gamma"), std::out_of_range);
    CHECK(m.lower_bound("b")->first == "beta");
}

TEST_CASE("SortedMap inserts, assigns and erases as std::map does") {
    SortedMap<std::string, int> m;
    CHECK(m.emplace("m", 1).second);
    CHECK_FALSE(m.emplace("m", 2).second);  // an existing key is kept
    CHECK(m.at("m") == 1);
    CHECK(m.insert_or_assign("m", 3).second == false);
    CHECK(m.at("m") == 3);
    CHECK(m.try_emplace("a", 4).second);
    m["z"] = 5;
    m["m"] += 10;
    CHECK(keys_of(m) == std::vector<std::string>{"a", "m", "z"});
    CHECK(m.at("m") == 13);
    CHECK(m.erase("m") == 1);
    CHECK(m.erase("m") == 0);
    m.erase(m.begin());
    CHECK(keys_of(m) == std::vector<std::string>{"z"});
    CHECK(m == SortedMap<std::string, int>{{"z", 5}});
    CHECK_FALSE(m == SortedMap<std::string, int>{{"z", 6}});
}

TEST_CASE("SortedMap built by inserts in any order holds what std::map holds") {
    std::mt19937 random(7);
    SortedMap<std::string, int> sorted;
    std::map<std::string, int, std::less<>> tree;
    for (int i = 0; i < 2000; ++i) {
        const std::string key = "k" + std::to_string(random() % 700);
        const int value = static_cast<int>(random() % 1000);
        switch (random() % 4) {
            case 0: sorted.emplace(key, value); tree.emplace(key, value); break;
            case 1: sorted.insert_or_assign(key, value); tree.insert_or_assign(key, value); break;
            case 2: sorted[key] = value; tree[key] = value; break;
            default: CHECK(sorted.erase(key) == tree.erase(key)); break;
        }
    }
    REQUIRE(sorted.size() == tree.size());
    auto it = tree.begin();
    for (const auto& [key, value] : sorted) {
        CHECK(key == it->first);
        CHECK(value == it->second);
        ++it;
    }
}

TEST_CASE("a Value map built from entries in any order renders in key order") {
    const infra::Value v = infra::Value::map({{"zeta", 1}, {"alpha", "x"}, {"mid", infra::Value::map({{"b", 2}, {"a", 1}})}});
    std::vector<std::string> keys;
    for (const auto& [key, value] : v.as_map()) keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"alpha", "mid", "zeta"});
    CHECK(v.as_map().at("mid").as_map().begin()->first == "a");
}
