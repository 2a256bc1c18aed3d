// CSV course files: what real spreadsheets write is read as the XML would be (tables of
// inputs and the exact coded lines), and every fault is one exact located diagnostic
// (v.csv:ROW:COL: error: ... (column 'NAME')).
#include "input/csv_reader.h"

#include <gtest/gtest.h>

#include "coding/coder.h"
#include "input/csv_table.h"
#include "input/csv_values.h"
#include "support/test_support.h"
#include "validate/course_validator.h"

namespace superbill {
namespace {

using testing::SampleContext;

// The columns every case shares, then one row's values for them.
const std::string kHead =
    "courseId,date,provider,service,drug,doseMg,start,stop,minutes,amount,method,diagnoses,"
    "patientId,patientGiven,patientFamily,patientBirthDate,patientSex,patientLine1,patientCity,"
    "patientState,patientPostalCode,payer,memberId\n";
const std::string kPerson =
    "F33.2,P-1,Ana,Rivera,1987-03-14,F,12 Ocean Park Blvd,Santa Monica,CA,90405,Aetna,W123";
// An infusion at 10:05-10:47 on 2026-10-05 (row values before kPerson).
const std::string kInfusion = "C-1,2026-10-05,lee,infusion,ketamine,38,10:05,10:47,,,,";
const std::string kPayment = "C-1,2026-10-05,,payment,,,,,,450.00,card,,,,,,,,,,,,\n";

std::string Joined(const std::vector<CsvCourse>& courses) {
  std::string out;
  for (const auto& c : courses) {
    for (const auto& d : c.diagnostics) out += d.ToString() + "\n";
  }
  return out;
}

// The lines of every course of `text`, coded against the samples' clinic, as
// "course date code mods units dx charge", or the diagnostics.
std::string Coded(const std::string& text) {
  std::string out;
  for (const CsvCourse& c : ParseCsvCourses("v.csv", text)) {
    Diagnostics d = c.diagnostics;
    if (!HasErrors(d)) {
      Diagnostics v = ValidateCourse(c.course, SampleContext().clinic, SampleContext().tables,
                                     SampleContext().date);
      d.insert(d.end(), v.begin(), v.end());
    }
    if (HasErrors(d)) {
      for (const auto& x : d) out += x.ToString() + "\n";
      continue;
    }
    Claim claim = CodeCourse(c.course, SampleContext().clinic, SampleContext().tables,
                             SampleContext().date, &d);
    for (const auto& x : d) out += x.ToString() + "\n";
    for (const auto& l : claim.lines) {
      out += c.course.id + " " + l.date.ToString() + " " + l.code + " " +
             (l.modifiers.empty() ? "-" : l.ModifierString(':')) + " " + std::to_string(l.units) +
             " " + l.DxLetters() + " " + l.charge.ToString() + "\n";
    }
    out += "paid " + claim.paid.ToString() + "\n";
  }
  return out;
}

const std::string kInfusionLines =
    "C-1 2026-10-05 96365 - 1 A 450.00\n"
    "C-1 2026-10-05 J3490 - 1 A 60.00\n";

// What spreadsheets write, each read as the plain form is: the same lines and payment.
TEST(CsvReaderTest, SpreadsheetFormsReadAsThePlainOnes) {
  struct Case {
    const char* name;
    std::string text;
    std::string coded;
  };
  const std::string plain = kHead + kInfusion + kPerson + "\n" + kPayment;
  const std::string paid = "paid 450.00\n";
  const std::vector<Case> cases = {
      {"plain LF", plain, kInfusionLines + paid},
      {"BOM and CRLF",
       "\xEF\xBB\xBF" + kHead.substr(0, kHead.size() - 1) + "\r\n" + kInfusion + kPerson + "\r\n" +
           kPayment.substr(0, kPayment.size() - 1) + "\r\n",
       kInfusionLines + paid},
      {"CR line ends (old Mac Excel)",
       kHead.substr(0, kHead.size() - 1) + "\r" + kInfusion + kPerson + "\r" + kPayment,
       kInfusionLines + paid},
      {"header in other case",
       "COURSEID,Date,PROVIDER,Service,drug,DoseMg,START,Stop,minutes,Amount,method,Diagnoses,"
       "patientid,PatientGiven,patientfamily,PATIENTBIRTHDATE,patientSex,patientLine1,"
       "patientCity,patientState,patientPostalCode,Payer,MemberID\n" +
           kInfusion + kPerson + "\n" + kPayment,
       kInfusionLines + paid},
      {"columns in other order",
       "service,courseId,doseMg,drug,date,provider,stop,start,diagnoses,patientId,patientGiven,"
       "patientFamily,patientBirthDate,patientSex,patientLine1,patientCity,patientState,"
       "patientPostalCode,payer,memberId\n"
       "infusion,C-1,38,ketamine,2026-10-05,lee,10:47,10:05," +
           kPerson + "\n",
       kInfusionLines + "paid 0.00\n"},
      {"MM/DD/YYYY dates and 12-hour times",
       kHead + "C-1,10/05/2026,lee,infusion,ketamine,38,10:05 AM,10:47 am,,,,"
               "F33.2,P-1,Ana,Rivera,3/14/1987,F,12 Ocean Park Blvd,Santa Monica,CA,90405,Aetna,"
               "W123\n"
               "C-1,10/5/2026,,payment,,,,,,450,card,,,,,,,,,,,,\n",
       kInfusionLines + paid},
      {"money with $ and thousands separators",
       kHead + kInfusion + kPerson + "\n" + "C-1,2026-10-05,,payment,,,,,,\"$1,450.00\",card\n",
       kInfusionLines + "paid 1450.00\n"},
      {"quoted cells with commas, quotes and line breaks",
       kHead + "C-1,2026-10-05,lee,\"infusion\",ketamine,38,10:05,10:47,,,,"
               "\"F33.2, R45.851\",P-1,\"Ana \"\"Annie\"\"\",Rivera,1987-03-14,F,"
               "\"12 Ocean Park Blvd,\nApt 3\",Santa Monica,CA,90405,Aetna,W123\n",
       "C-1 2026-10-05 96365 - 1 AB 450.00\nC-1 2026-10-05 J3490 - 1 AB 60.00\npaid 0.00\n"},
      {"empty trailing rows and columns",
       kHead.substr(0, kHead.size() - 1) + ",,\n" + kInfusion + kPerson + ",,\n" + kPayment +
           ",,,,,,,,,,,,,,,,,,,,,,,,\n\n\r\n,,\n",
       kInfusionLines + paid},
      {"blank rows between courses", kHead + "\n" + kInfusion + kPerson + "\n\n\n" + kPayment,
       kInfusionLines + paid},
      {"choices in any case",
       kHead + "C-1,2026-10-05,lee,Infusion,ketamine,38,10:05,10:47,,,,"
               "F33.2,P-1,Ana,Rivera,1987-03-14,f,12 Ocean Park Blvd,Santa Monica,CA,90405,Aetna,"
               "W123\n"
               "C-1,2026-10-05,,Payment,,,,,,450.00,Card,,,,,,,,,,,,\n",
       kInfusionLines + paid},
      {"the rows of two courses interleaved",
       kHead + kInfusion + kPerson + "\n" + "C-2,2026-10-06,lee,psychotherapy,,,,,45,,," + kPerson +
           "\n" + kPayment +
           "C-2,2026-10-06,lee,push,ondansetron,4,,,,,,"
           "F33.2,P-1,Ana,Rivera,1987-03-14,F,12 Ocean Park Blvd,Santa Monica,CA,90405,Aetna,"
           "W123\n",
       kInfusionLines + paid + "C-2 2026-10-06 90834 - 1 A 150.00\n" +
           "C-2 2026-10-06 96374 - 1 A 95.00\nC-2 2026-10-06 J2405 - 4 A 12.00\npaid 0.00\n"},
      {"rows of one date and provider are one visit",
       kHead + kInfusion + kPerson + "\n" + "C-1,10/5/2026,lee,push,ondansetron,4,,,,,," + kPerson +
           "\n",
       kInfusionLines +
           "C-1 2026-10-05 96375 - 1 A 45.00\nC-1 2026-10-05 J2405 - 4 A 12.00\npaid 0.00\n"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Coded(c.text), c.coded) << c.name;
  }
}

TEST(CsvReaderTest, CellsAreTrimmedAndFormulaGuardsDropped) {
  CsvTable table;
  Diagnostics d;
  ASSERT_TRUE(ParseCsvTable("v.csv", " a ,\" b\tc \",'+1 310,'x,\"two\r\nlines\"\n", &table, &d));
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0].cells,
            (std::vector<std::string>{"a", "b c", "+1 310", "'x", "two lines"}));
  EXPECT_EQ(d.size(), 0u);
}

