#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, and only those
# that are missing. Run as root, or as a user with sudo.
set -euo pipefail

packages=(
    # build
    g++ cmake ninja-build make pkg-config
    # `make test-sanitized`: clang, and its ASan/UBSan/libFuzzer runtimes
    clang libclang-rt-14-dev
    # libraries (see README: Dependencies)
    nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev catch2 zlib1g-dev nettle-dev unzip
    # Lambda handler tests on a real PostgreSQL
    postgresql python3 python3-pg8000 python3-boto3 openssl
    # workflow checks (YAML), `infra graph --format svg` (Graphviz's dot)
    python3-yaml graphviz
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing missing packages: ${missing[*]}"
sudo=()
[ "$(id -u)" -ne 0 ] && sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
