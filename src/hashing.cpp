#include "infra/hashing.hpp"

#include <nettle/base64.h>
#include <nettle/sha2.h>

namespace infra {

namespace {

// Nettle rather than OpenSSL: libcrypto's first digest loads its provider
// tables and configuration, which cost more than everything else a synth
// hashes; Nettle's SHA-256 is a plain function over a context.
static_assert(sizeof(sha256_ctx) <= 128 && alignof(sha256_ctx) <= 8, "Sha256::state_ must hold a sha256_ctx");

sha256_ctx* context(std::array<std::uint8_t, 128>& state) { return reinterpret_cast<sha256_ctx*>(state.data()); }

}  // namespace

Sha256::Sha256() { sha256_init(context(state_)); }

Sha256& Sha256::update(std::string_view bytes) {
    sha256_update(context(state_), bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
    return *this;
}

Sha256Digest Sha256::finish() {
    Sha256Digest digest{};
    sha256_digest(context(state_), digest.size(), digest.data());
    return digest;
}

Sha256Digest sha256(std::string_view bytes) { return Sha256().update(bytes).finish(); }

std::string to_hex(const Sha256Digest& digest) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(digest.size() * 2);
    for (unsigned char b : digest) {
        out += kDigits[b >> 4];
        out += kDigits[b & 0xf];
    }
    return out;
}

std::string to_base64(const Sha256Digest& digest) {
    std::string out(BASE64_ENCODE_RAW_LENGTH(digest.size()), '\0');
    base64_encode_raw(out.data(), digest.size(), digest.data());
    return out;
}

}  // namespace infra