TEST(CsvReaderTest, RowNumbersAreSpreadsheetRows) {
  CsvTable table;
  Diagnostics d;
  ASSERT_TRUE(ParseCsvTable("v.csv", "h\n\n\"a\nb\"\nc\n", &table, &d));
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_EQ(table.rows[0].number, 1);
  EXPECT_EQ(table.rows[1].number, 3);  // row 2 is blank
  EXPECT_EQ(table.rows[2].number, 4);  // a cell's line break does not make a row
}

TEST(CsvValuesTest, DatesTimesAndMoney) {
  struct DateCase {
    const char* text;
    const char* parsed;  // "" = rejected
  };
  for (const DateCase& c : std::vector<DateCase>{{"2026-03-04", "2026-03-04"},
                                                 {"03/04/2026", "2026-03-04"},
                                                 {"3/4/2026", "2026-03-04"},
                                                 {"12/31/2026", "2026-12-31"},
                                                 {"2/29/2024", "2024-02-29"},
                                                 {"2/29/2026", ""},
                                                 {"03/04", ""},
                                                 {"3/4/26", ""},
                                                 {"13/01/2026", ""},
                                                 {"04.03.2026", ""},
                                                 {"2026/03/04", ""},
                                                 {"003/04/2026", ""},
                                                 {"3/4/2026 ", ""},
                                                 {"", ""}}) {
    auto d = ParseSheetDate(c.text);
    EXPECT_EQ(d ? d->ToString() : "", c.parsed) << c.text;
  }
  struct TimeCase {
    const char* text;
    int minutes;  // -1 = rejected
  };
  for (const TimeCase& c : std::vector<TimeCase>{{"14:05", 845},
                                                 {"09:05", 545},
                                                 {"9:05", 545},
                                                 {"2:05 PM", 845},
                                                 {"2:05 pm", 845},
                                                 {"2:05PM", 845},
                                                 {"12:30 AM", 30},
                                                 {"12:30 PM", 750},
                                                 {"2:05:00 PM", 845},
                                                 {"14:05:00", 845},
                                                 {"14:05:30", -1},
                                                 {"13:05 PM", -1},
                                                 {"0:05 AM", -1},
                                                 {"24:00", -1},
                                                 {"14:60", -1},
                                                 {"14h05", -1},
                                                 {"2 PM", -1},
                                                 {"2:5 PM", -1},
                                                 {"", -1}}) {
    auto t = ParseSheetTime(c.text);
    EXPECT_EQ(t ? *t : -1, c.minutes) << c.text;
  }
  struct MoneyCase {
    const char* text;
    const char* parsed;
  };
  for (const MoneyCase& c : std::vector<MoneyCase>{{"450", "450.00"},
                                                   {"$450", "450.00"},
                                                   {"$1,250.00", "1250.00"},
                                                   {"1,250.5", "1250.50"},
                                                   {"1,234,567.00", "1234567.00"},
                                                   {"$9,999,999.99", "9999999.99"},
                                                   {"$10,000,000.00", ""},
                                                   {"1,25.00", ""},
                                                   {"1250,00", ""},
                                                   {",250", ""},
                                                   {"1,,250", ""},
                                                   {"1234,567", ""},
                                                   {"$-5", ""},
                                                   {"$", ""},
                                                   {"$ 450", ""},
                                                   {"450$", ""},
                                                   {"1.5e3", ""}}) {
    auto m = ParseSheetMoney(c.text);
    EXPECT_EQ(m ? m->ToString() : "", c.parsed) << c.text;
  }
}

