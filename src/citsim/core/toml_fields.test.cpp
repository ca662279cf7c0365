// The one reader of case and data files: each accessor's one-line message
// (file, full key path, value, what is allowed), unknown and missing keys,
// syntax errors, and the data-file convention for sourced quantities.
#include "citsim/core/toml_fields.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "citsim/core/error.hpp"

namespace citsim::detail {
namespace {

using ::testing::HasSubstr;

/// The message of the Error `read` throws on the table parsed from `text`
/// (read as "f.toml", table prefix "t."); fails the test if none or if it
/// spans lines.
std::string error_of(const std::string& text, const std::function<void(TableReader&)>& read) {
  const toml::table table = parse_toml_text(text, "f.toml");
  try {
    TableReader t(table, "f.toml", "t.");
    read(t);
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    return message;
  }
  ADD_FAILURE() << "expected citsim::Error for: " << text;
  return {};
}

// ---- files and syntax ----------------------------------------------------------

TEST(TomlFields, SyntaxErrorNamesSourceLineAndColumn) {
  try {
    parse_toml_text("a = 1\nb = = 2\n", "f.toml");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("f.toml: line 2, column"));
    EXPECT_THAT(e.what(), HasSubstr("not valid TOML"));
  }
}

TEST(TomlFields, MissingFileIsNamed) {
  try {
    parse_toml_file("/no/such/dir/f.toml");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "/no/such/dir/f.toml: cannot open file");
  }
}

// ---- numbers -----------------------------------------------------------------

TEST(TomlFields, NumberOutOfRangeOrOfWrongType) {
  EXPECT_EQ(error_of("x = 5.5", [](TableReader& t) { t.number("x", 0.0, 2.0, "mm"); }),
            "f.toml: t.x = 5.5: must be a number between 0 and 2 mm");
  EXPECT_EQ(error_of("x = \"1\"", [](TableReader& t) { t.number("x", 0.0, 2.0); }),
            "f.toml: t.x = \"1\": must be a number between 0 and 2");
  EXPECT_EQ(error_of("x = nan", [](TableReader& t) { t.number("x", 0.0, 2.0); }),
            "f.toml: t.x = nan: must be a number between 0 and 2");
  EXPECT_EQ(error_of("", [](TableReader& t) { t.number("x", 0.0, 2.0, "mm"); }),
            "f.toml: t.x is missing: a number between 0 and 2 mm is required");
}

TEST(TomlFields, NumberAcceptsIntegersAndOptionalMayBeAbsent) {
  const toml::table table = parse_toml_text("x = 2", "f.toml");
  TableReader t(table, "f.toml", "");
  EXPECT_DOUBLE_EQ(t.number("x", 0.0, 2.0), 2.0);
  EXPECT_FALSE(t.optional_number("y", 0.0, 1.0).has_value());
  EXPECT_NO_THROW(t.finish());
}

TEST(TomlFields, IntegerMessages) {
  EXPECT_EQ(error_of("n = 1.5", [](TableReader& t) { t.integer("n", 1, 9); }),
            "f.toml: t.n = 1.5: must be a whole number between 1 and 9");
  EXPECT_EQ(error_of("n = 10", [](TableReader& t) { t.integer("n", 1, 9); }),
            "f.toml: t.n = 10: must be a whole number between 1 and 9");
  EXPECT_EQ(error_of("", [](TableReader& t) { t.integer("n", 1, 9); }),
            "f.toml: t.n is missing: a whole number between 1 and 9 is required");
}

TEST(TomlFields, NumbersNameTheBadItem) {
  EXPECT_EQ(error_of("d = [0, 400]", [](TableReader& t) { t.numbers("d", 0.0, 360.0, "deg"); }),
            "f.toml: t.d[1] = 400: must be a number between 0 and 360 deg");
  EXPECT_EQ(error_of("d = [360]", [](TableReader& t) { t.numbers("d", 0.0, 360.0, "deg", true); }),
            "f.toml: t.d[0] = 360: must be a number at least 0 and below 360 deg");
  EXPECT_EQ(error_of("d = []", [](TableReader& t) { t.numbers("d", 0.0, 1.0); }),
            "f.toml: t.d = []: must be a non-empty array, each a number between 0 and 1");
  EXPECT_THAT(error_of("", [](TableReader& t) { t.numbers("d", 0.0, 1.0); }),
              HasSubstr("f.toml: t.d is missing: a non-empty array"));
  const toml::table table = parse_toml_text("d = [0, 90.5, 359]", "f.toml");
  TableReader t(table, "f.toml", "");
  EXPECT_EQ(t.numbers("d", 0.0, 360.0, "deg", true), (std::vector<double>{0.0, 90.5, 359.0}));
}

