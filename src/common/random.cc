#include "common/random.h"

#include <sys/random.h>

#include <cerrno>
#include <cstring>

#include "common/diagnostic.h"

namespace superbill {

void RandomBytes(void* out, std::size_t size) {
  auto* p = static_cast<unsigned char*>(out);
  while (size > 0) {
    // Blocks only until the kernel's pool is first initialised, early at boot.
    ssize_t n = getrandom(p, size, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw FatalError(std::string("cannot read random bytes from the system: ") +
                       std::strerror(errno));
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

std::string RandomPassword(std::size_t length) {
  constexpr std::size_t kSymbols = sizeof kPasswordAlphabet - 1;
  static_assert(256 % kSymbols == 0, "a byte modulo the alphabet size must be uniform");
  std::string bytes(length, '\0');
  RandomBytes(bytes.data(), bytes.size());
  std::string password(length, '\0');
  for (std::size_t i = 0; i < length; ++i) {
    password[i] = kPasswordAlphabet[static_cast<unsigned char>(bytes[i]) % kSymbols];
  }
  // The raw bytes are as secret as the password: do not leave them in freed memory.
  explicit_bzero(bytes.data(), bytes.size());
  return password;
}

}  // namespace superbill
