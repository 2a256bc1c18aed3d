// Card names: what ICU really gives for Vietnamese, Polish, Chinese, Cyrillic and other
// names (exact outputs), the A-Z/digit/space/hyphen rule, <cardName> first, and several
// threads sharing the one transliterator.
#include "model/card_name.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace superbill {
namespace {

TEST(CardNameTest, OnePartInCardForm) {
  struct Case {
    std::string written;
    std::string card;
    bool transliterated;
  };
  const std::vector<Case> cases = {
      {"Nguyễn", "NGUYEN", true},
      {"Wiśniewski", "WISNIEWSKI", true},
      // ICU's Han-Latin gives pinyin syllable by syllable, family name first: 王小明 is
      // "wáng xiǎo míng". A card usually joins the given name's syllables (XIAOMING): the
      // reason transliterated names are warned about.
      {"王", "WANG", true},
      {"小明", "XIAO MING", true},
      {"王小明", "WANG XIAO MING", true},
      {"建国", "JIAN GUO", true},
      {"Thị Mai", "THI MAI", true},
      {"Đặng", "DANG", true},
      {"Văn Đức", "VAN DUC", true},
      {"Волкова", "VOLKOVA", true},
      {"Анна", "ANNA", true},
      {"Ольга", "OLGA", true},  // ICU: Ol'ga; the soft sign's apostrophe goes
      {"Αλέξανδρος", "ALEXANDROS", true},
      {"María Guadalupe", "MARIA GUADALUPE", true},
      {"Hernández Ortega", "HERNANDEZ ORTEGA", true},
      {"Straße", "STRASSE", true},
      {"Ærø", "AERO", true},
      {"Łódź", "LODZ", true},
      {"Þór", "THOR", true},
      {"Nguye\xcc\x82\xcc\x83n", "NGUYEN", true},  // decomposed (NFD) marks
      {"😀", "", true},                             // nothing ICU can write in ASCII
      {"Ana😀", "ANA", true},
      // ASCII: only case and punctuation change, nothing is transliterated.
      {"Rivera", "RIVERA", false},
      {"O'Brien", "OBRIEN", false},
      {"St. John", "ST JOHN", false},
      {"Anne-Marie", "ANNE-MARIE", false},
      {"Jean - Paul", "JEAN-PAUL", false},
      {"  de  la   Cruz ", "DE LA CRUZ", false},
      {"Smith, Jr", "SMITH JR", false},
      {"-Lee-", "LEE", false},
      {"Henry VIII", "HENRY VIII", false},
      {"X Æ A-12", "X AE A-12", true},
      {"", "", false},
      {"'.", "", false},
  };
  for (const auto& c : cases) {
    bool transliterated = !c.transliterated;
    EXPECT_EQ(CardNamePart(c.written, &transliterated), c.card) << c.written;
    EXPECT_EQ(transliterated, c.transliterated) << c.written;
  }
}

TEST(CardNameTest, TransliterateToAsciiKeepsPunctuation) {
  EXPECT_EQ(TransliterateToAscii("Blue Cross – Standard Option"), "Blue Cross - Standard Option");
  EXPECT_EQ(TransliterateToAscii("c/o Đặng Văn Đức, Apt #5"), "c/o Dang Van Duc, Apt #5");
  EXPECT_EQ(TransliterateToAscii("Ольга"), "Ol'ga");
  EXPECT_EQ(TransliterateToAscii("plain"), "plain");
}

Person Named(const std::string& family, const std::string& given, const std::string& middle) {
  Person p;
  p.family = family;
  p.given = given;
  p.middle = middle;
  return p;
}

TEST(CardNameTest, PersonFromTheWrittenNameOrTheCard) {
  CardNameResult r = CardNameOf(Named("王", "小明", ""));
  EXPECT_EQ(r.name.family, "WANG");
  EXPECT_EQ(r.name.given, "XIAO MING");
  EXPECT_EQ(r.name.middle, "");
  EXPECT_TRUE(r.transliterated);
  EXPECT_FALSE(r.from_card);

  r = CardNameOf(Named("Rivera", "Ana", "L"));
  EXPECT_EQ(r.name.family + "/" + r.name.given + "/" + r.name.middle, "RIVERA/ANA/L");
  EXPECT_FALSE(r.transliterated);

  // Only the middle name outside ASCII still counts as transliterated.
  EXPECT_TRUE(CardNameOf(Named("Volkova", "Anna", "С")).transliterated);

  // <cardName> wins, in the same card form, and is not a transliteration.
  Person p = Named("王", "小明", "");
  p.card_name = CardName{"Wang", "Xiaoming", "", {}};
  r = CardNameOf(p);
  EXPECT_EQ(r.name.family + "/" + r.name.given, "WANG/XIAOMING");
  EXPECT_TRUE(r.from_card);
  EXPECT_FALSE(r.transliterated);
  p.card_name = CardName{"o'neil-smith", "mary ann", "k.", {}};
  r = CardNameOf(p);
  EXPECT_EQ(r.name.family + "/" + r.name.given + "/" + r.name.middle, "ONEIL-SMITH/MARY ANN/K");
}

// The transliterator is shared by the worker threads of a batch.
TEST(CardNameTest, ThreadsShareTheTransliterator) {
  const std::vector<std::pair<std::string, std::string>> names = {
      {"Nguyễn", "NGUYEN"}, {"王小明", "WANG XIAO MING"}, {"Волкова", "VOLKOVA"}, {"Đặng", "DANG"}};
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        const auto& [written, card] = names[(t + i) % names.size()];
        if (CardNamePart(written) != card) ++wrong[t];
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace superbill
