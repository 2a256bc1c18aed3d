// Writes N synthetic but valid six-visit treatment courses for the benchmark:
//   superbill_make_courses DIR N [SEED [UNICODE_EVERY]]
// Names, dates, diagnoses, payers and services vary from course to course (IV ketamine
// series, ketamine-assisted psychotherapy, SGB, esketamine); every course is valid against
// samples/clinic.xml and the shipped tables. The same N and SEED always give the same files.
// Names stay within Latin-1 (accents included), as in most US clinics' batches, unless
// UNICODE_EVERY is k > 0: then every k-th course (the k-th, the 2k-th ...) gets a name outside
// it (Vietnamese, Polish, Cyrillic, Chinese, Greek: the superbill embeds TrueType fonts), and
// the courses are otherwise the very same files.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// A small, fixed pseudo-random generator (splitmix64): the course files must not depend on
// the standard library's distributions, which differ between implementations.
struct Rng {
  unsigned long long state;
  unsigned long long Next() {
    unsigned long long z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<unsigned long long>(n)); }
  template <typename T, int N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }
};

const char* const kGiven[] = {"Ana",   "Jerome", "María",   "Oliver", "Priya", "Samuel",
                              "Chloé", "Tomás",  "Grace",   "Noah",   "Leila", "Marcus",
                              "Sofía", "Ethan",  "Hannah",  "Diego",  "Zoë",   "Isaac",
                              "Nadia", "Caleb",  "Beatriz", "Owen",   "Amara", "Luca"};
const char* const kFamily[] = {"Rivera",  "Castellanos", "Nguyen",    "O'Brien",  "Patel",
                               "Johnson", "Müller",      "García",    "Kowalski", "Smith",
                               "Haddad",  "Brown",       "Fernández", "Okonkwo",  "Larsen",
                               "Ibáñez",  "Chen",        "Williams",  "Dubois",   "Reyes"};
const char* const kStreets[] = {"Ocean Park Blvd", "E 7th St",    "N Kings Rd", "Sunset Blvd",
                                "Main St",         "Pico Blvd",   "Elm Ave",    "Vermont Ave",
                                "Colorado Blvd",   "Lincoln Blvd"};
const char* const kCities[] = {"Santa Monica", "Long Beach", "West Hollywood", "Pasadena",
                               "Los Angeles",  "Burbank",    "Culver City",    "Glendale"};
struct Payer {
  const char* name;
  const char* id;
  const char* member_prefix;
};
const Payer kPayers[] = {{"Aetna", "60054", "W"},
                         {"Cigna", "62308", "U"},
                         {"Blue Shield of California", "94036", "XEA"},
                         {"UnitedHealthcare", "87726", "9"}};
const char* const kDepression[] = {"F33.2", "F33.1", "F32.2", "F32.1"};
const char* const kSecondary[] = {"R45.851", "F41.1", "F43.12", "F51.5"};

// Names that need more than Windows-1252, in turn.
struct Name {
  const char* given;
  const char* family;
};
const Name kUnicodeNames[] = {{"Thị Mai", "Nguyễn"},
                              {"Văn Đức", "Đặng"},
                              {"Łucja", "Wójcik-Żak"},
                              {"Анна", "Волкова"},
                              {"小明", "王"},
                              {"Ngọc Ánh", "Trần"},
                              {"Grzegorz", "Szczęsny"},
                              {"Дмитрий", "Ёлкин"},
                              {"Ελένη", "Παπαδοπούλου"},
                              {"建国", "李"}};

std::string Date(int day_of_year) {
  // 2026, days 1..365; visit dates stay well before the benchmark's --date.
  static const int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int month = 0;
  while (day_of_year > kMonthDays[month]) day_of_year -= kMonthDays[month++];
  char buf[32];
  std::snprintf(buf, sizeof buf, "2026-%02d-%02d", month + 1, day_of_year);
  return buf;
}

