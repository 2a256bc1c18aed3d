// Randomness from the operating system's CSPRNG (getrandom(2)), for secrets such as the
// per-patient PDF passwords. Never seeded, never reproducible: not for tests' fixtures.
#pragma once

#include <cstddef>
#include <string>

namespace superbill {

// Fills `out` with `size` bytes from getrandom(2). Throws FatalError when the system cannot
// provide them (the message names no secret).
void RandomBytes(void* out, std::size_t size);

// The alphabet of RandomPassword: digits and upper-case letters without the look-alikes
// 0/O and 1/I (and so without l/o): 32 symbols, 5 bits each, and upper case only so that
// nobody has to guess the case of a letter read off a printed page.
inline constexpr char kPasswordAlphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

// A password of `length` symbols drawn uniformly and independently from kPasswordAlphabet
// (every symbol is one random byte modulo 32, and 32 divides 256, so there is no bias).
// Entropy: 5 bits a symbol, so the default 12 symbols give 60 bits (about 1.2e18 equally
// likely passwords), short enough to type from a letter. For a password nobody ever types
// (the PDF owner password), ask for more, e.g. 32 symbols = 160 bits.
std::string RandomPassword(std::size_t length = 12);

}  // namespace superbill
