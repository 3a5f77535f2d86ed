// "Did you mean" suggestions for unknown names (engine/formats/suggest.cpp).
#include <doctest/doctest.h>

#include "formats/suggest.hpp"

using llamawool::detail::closest_name;
using llamawool::detail::did_you_mean;
using llamawool::detail::edit_distance;

TEST_CASE("edit distance counts insertions, deletions, substitutions and neighbour swaps") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("shear", "shear") == 0);
    CHECK(edit_distance("sheer", "shear") == 1);
    CHECK(edit_distance("cots", "cost") == 1);  // a swap
    CHECK(edit_distance("barn", "barns") == 1);
    CHECK(edit_distance("Barn", "barn") == 0);  // case does not count
    CHECK(edit_distance("tick", "prestige") == 6);  // 4 insertions, 2 substitutions
    CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("a suggestion only for a plausible typo") {
    const std::vector<std::string_view> types{"tick", "shear", "buy_building", "buy_upgrade", "prestige"};
    CHECK(closest_name("sheer", types) == "shear");
    CHECK(closest_name("buy_bulding", types) == "buy_building");
    CHECK(closest_name("dance", types).empty());
    CHECK(closest_name("x", types).empty());
    CHECK(closest_name("shear", types).empty());  // not a typo
    CHECK(did_you_mean("prestge", types) == " (did you mean \"prestige\"?)");
    CHECK(did_you_mean("fly", types).empty());
    // The first of equally close names wins.
    CHECK(closest_name("ab", {"xb", "ax"}).empty());  // 1 edit of 2 characters: not fewer than half
    CHECK(closest_name("abcd", {"abce", "abcf"}) == "abce");
}
