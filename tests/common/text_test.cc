#include "common/text.h"

#include <gtest/gtest.h>

namespace superbill {
namespace {

TEST(LineIndexTest, LocatesLinesAndCodePointColumns) {
  std::string text = "ab\nNguyễn x\n\nz";
  LineIndex index(text);
  int line, col;
  index.Locate(0, &line, &col);
  EXPECT_EQ(line, 1);
  EXPECT_EQ(col, 1);
  index.Locate(3, &line, &col);  // 'N'
  EXPECT_EQ(line, 2);
  EXPECT_EQ(col, 1);
  index.Locate(text.find(" x"), &line, &col);  // after six code points (ễ is 3 bytes)
  EXPECT_EQ(line, 2);
  EXPECT_EQ(col, 7);
  index.Locate(text.size() - 1, &line, &col);
  EXPECT_EQ(line, 4);
  EXPECT_EQ(col, 1);
}

// Every offset of long lines with multi-byte characters, block boundaries and a text whose
// length is a multiple of the index's block: the same place as counting from the line start.
TEST(LineIndexTest, LongLinesLocateAsCountingFromTheLineStart) {
  for (std::size_t length : {0u, 1u, 255u, 256u, 257u, 512u, 3001u}) {
    std::string text;
    for (std::size_t i = 0; text.size() < length; ++i) {
      text += i % 97 == 0 ? "\n" : i % 5 == 0 ? "ễ" : "a";
    }
    text.resize(length);  // may cut a character: columns count its lead byte only
    LineIndex index(text);
    int want_line = 1, want_col = 1;
    for (std::size_t offset = 0; offset <= text.size(); ++offset) {
      int line = 0, col = 0;
      index.Locate(offset, &line, &col);
      ASSERT_EQ(line, want_line) << "length " << length << " offset " << offset;
      ASSERT_EQ(col, want_col) << "length " << length << " offset " << offset;
      if (offset == text.size()) break;
      if (text[offset] == '\n') {
        ++want_line;
        want_col = 1;
      } else if ((static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80) {
        ++want_col;  // the byte at `offset` starts a code point
      }
    }
  }
}

TEST(Utf8Test, FindsTheFirstInvalidByte) {
  EXPECT_EQ(FindInvalidUtf8("plain"), std::string::npos);
  EXPECT_EQ(FindInvalidUtf8("Đặng 王"), std::string::npos);
  EXPECT_EQ(FindInvalidUtf8(std::string("ab\xff", 3)), 2u);
  EXPECT_EQ(FindInvalidUtf8(std::string("a\xc3", 2)), 1u);         // truncated
  EXPECT_EQ(FindInvalidUtf8(std::string("\xc0\xaf", 2)), 0u);      // overlong '/'
  EXPECT_EQ(FindInvalidUtf8(std::string("\xed\xa0\x80", 3)), 0u);  // surrogate
}

TEST(CsvTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("96365"), "96365");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
}

TEST(CsvTest, ParsesQuotedFieldsAndLines) {
  std::vector<CsvRecord> records;
  std::string error;
  int line = 0;
  ASSERT_TRUE(ParseCsv("code,label\r\n96365,\"IV infusion, first hour\"\n\n99417,\"a\"\"b\"\n",
                       &records, &error, &line));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].fields[1], "IV infusion, first hour");
  EXPECT_EQ(records[2].line, 4);
  EXPECT_EQ(records[2].fields[1], "a\"b");
  EXPECT_FALSE(ParseCsv("a,\"open\n", &records, &error, &line));
  EXPECT_EQ(error, "unterminated quoted field");
}

}  // namespace
}  // namespace superbill
