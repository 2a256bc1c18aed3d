// Diagnostics: the printed forms of errors and warnings, and counting them.
#include "common/diagnostic.h"

#include <gtest/gtest.h>

namespace superbill {
namespace {

TEST(DiagnosticTest, ErrorsAndWarningsPrintWithTheirPlace) {
  EXPECT_EQ((Diagnostic{{"a.xml", 3, 7}, "bad"}).ToString(), "a.xml:3:7: error: bad");
  EXPECT_EQ(Warning({"a.xml", 3, 7}, "dropped").ToString(), "a.xml:3:7: warning: dropped");
  EXPECT_EQ(Warning({"a.xml", 3, 0}, "dropped").ToString(), "a.xml:3: warning: dropped");
  EXPECT_EQ(Warning({"a.xml"}, "dropped").ToString(), "a.xml: warning: dropped");
  EXPECT_EQ((Diagnostic{{}, "no place"}).ToString(), "superbill: error: no place");
}

TEST(DiagnosticTest, WarningsAloneAreNotErrors) {
  Diagnostics d;
  EXPECT_FALSE(HasErrors(d));
  EXPECT_EQ(FirstError(d), nullptr);
  d.push_back(Warning({"a.xml", 1, 1}, "w1"));
  d.push_back(Warning({"a.xml", 2, 1}, "w2"));
  EXPECT_FALSE(HasErrors(d));
  EXPECT_EQ(CountWarnings(d), 2u);
  EXPECT_EQ(CountErrors(d), 0u);
  d.push_back({{"a.xml", 3, 1}, "e"});
  EXPECT_TRUE(HasErrors(d));
  EXPECT_EQ(CountErrors(d), 1u);
  ASSERT_NE(FirstError(d), nullptr);
  EXPECT_EQ(FirstError(d)->message, "e");
}

}  // namespace
}  // namespace superbill
