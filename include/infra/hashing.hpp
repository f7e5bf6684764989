// SHA-256 and its encodings (OpenSSL's libcrypto does the hashing).
// Terraform's `source_code_hash` wants the base64 of the SHA-256 of a zip,
// not hex and not MD5; getting that wrong shows a change on every plan.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace infra {

using Sha256Digest = std::array<unsigned char, 32>;

Sha256Digest sha256(std::string_view bytes);
std::string to_hex(const Sha256Digest& digest);
std::string to_base64(const Sha256Digest& digest);

}  // namespace infra