TEST(TomlFields, PairsMustBeOrderedAndWithinLimits) {
  EXPECT_EQ(error_of("p = [3, 1]", [](TableReader& t) { t.number_pair("p", 0.0, 5.0, "mm"); }),
            "f.toml: t.p = [ 3, 1 ]: must be [min, max]: two numbers between 0 and 5 mm, "
            "min <= max");
  EXPECT_EQ(error_of("p = [1, 9]", [](TableReader& t) { t.integer_pair("p", 1, 5); }),
            "f.toml: t.p = [ 1, 9 ]: must be [min, max]: two whole numbers between 1 and 5, "
            "min <= max");
  EXPECT_THAT(error_of("p = [1.5, 2]", [](TableReader& t) { t.integer_pair("p", 1, 5); }),
              HasSubstr("two whole numbers"));
  EXPECT_THAT(error_of("", [](TableReader& t) { t.number_pair("p", 0.0, 5.0); }),
              HasSubstr("f.toml: t.p is missing: [min, max]"));
  const toml::table table = parse_toml_text("p = [1, 2.5]\nq = [2, 2]", "f.toml");
  TableReader t(table, "f.toml", "");
  EXPECT_EQ(t.number_pair("p", 0.0, 5.0), (std::pair{1.0, 2.5}));
  EXPECT_EQ(t.integer_pair("q", 1, 5), (std::pair{2, 2}));
}

// ---- booleans, choices, strings -------------------------------------------------

TEST(TomlFields, BooleanMessagesAndFallback) {
  EXPECT_EQ(error_of("b = 1", [](TableReader& t) { t.boolean_or("b", true); }),
            "f.toml: t.b = 1: must be true or false");
  EXPECT_EQ(error_of("", [](TableReader& t) { t.boolean("b"); }),
            "f.toml: t.b is missing: true or false is required");
  const toml::table table = parse_toml_text("b = false", "f.toml");
  TableReader t(table, "f.toml", "");
  EXPECT_FALSE(t.boolean_or("b", true));
  EXPECT_TRUE(t.boolean_or("c", true));
}

TEST(TomlFields, ChoiceAndStringListMessages) {
  EXPECT_EQ(error_of("k = \"x\"",
                     [](TableReader& t) {
                       t.choice("k", {"a", "b", "c"});
                     }),
            "f.toml: t.k = \"x\": must be one of \"a\", \"b\" or \"c\"");
  EXPECT_EQ(error_of("",
                     [](TableReader& t) {
                       t.choice("k", {"a", "b"});
                     }),
            "f.toml: t.k is missing: one of \"a\" or \"b\" is required");
  EXPECT_EQ(error_of("k = [\"a\", \"x\"]",
                     [](TableReader& t) {
                       t.string_list("k", {"a", "b"});
                     }),
            "f.toml: t.k[1] = \"x\": must be one of \"a\" or \"b\"");
  EXPECT_EQ(error_of("k = [\"a\", \"a\"]",
                     [](TableReader& t) {
                       t.string_list("k", {"a", "b"});
                     }),
            "f.toml: t.k[1] = \"a\": must not repeat an earlier entry");
}

TEST(TomlFields, TextIsNonEmptyTextOrMayBeEmpty) {
  EXPECT_EQ(error_of("s = \"\"", [](TableReader& t) { t.text("s"); }),
            "f.toml: t.s = \"\": must be a non-empty string");
  EXPECT_EQ(error_of("", [](TableReader& t) { t.text("s"); }),
            "f.toml: t.s is missing: a non-empty string is required");
  EXPECT_EQ(error_of("s = 3", [](TableReader& t) { t.text_or("s", "x"); }),
            "f.toml: t.s = 3: must be a string");
  EXPECT_EQ(error_of("s = [\"a\", 2]", [](TableReader& t) { t.texts("s"); }),
            "f.toml: t.s[1] = 2: must be a string");
  const toml::table table = parse_toml_text("e = \"\"\nl = [\"a\", \"\"]", "f.toml");
  TableReader t(table, "f.toml", "");
  EXPECT_EQ(t.text_or("e", "fallback"), "");
  EXPECT_EQ(t.text_or("absent", "fallback"), "fallback");
  EXPECT_EQ(t.texts("l"), (std::vector<std::string>{"a", ""}));
  EXPECT_TRUE(t.texts("none").empty());
}

