// SHA-256 digests (OpenSSL's libcrypto): the fingerprint of a statement and the hashes of the
// documents the ledger records. The only code that knows libcrypto.
#pragma once

#include <string>
#include <string_view>

namespace superbill {

// The SHA-256 of `bytes` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

// The SHA-256 of the file at `path` into *hex; false (errno set) when it cannot be read.
bool Sha256File(const std::string& path, std::string* hex);

}  // namespace superbill