std::string Clock(int minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

std::string Course(long index, Rng& rng, long unicode_every) {
  char id[32];
  std::snprintf(id, sizeof id, "BN-%07ld", index);
  const Payer& payer = rng.Pick(kPayers);
  std::string x;
  x.reserve(4096);
  x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<course format=\"1\" id=\"";
  x += id;
  x += "\">\n  <patient id=\"P-" + std::to_string(100000 + index) + "\" given=\"" +
       rng.Pick(kGiven) + "\" family=\"" + rng.Pick(kFamily) + "\" birthDate=\"" +
       std::to_string(1950 + rng.Below(50)) + "-0" + std::to_string(1 + rng.Below(9)) + "-1" +
       std::to_string(rng.Below(10)) + "\" sex=\"" + (rng.Below(2) ? "F" : "M") +
       "\" phone=\"310-555-0" + std::to_string(100 + rng.Below(900)) + "\">\n";
  x += "    <address line1=\"" + std::to_string(10 + rng.Below(9000)) + " " + rng.Pick(kStreets) +
       "\" city=\"" + rng.Pick(kCities) + "\" state=\"CA\" postalCode=\"90" +
       std::to_string(100 + rng.Below(800)) + "\"/>\n";
  x += "  </patient>\n  <coverage payer=\"" + std::string(payer.name) + "\" payerId=\"" + payer.id +
       "\" memberId=\"" + payer.member_prefix + std::to_string(100000000 + rng.Below(900000000)) +
       "\" group=\"0" + std::to_string(100000 + rng.Below(900000)) + "\"/>\n\n";
  x += "  <diagnosis code=\"" + std::string(rng.Pick(kDepression)) + "\"/>\n";
  x += "  <diagnosis code=\"" + std::string(rng.Pick(kSecondary)) + "\"/>\n\n";

  const int kind = rng.Below(10);  // 0-5 infusions, 6-7 KAP, 8 SGB, 9 esketamine
  int day = 1 + rng.Below(300);
  std::string payments;
  for (int v = 0; v < 6; ++v) {
    // (The LCSW does the therapy sessions of KAP courses; only prescribers bill E/M.)
    const char* provider =
        kind == 8 ? "okafor" : (kind >= 6 && kind <= 7 && v % 2 == 1 ? "ortiz" : "lee");
    x += "  <visit date=\"" + Date(day) + "\" provider=\"" + provider + "\">\n";
    if (kind <= 5) {
      if (v == 0) x += "    <evaluation minutes=\"60\"/>\n";
      int start = 8 * 60 + rng.Below(16) * 30;
      int length = 40 + rng.Below(60);
      x += "    <infusion drug=\"ketamine\" doseMg=\"" + std::to_string(30 + rng.Below(40)) +
           "\" start=\"" + Clock(start) + "\" stop=\"" + Clock(start + length) + "\"/>\n";
      if (rng.Below(2)) x += "    <push drug=\"ondansetron\" doseMg=\"4\"/>\n";
    } else if (kind <= 7) {
      if (v % 2 == 1) {
        x += "    <psychotherapy minutes=\"" + std::to_string(30 + rng.Below(30)) + "\"/>\n";
      } else {
        x += "    <office patient=\"established\" mdm=\"moderate\"/>\n";
        x += "    <injection drug=\"ketamine\" doseMg=\"" + std::to_string(75 + rng.Below(50)) +
             "\"/>\n";
      }
    } else if (kind == 8) {
      x += v == 0 ? "    <office patient=\"new\" minutes=\"40\"/>\n"
                  : "    <office patient=\"established\" minutes=\"" +
                        std::to_string(20 + rng.Below(20)) + "\"/>\n";
      if (v % 3 == 0) {
        x += "    <block kind=\"stellate-ganglion\" side=\"right\" guidance=\"ultrasound\"/>\n";
      }
    } else {
      x += "    <office patient=\"established\" minutes=\"" + std::to_string(20 + rng.Below(20)) +
           "\"/>\n";
      x += std::string("    <nasal drug=\"esketamine\" doseMg=\"") + (v < 2 ? "56" : "84") +
           "\"/>\n";
    }
    x += "  </visit>\n";
    if (rng.Below(3)) {
      payments += "  <payment date=\"" + Date(day) + "\" amount=\"" +
                  std::to_string(100 + rng.Below(500)) + ".00\" method=\"card\"/>\n";
    }
    day += 2 + rng.Below(5);
  }
  x += "\n" + payments + "</course>\n";
  if (unicode_every > 0 && (index + 1) % unicode_every == 0) {
    const std::size_t at = x.find(" given=\"");
    const std::size_t end = x.find("\" birthDate=");
    const Name& n =
        kUnicodeNames[(index / unicode_every) %
                      static_cast<long>(sizeof kUnicodeNames / sizeof kUnicodeNames[0])];
    x.replace(at, end - at, std::string(" given=\"") + n.given + "\" family=\"" + n.family);
  }
  return x;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DIR N [SEED [UNICODE_EVERY]]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const long n = std::strtol(argv[2], nullptr, 10);
  Rng rng{argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1};
  const long unicode_every = argc > 4 ? std::strtol(argv[4], nullptr, 10) : 0;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    std::fprintf(stderr, "%s: %s\n", dir.c_str(), std::strerror(errno));
    return 2;
  }
  for (long i = 0; i < n; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "/c%07ld.xml", i);
    const std::string text = Course(i, rng, unicode_every);
    std::FILE* f = std::fopen((dir + name).c_str(), "wb");
    if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0) {
      std::fprintf(stderr, "%s%s: cannot write\n", dir.c_str(), name);
      return 2;
    }
  }
  return 0;
}