TEST(TomlFields, FloatsAreShownAsWritten) {
  EXPECT_EQ(error_of("x = 0.1", [](TableReader& t) { t.number("x", 1.0, 2.0); }),
            "f.toml: t.x = 0.1: must be a number between 1 and 2");
  EXPECT_EQ(error_of("x = [0.05, 3.0]", [](TableReader& t) { t.number_pair("x", 1.0, 2.0); }),
            "f.toml: t.x = [ 0.05, 3.0 ]: must be [min, max]: two numbers between 1 and 2, "
            "min <= max");
}

TEST(TomlFields, StringValuesAreShownOnOneLine) {
  EXPECT_EQ(error_of("s = \"a\\nb\"", [](TableReader& t) { t.choice("s", {"a"}); }),
            "f.toml: t.s = \"a\\x0ab\": must be one of \"a\"");
}

// ---- tables -----------------------------------------------------------------------

TEST(TomlFields, TablesAndChildReaders) {
  EXPECT_EQ(error_of("", [](TableReader& t) { t.child("sub"); }),
            "f.toml: t.sub is missing: a table [t.sub] is required");
  EXPECT_EQ(error_of("sub = 1", [](TableReader& t) { t.child("sub", "a table of zones"); }),
            "f.toml: t.sub = 1: must be a table of zones");
  EXPECT_EQ(error_of("[sub]\nx = 9", [](TableReader& t) { t.child("sub").number("x", 0, 1); }),
            "f.toml: t.sub.x = 9: must be a number between 0 and 1");
}

TEST(TomlFields, ArraysOfTablesGiveIndexedReaders) {
  EXPECT_EQ(error_of("[[l]]\nn = 1\n[[l]]\nn = 0",
                     [](TableReader& t) {
                       for (TableReader& item : t.tables("l")) item.integer("n", 1, 9);
                     }),
            "f.toml: t.l[1].n = 0: must be a whole number between 1 and 9");
  EXPECT_EQ(error_of("", [](TableReader& t) { t.tables("l"); }),
            "f.toml: t.l is missing: one or more [[t.l]] tables are required");
  EXPECT_EQ(error_of("l = []", [](TableReader& t) { t.tables("l"); }),
            "f.toml: t.l = []: must be one or more [[t.l]] tables");
  EXPECT_EQ(error_of("l = 3", [](TableReader& t) { t.optional_tables("l"); }),
            "f.toml: t.l = 3: must be an array of tables ([[t.l]])");
  const toml::table table = parse_toml_text("l = [{ n = 1 }, { n = 2 }]", "f.toml");
  TableReader t(table, "f.toml", "");
  auto items = t.optional_tables("l");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].path("n"), "l[1].n");
  EXPECT_TRUE(t.optional_tables("none").empty());
}

// ---- unknown keys -------------------------------------------------------------------

TEST(TomlFields, UnknownKeyNamesValueAndTheAllowedKeys) {
  EXPECT_EQ(error_of("a = 1\nzz = 2",
                     [](TableReader& t) {
                       t.number("a", 0, 5);
                       t.optional_text("b");
                       t.finish();
                     }),
            "f.toml: t.zz = 2: unknown key; allowed here: \"a\" or \"b\"");
  EXPECT_EQ(error_of("zz = 2", [](TableReader& t) { t.finish(" for kind = \"pen\""); }),
            "f.toml: t.zz = 2: unknown key for kind = \"pen\"; no keys are allowed here");
}

TEST(TomlFields, OnlyRejectsUnknownKeysBeforeAnyValueIsRead) {
  EXPECT_EQ(error_of("a = \"bad\"\nzz = 2",
                     [](TableReader& t) {
                       t.only({"a", "note"});
                       t.number("a", 0, 5);
                     }),
            "f.toml: t.zz = 2: unknown key; allowed here: \"a\" or \"note\"");
  // Keys accepted by only() need not be read.
  const toml::table table = parse_toml_text("a = 1\nnote = 5", "f.toml");
  TableReader t(table, "f.toml", "");
  t.only({"a", "note"});
  EXPECT_NO_THROW(t.finish());
}

TEST(TomlFields, AllFailuresShareOneShape) {
  const toml::table table = parse_toml_text("x = 7", "f.toml");
  const TableReader t(table, "f.toml", "top.");
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(message([&] { t.fail("x", "odd"); }), "f.toml: top.x = 7: must be odd");
  EXPECT_EQ(message([&] { t.reject("x", "too lucky"); }), "f.toml: top.x = 7: too lucky");
  EXPECT_EQ(message([&] { t.fail_missing("y", "a y is required"); }),
            "f.toml: top.y is missing: a y is required");
}