// Each fault of a file or a row: exactly its diagnostics, in the CSV's places.
TEST(CsvReaderTest, FaultsAreLocatedWithTheirColumn) {
  struct Case {
    const char* name;
    std::string text;
    std::string diagnostics;
  };
  const std::string row = kInfusion + kPerson + "\n";
  const std::vector<Case> cases = {
      {"Windows-1252",
       kHead + "C-1,2026-10-05,lee,infusion,ketamine,38,10:05,10:47,,,,"
               "F33.2,P-1,Ren\xE9,Rivera,1987-03-14,F,1 A,B,CA,90405,Aetna,W1\n",
       "v.csv:2:14: error: the file is not UTF-8 (Excel's plain \"CSV\" is Windows-1252): in "
       "Excel choose File > Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\"; in LibreOffice "
       "save as Text CSV with the character set \"Unicode (UTF-8)\"\n"},
      {"UTF-16",
       std::string("\xFF\xFE"
                   "c\0o\0",
                   6),
       "v.csv:1:1: error: the file is UTF-16 (Excel's \"Unicode Text\"), not UTF-8: in Excel "
       "choose File > Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\"; in LibreOffice save as "
       "Text CSV with the character set \"Unicode (UTF-8)\"\n"},
      {"an XML file", "<?xml version=\"1.0\"?>\n<course/>\n",
       "v.csv:1:1: error: the file starts with '<' like an XML file, not a CSV file: give course "
       "XML files a name ending in .xml\n"},
      {"empty", "",
       "v.csv: error: the file is empty: it needs a header row, then one row per service or "
       "payment\n"},
      {"header only", kHead, "v.csv:1: error: the file has a header row but no rows of services\n"},
      {"unterminated quote", kHead + row + "C-1,\"2026-10-06,lee\n",
       "v.csv:3:2: error: a quoted cell runs to the end of the file: its closing quote is "
       "missing\n"},
      {"text after a closing quote", kHead + "C-1,\"2026\"-10-05\n",
       "v.csv:2:2: error: after a cell's closing quote only a comma or the end of the row may "
       "follow (a quote inside a quoted cell is written twice: \"\")\n"},
      {"a quote inside a cell", kHead + "C-1,2026-10-05,lee,infusion,ketamine,5\"\n",
       "v.csv:2:6: error: a quote inside a cell that does not start with one: quote the whole "
       "cell and write the quote twice (\"\")\n"},
      {"a control character", kHead + "C-1,2026-10-05,lee,infusion\x01\n",
       "v.csv:2:4: error: the file holds the character U+0001, which no document may carry: "
       "remove it\n"},
      {"semicolons", "courseId;date;provider;service\nC-1;2026-10-05;lee;infusion\n",
       "v.csv:1:1: error: the header row is separated by semicolons: save the file as \"CSV "
       "UTF-8 (Comma delimited)\", whose cells are separated by commas\n"},
      {"unknown columns", "Dose mg,notes," + kHead + row,
       "v.csv:1:1: error: unknown column 'Dose mg': did you mean 'doseMg'?\n"
       "v.csv:1:2: error: unknown column 'notes': the columns are those of the template that "
       "superbill init writes (visits-template.csv)\n"},
      {"a column twice", "DATE," + kHead + "2026-10-05," + row,
       "v.csv:1:3: error: column 'date' is given twice (also column 1)\n"},
      {"required columns missing", "courseId,date,service,doseMg\nC-1,2026-10-05,infusion,38\n",
       "v.csv:1: error: the header row lacks the columns 'provider', 'diagnoses', 'patientId', "
       "'patientGiven', 'patientFamily', 'patientBirthDate', 'patientSex', 'patientLine1', "
       "'patientCity', 'patientState', 'patientPostalCode', 'payer', 'memberId' that every "
       "course file needs\n"},
      {"a row without a course id", kHead + row + ",2026-10-06,lee,psychotherapy,,,,,45\n",
       "v.csv:3:1: error: every row needs the id of the course it belongs to here (column "
       "'courseId')\n"},
      {"course-level cells that disagree",
       kHead + row + "C-1,2026-10-06,lee,psychotherapy,,,,,45,,," +
           "F33.2,P-1,Ana,Rivera,1987-03-14,F,12 Ocean Park Blvd,Santa "
           "Monica,CA,90405,Cigna,W123\n",
       "v.csv:3:22: error: this cell does not repeat row 2, the first row of course C-1: every "
       "row of a course repeats its patient, coverage and diagnoses (a payment row may leave "
       "them empty) (column 'payer')\n"},
      {"a row filled only on its course's first row",
       kHead + row + "C-1,2026-10-07,lee,infusion,ketamine,38,10:05,10:47,,,,,,,,,,,,,,,\n",
       "v.csv:3:12: error: this cell does not repeat row 2, the first row of course C-1, and "
       "neither do 11 more cells of this row (patientId, patientGiven, patientFamily, "
       "patientBirthDate, patientSex, patientLine1, patientCity, patientState, "
       "patientPostalCode, payer, memberId): every row of a course repeats its patient, "
       "coverage and diagnoses (a payment row may leave them empty) (column 'diagnoses')\n"},
      {"visit-level cells that disagree",
       "pos," + kHead + "11," + row + "02,C-1,2026-10-05,lee,push,ondansetron,4,,,,,," + kPerson +
           "\n",
       "v.csv:3:1: error: this cell differs from row 2, the first row of its visit: the rows of "
       "one date and provider are one visit, with one place of service, telehealth and visit "
       "charge (column 'pos')\n"},
      {"a cell the service does not use",
       kHead + "C-1,2026-10-05,lee,infusion,ketamine,38,10:05,10:47,60,,," + kPerson + "\n",
       "v.csv:2:9: error: an infusion row does not use this cell: leave it empty (column "
       "'minutes')\n"},
      {"a payment cell on a service row",
       kHead + "C-1,2026-10-05,lee,infusion,ketamine,38,10:05,10:47,,450,," + kPerson + "\n",
       "v.csv:2:10: error: an infusion row does not use this cell: leave it empty (column "
       "'amount')\n"},
      {"a service cell on a payment row",
       kHead + row + "C-1,2026-10-05,lee,payment,,,,,,450.00,card,,,,,,,,,,,,\n",
       "v.csv:3:3: error: a payment row does not use this cell: leave it empty (column "
       "'provider')\n"},
      {"a cell under a nameless column",
       kHead.substr(0, kHead.size() - 1) + ",\n" + kInfusion + kPerson + ",x\n",
       "v.csv:2:24: error: this cell is in a column without a name in the header row: name the "
       "column or leave the cell empty\n"},
      {"an ambiguous date",
       kHead + "C-1,03/04,lee,infusion,ketamine,38,10:05,10:47,,,," + kPerson + "\n",
       "v.csv:2:2: error: 'date' '03/04' is not a real date in the form YYYY-MM-DD or MM/DD/YYYY "
       "(column "
       "'date')\n"},
      {"a two-digit year",
       kHead + "C-1,3/4/26,lee,infusion,ketamine,38,10:05,10:47,,,," + kPerson + "\n",
       "v.csv:2:2: error: 'date' '3/4/26' is not a real date in the form YYYY-MM-DD or MM/DD/YYYY "
       "(column "
       "'date')\n"},
      {"a bad time",
       kHead + "C-1,2026-10-05,lee,infusion,ketamine,38,10:05,25:00,,,," + kPerson + "\n",
       "v.csv:2:8: error: 'stop' must be a time such as 14:05 or 2:05 PM (column 'stop')\n"},
      {"stop before start",
       kHead + "C-1,2026-10-05,lee,infusion,ketamine,38,2:05 PM,1:55 PM,,,," + kPerson + "\n",
       "v.csv:2:8: error: the infusion row stops at 1:55 PM, not after it starts at 2:05 PM "
       "(column 'stop')\n"},
      {"a bad dose",
       kHead + "C-1,2026-10-05,lee,infusion,ketamine,38 mg,10:05,10:47,,,," + kPerson + "\n",
       "v.csv:2:6: error: 'doseMg' must be a number greater than 0 with at most three decimals "
       "(column 'doseMg')\n"},
      {"an empty dose",
       kHead + "C-1,2026-10-05,lee,infusion,ketamine,,10:05,10:47,,,," + kPerson + "\n",
       "v.csv:2:6: error: an infusion row needs a value here (column 'doseMg')\n"},
      {"no dose column",
       "courseId,date,provider,service,drug,start,stop,diagnoses,patientId,patientGiven,"
       "patientFamily,patientBirthDate,patientSex,patientLine1,patientCity,patientState,"
       "patientPostalCode,payer,memberId\n"
       "C-1,2026-10-05,lee,infusion,ketamine,10:05,10:47," +
           kPerson + "\nC-1,2026-10-07,lee,infusion,ketamine,10:05,10:47," + kPerson + "\n",
       "v.csv:2: error: an infusion row needs column 'doseMg', which the header row does not "
       "have: add it\n"},
      {"an unknown service",
       kHead + "C-1,2026-10-05,lee,IV drip,ketamine,38,10:05,10:47,,,," + kPerson + "\n",
       "v.csv:2:4: error: 'service' must be 'office', 'evaluation', 'psychotherapy', 'infusion', "
       "'hydration', 'push', 'injection', 'nasal', 'block', 'line' or 'payment' (column "
       "'service')\n"},
      {"an empty service",
       kHead + "C-1,2026-10-05,lee,,ketamine,38,10:05,10:47,,,," + kPerson + "\n",
       "v.csv:2:4: error: every row needs a value here (column 'service')\n"},
      {"an office row with minutes and mdm",
       "officePatient,mdm," + kHead + "established,low,C-1,2026-10-05,lee,office,,,,,20,,," +
           kPerson + "\n",
       "v.csv:2:6: error: the office row needs exactly one of 'minutes' and 'mdm' (column "
       "'service')\n"},
      {"a bad payment amount", kHead + row + "C-1,2026-10-05,,payment,,,,,,$0.00,card\n",
       "v.csv:3:10: error: payment amount '$0.00' must be more than 0, with at most two decimals "
       "(column "
       "'amount')\n"},
      {"a bad choice", kHead + row + "C-1,2026-10-05,,payment,,,,,,10,bitcoin\n",
       "v.csv:3:11: error: 'method' must be 'card', 'cash', 'check', 'ach' or 'other' (column "
       "'method')\n"},
      {"only payment rows", kHead + kPayment,
       "v.csv:2:1: error: course C-1 has only payment rows: it needs at least one row of a "
       "service (column 'courseId')\n"},
      {"a patient cell missing",
       kHead + "C-1,2026-10-05,lee,infusion,ketamine,38,10:05,10:47,,,,"
               "F33.2,P-1,,Rivera,1987-03-14,F,12 Ocean Park Blvd,Santa Monica,CA,90405,Aetna,W1\n",
       "v.csv:2:14: error: every course needs a value here (column 'patientGiven')\n"},
      {"a bad postal code",
       kHead +
           "C-1,2026-10-05,lee,infusion,ketamine,38,10:05,10:47,,,,"
           "F33.2,P-1,Ana,Rivera,1987-03-14,F,12 Ocean Park Blvd,Santa Monica,CA,9040,Aetna,W1\n",
       "v.csv:2:21: error: postalCode must be 5 or 9 digits (hyphen optional): a spreadsheet "
       "drops a ZIP code's leading zero unless the column is formatted as Text (column "
       "'patientPostalCode')\n"},
      {"no diagnosis code",
       kHead + "C-1,2026-10-05,lee,infusion,ketamine,38,10:05,10:47,,,,"
               "\", ;\",P-1,Ana,Rivera,1987-03-14,F,1 A,B,CA,90405,Aetna,W1\n",
       "v.csv:2:12: error: every course needs at least one ICD-10-CM code here (column "
       "'diagnoses')\n"},
      {"spouse without subscriber", "relationship," + kHead + "spouse," + row,
       "v.csv:2:1: error: a relationship other than 'self' needs the subscriber: fill "
       "subscriberGiven, subscriberFamily, subscriberBirthDate, subscriberSex, subscriberLine1, "
       "subscriberCity, subscriberState and subscriberPostalCode (column 'relationship')\n"},
      {"self with a subscriber", "subscriberGiven," + kHead + "Bob," + row,
       "v.csv:2:1: error: relationship 'self' takes no subscriber: the patient is the subscriber "
       "(leave the subscriber columns empty) (column 'subscriberGiven')\n"
       "v.csv:2: error: a subscriber needs column 'subscriberFamily', which the header row does "
       "not have: add it\n"
       "v.csv:2: error: a subscriber needs column 'subscriberBirthDate', which the header row "
       "does not have: add it\n"
       "v.csv:2: error: a subscriber needs column 'subscriberSex', which the header row does not "
       "have: add it\n"
       "v.csv:2: error: a subscriber needs column 'subscriberLine1', which the header row does "
       "not have: add it\n"
       "v.csv:2: error: a subscriber needs column 'subscriberCity', which the header row does "
       "not have: add it\n"
       "v.csv:2: error: a subscriber needs column 'subscriberState', which the header row does "
       "not have: add it\n"
       "v.csv:2: error: a subscriber needs column 'subscriberPostalCode', which the header row "
       "does not have: add it\n"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Joined(ParseCsvCourses("v.csv", c.text)), c.diagnostics) << c.name;
  }
}

