// A provider's signature image (clinic file, <provider signature="...png">): read whole when
// the clinic is loaded; every problem is an error at the attribute.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "input/clinic_reader.h"
#include "support/test_support.h"

namespace superbill {
namespace {

using testing::RealTables;
using testing::ScratchDir;
using testing::Slurp;
using testing::SourcePath;

std::uint32_t Crc32(const std::string& bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string BigEndian(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string Chunk(const std::string& type, const std::string& data) {
  return BigEndian(static_cast<std::uint32_t>(data.size())) + type + data +
         BigEndian(Crc32(type + data));
}

// A PNG whose header claims `width` x `height` gray pixels, with an image data chunk of
// `idat` (not necessarily matching).
std::string PngWithHeader(std::uint32_t width, std::uint32_t height, const std::string& idat) {
  const std::string ihdr =
      BigEndian(width) + BigEndian(height) + std::string("\x08\x00\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + Chunk("IHDR", ihdr) + Chunk("IDAT", idat) +
         Chunk("IEND", "");
}

// The clinic's diagnostics, with the scratch folder's path left out.
std::string Errors(const ScratchDir& dir, const std::string& signature) {
  const std::string path = dir.Path("clinic.xml");
  const std::string text =
      "<clinic format=\"1\">\n"
      "<name>X</name><taxId>95-1234567</taxId><phone>310-555-0100</phone>"
      "<address line1=\"1 A\" city=\"B\" state=\"CA\" postalCode=\"90001\"/>\n"
      "<provider id=\"md\" given=\"A\" family=\"B\" credentials=\"MD\" npi=\"1234567893\" "
      "signature=\"" +
      signature + "\"/>\n</clinic>\n";
  Diagnostics diags;
  Clinic clinic = ParseClinic(path, text, RealTables(), &diags);
  std::string out;
  for (const auto& d : diags) out += d.ToString() + "\n";
  const std::string prefix = dir.Path("");
  for (std::size_t at = out.find(prefix); at != std::string::npos; at = out.find(prefix)) {
    out.erase(at, prefix.size());
  }
  if (diags.empty() && !clinic.providers.empty()) out = "ok " + clinic.providers[0].signature;
  return out;
}

TEST(SignatureImageTest, ReadWholeAndLocated) {
  ScratchDir dir;
  const std::string good = Slurp(SourcePath("samples/signatures/brandt.png"));
  ASSERT_GT(good.size(), 100u);
  dir.Write("sig.png", good);
  dir.Write("text.png", "not an image\n");
  dir.Write("short.png", good.substr(0, good.size() / 2));
  std::string damaged = good;
  damaged[good.size() / 2] = static_cast<char>(damaged[good.size() / 2] ^ 0x55);
  dir.Write("damaged.png", damaged);
  dir.Write("wide.png", PngWithHeader(5000, 10, ""));
  dir.Write("big.png", std::string(3 * 1024 * 1024, 'x'));
  std::filesystem::create_directory(dir.Path("sub"));

  struct Case {
    std::string signature;
    std::string expected;  // "ok PATH" or the diagnostics
  };
  const std::string at = "clinic.xml:3:74: error: signature image ";
  const Case cases[] = {
      {"sig.png", "ok " + dir.Path("sig.png")},
      {dir.Path("sig.png"), "ok " + dir.Path("sig.png")},
      {"missing.png", at + "missing.png cannot be read: No such file or directory\n"},
      {"text.png", at + "text.png is not a PNG image\n"},
      {"short.png", at + "short.png is damaged: the file ends too early\n"},
      {"damaged.png", at + "damaged.png is damaged: bad adaptive filter value\n"},
      {"wide.png", at + "wide.png is larger than 4000 pixels a side\n"},
      {"big.png", at + "big.png is larger than 2 MB\n"},
      {"sub", at + "sub is not a file\n"},
      {"", "clinic.xml:3:74: error: attribute 'signature' must not be empty\n"},
  };
  for (const auto& c : cases) EXPECT_EQ(Errors(dir, c.signature), c.expected) << c.signature;
}

}  // namespace
}  // namespace superbill
