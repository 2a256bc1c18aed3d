// The document registry: every document `generate` can write for a course, in one list.
// Adding a document type is one entry in documents.cc; the batch asks this list what to
// write and never names a document itself.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "model/claim.h"
#include "render/layout.h"

namespace superbill {

// What every writer may read besides the claim: the loaded templates. Built per course by
// the batch (it holds references only), so per-course values can join it.
struct RenderInputs {
  const Layout& layout;
  std::int64_t x12_control_number = 0;  // the course's ISA13 for claim.x12
  // The names of the documents this run writes (SelectDocuments), for a document that
  // encloses others (the packet holds the CMS-1500 only when it is written); null: all.
  const std::vector<std::string>* documents = nullptr;
  bool Writes(std::string_view name) const {
    return !documents || std::find(documents->begin(), documents->end(), name) != documents->end();
  }
};

struct DocumentWriter {
  std::string name;          // the name for --documents: "superbill"
  std::string file_name;     // the file in the course's folder: "superbill.pdf"
  bool encryptable = false;  // a PDF that --encrypt protects with the patient's password
  // An X12 interchange: it carries RenderInputs::x12_control_number, which the batch
  // records as used (batch/control_numbers.h) before rendering it.
  bool x12_interchange = false;
  // Whether the document applies to this course (default: always).
  std::function<bool(const Claim&, const RenderInputs&)> applies;
  // The document's bytes. Pure: touches no file. Throws FatalError when a library fails.
  std::function<std::string(const Claim&, const RenderInputs&)> render;
  // What the document cannot carry of this course, as warnings the batch reports for the
  // course (nullptr: nothing). A document that does not apply says why here.
  std::function<Diagnostics(const Claim&)> warnings;
};

// Every document, in the order their files are written and listed.
const std::vector<DocumentWriter>& DocumentWriters();

// The writers named in `list` ("superbill,claim"; spaces around names ignored), in registry
// order. An empty string means all. Throws FatalError naming an unknown name and listing the
// valid ones, or when a non-empty `list` names none (",").
std::vector<const DocumentWriter*> SelectDocuments(const std::string& list);

// "superbill, claim" (every registered name, for --help and messages).
std::string DocumentNames();

}  // namespace superbill