// ---- sourced quantities ---------------------------------------------------------------

SourcedValue sourced(const std::string& text, const SourcedRule& rule) {
  const toml::table table = parse_toml_text(text, "f.toml");
  TableReader t(table, "f.toml", "");
  return read_sourced(t, "q", rule);
}

const SourcedRule kUm{.lo = 0.0, .hi = 100.0, .unit = "um"};

TEST(TomlFieldsSourced, ReadsValueRangeAndSource) {
  const SourcedValue q =
      sourced("q = { value = 20.0, unit = \"um\", range = [10, 30], source = \"Ref 2020\" }", kUm);
  EXPECT_DOUBLE_EQ(q.value(), 20.0);
  ASSERT_TRUE(q.range.has_value());
  EXPECT_EQ(*q.range, (std::pair{10.0, 30.0}));
  EXPECT_EQ(q.source, "Ref 2020");
  EXPECT_FALSE(q.calibrated);
  EXPECT_FALSE(q.log);
  EXPECT_FALSE(sourced("q = { value = 1, unit = \"um\", source = \"s\" }", kUm).range.has_value());
}

std::string sourced_error(const std::string& text, const SourcedRule& rule) {
  return error_of(text, [&](TableReader& t) { read_sourced(t, "q", rule); });
}

TEST(TomlFieldsSourced, ValueUnitAndSourceMessages) {
  EXPECT_EQ(sourced_error("q = { value = 200, unit = \"um\", source = \"s\" }", kUm),
            "f.toml: t.q.value = 200: must be a number between 0 and 100 um");
  EXPECT_EQ(sourced_error("q = { value = 2, unit = \"mm\", source = \"s\" }", kUm),
            "f.toml: t.q.unit = \"mm\": must be one of \"um\"");
  EXPECT_EQ(sourced_error("q = { value = 2, unit = \"um\", source = \"\" }", kUm),
            "f.toml: t.q.source = \"\": must be a non-empty string");
  EXPECT_EQ(sourced_error("q = { value = 2, unit = \"um\" }", kUm),
            "f.toml: t.q.source is missing: a non-empty string (a reference, or \"model choice: "
            "why\") is required");
  EXPECT_EQ(sourced_error("", kUm),
            "f.toml: t.q is missing: a table { value, unit = \"um\", source } is required");
  EXPECT_EQ(sourced_error("q = 3", kUm),
            "f.toml: t.q = 3: must be a table { value, unit = \"um\", source }");
}

TEST(TomlFieldsSourced, UnknownKeysComeFirst) {
  // The misspelt key is named, not the value left missing by the typo.
  EXPECT_EQ(sourced_error("q = { valeu = 2, unit = \"um\", source = \"s\" }", kUm),
            "f.toml: t.q.valeu = 2: unknown key; allowed here: \"value\", \"unit\", \"range\" or "
            "\"source\"");
  EXPECT_THAT(sourced_error("q = { value = 2, unit = \"um\", source = \"s\", log = true }", kUm),
              HasSubstr("t.q.log = true: unknown key"));
  EXPECT_THAT(
      sourced_error("q = { value = 2, unit = \"um\", source = \"s\", calibrated = \"x\" }", kUm),
      HasSubstr("t.q.calibrated = \"x\": unknown key"));
}

TEST(TomlFieldsSourced, RangeMessages) {
  EXPECT_EQ(sourced_error("q = { value = 2, unit = \"um\", range = [3, 4], source = \"s\" }", kUm),
            "f.toml: t.q.range = [ 3, 4 ]: must contain the value 2");
  EXPECT_EQ(
      sourced_error("q = { value = 2, unit = \"um\", range = [1, 400], source = \"s\" }", kUm),
      "f.toml: t.q.range = [ 1, 400 ]: must be [low, high] with 0 <= low <= value <= high <= "
      "100 um");
  EXPECT_THAT(
      sourced_error("q = { value = 2, unit = \"um\", range = [4, 1], source = \"s\" }", kUm),
      HasSubstr("t.q.range = [ 4, 1 ]: must be [low, high]"));
  EXPECT_THAT(sourced_error("q = { value = 2, unit = \"um\", range = 1, source = \"s\" }", kUm),
              HasSubstr("t.q.range = 1: must be [low, high]"));
  // Without the limits rule a range may reach beyond the value's limits.
  SourcedRule open = kUm;
  open.range_within_limits = false;
  const SourcedValue q =
      sourced("q = { value = 2, unit = \"um\", range = [-1, 400], source = \"s\" }", open);
  EXPECT_EQ(*q.range, (std::pair{-1.0, 400.0}));
  EXPECT_EQ(sourced_error("q = { value = 2, unit = \"um\", range = [3, 1], source = \"s\" }", open),
            "f.toml: t.q.range = [ 3, 1 ]: must be [low, high], two numbers with low <= value <= "
            "high");
}