// A bad course never stops the others of its file, and validation and coding speak in the
// CSV's places too.
TEST(CsvReaderTest, OneBadCourseDoesNotStopTheOthers) {
  const std::string text =
      kHead + "C-1,2026-10-05,lee,infusion,ketamine,38,10:05,10:47,,,," + kPerson + "\n" +
      "C-2,2026-10-05,nobody,infusion,ketamine,38,10:05,10:47,,,," + kPerson + "\n" +
      "C-3,2026-10-05,lee,infusion,ketamine,38,10:05,10:47,,,,F99.X,P-1,Ana,Rivera,1987-03-14,F,"
      "1 A,B,CA,90405,Aetna,W1\n";
  EXPECT_EQ(Coded(text),
            kInfusionLines + "paid 0.00\n" +
                "v.csv:3:3: error: provider 'nobody' is not in the clinic file (the clinic file's "
                "provider ids: lee, okafor, brandt, ortiz) (column 'provider')\n"
                "v.csv:4:12: error: ICD-10-CM code F99.X is not in the code tables (load the full "
                "code set with --icd10cm FILE) (column 'diagnoses')\n");
}

TEST(CsvReaderTest, CsvPathsByExtension) {
  EXPECT_TRUE(IsCsvPath("visits.csv"));
  EXPECT_TRUE(IsCsvPath("dir/VISITS.CSV"));
  EXPECT_FALSE(IsCsvPath("visits.xml"));
  EXPECT_FALSE(IsCsvPath("csv"));
  EXPECT_FALSE(IsCsvPath("visits.csv.bak"));
}

TEST(CsvReaderTest, FilesOverTenMegabytesAreRejectedUnread) {
  testing::ScratchDir dir;
  std::string big = kHead;
  while (big.size() <= 10 * 1024 * 1024) big += kInfusion + kPerson + "\n";
  const std::string path = dir.Write("big.csv", big);
  EXPECT_EQ(Joined(ReadCsvCourses(path)),
            path + ": error: the course file is larger than 10 MB: split it into smaller files\n");
  EXPECT_EQ(Joined(ReadCsvCourses(dir.Path("missing.csv"))),
            dir.Path("missing.csv") + ": error: cannot read: No such file or directory\n");
}

}  // namespace
}  // namespace superbill