TEST(TomlFieldsSourced, PureNumbersShowNoUnit) {
  const SourcedRule ratio{.lo = 0.5, .hi = 2.0, .unit = "1"};
  EXPECT_EQ(sourced_error("q = { value = 3, unit = \"1\", source = \"s\" }", ratio),
            "f.toml: t.q.value = 3: must be a number between 0.5 and 2");
  EXPECT_EQ(sourced_error("q = { value = 1, unit = \"1\", range = [0, 1], source = \"s\" }", ratio),
            "f.toml: t.q.range = [ 0, 1 ]: must be [low, high] with 0.5 <= low <= value <= high "
            "<= 2");
}

TEST(TomlFieldsSourced, WholeNumbers) {
  const SourcedRule count{.lo = 1, .hi = 100, .unit = "1", .whole = true};
  EXPECT_DOUBLE_EQ(sourced("q = { value = 7, unit = \"1\", source = \"s\" }", count).value(), 7.0);
  EXPECT_EQ(sourced_error("q = { value = 7.5, unit = \"1\", source = \"s\" }", count),
            "f.toml: t.q.value = 7.5: must be a whole number between 1 and 100");
}

TEST(TomlFieldsSourced, PerPhototypeNeedsSixValuesInsideTheRange) {
  const SourcedRule six{.lo = 0.5, .hi = 2.0, .unit = "1", .per_phototype = true};
  const SourcedValue q =
      sourced("q = { value = [1, 1, 1, 1.1, 1.2, 1.3], unit = \"1\", source = \"s\" }", six);
  EXPECT_EQ(q.values, (std::vector<double>{1.0, 1.0, 1.0, 1.1, 1.2, 1.3}));
  EXPECT_EQ(sourced_error("q = { value = [1, 1], unit = \"1\", source = \"s\" }", six),
            "f.toml: t.q.value = [ 1, 1 ]: must be an array of 6 numbers between 0.5 and 2, one "
            "per Fitzpatrick phototype I..VI");
  EXPECT_EQ(sourced_error("q = { value = [1, 1, 1, 1, 1, 1.5], unit = \"1\", range = [0.9, 1.1], "
                          "source = \"s\" }",
                          six),
            "f.toml: t.q.range = [ 0.9, 1.1 ]: must contain the value 1.5");
  EXPECT_EQ(sourced_error("", six),
            "f.toml: t.q is missing: a table { value = [6 numbers], unit = \"1\", source } is "
            "required");
}

TEST(TomlFieldsSourced, CalibratedInsteadOfSourceAndLogRanges) {
  const SourcedRule fitted{.lo = 0.0,
                           .hi = 1e12,
                           .unit = "h",
                           .range_within_limits = false,
                           .log = true,
                           .calibrated = true};
  const SourcedValue q = sourced(
      "q = { value = 4, unit = \"h\", range = [1, 24], log = true, calibrated = \"target\" }",
      fitted);
  EXPECT_TRUE(q.calibrated);
  EXPECT_TRUE(q.log);
  EXPECT_EQ(q.source, "target");
  EXPECT_EQ(
      sourced_error("q = { value = 4, unit = \"h\", source = \"s\", calibrated = \"t\" }", fitted),
      "f.toml: t.q.calibrated = \"t\": must be absent when source is given: a value is "
      "either sourced or calibrated");
  EXPECT_EQ(sourced_error("q = { value = 4, unit = \"h\" }", fitted),
            "f.toml: t.q.source is missing: source (where the value comes from) or calibrated "
            "(the target it is fitted to) is required");
  EXPECT_EQ(sourced_error("q = { value = 4, unit = \"h\", range = [0, 5], log = true, source = "
                          "\"s\" }",
                          fitted),
            "f.toml: t.q.range = [ 0, 5 ]: must be [low, high] with low > 0 when log = true");
  EXPECT_EQ(sourced_error("q = { value = 4, unit = \"h\", log = 1, source = \"s\" }", fitted),
            "f.toml: t.q.log = 1: must be true or false");
}

}  // namespace
}  // namespace citsim::detail
