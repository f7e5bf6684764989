#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, and only those
# that are missing. Run as root, or as a user with sudo.
set -euo pipefail

packages=(
    # build; libc6-dev's libc.a for the statically linked programs (g++ pulls it in too)
    g++ libc6-dev cmake ninja-build make pkg-config
    # `make test-sanitized`: clang, and its ASan/UBSan/libFuzzer runtimes
    clang libclang-rt-14-dev
    # libraries (see README: Dependencies)
    nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev catch2 zlib1g-dev nettle-dev unzip
    # Lambda handler tests on a real PostgreSQL
    postgresql python3 python3-pg8000 python3-boto3 openssl
    # workflow checks (YAML), `infra graph --format svg` (Graphviz's dot)
    python3-yaml graphviz
)

# The end-to-end test applies the app against moto server, an AWS API
# emulator that Debian does not package: installed with pip when missing.
# Where PyPI cannot be reached the test says so loudly and is skipped.
install_moto() {
    command -v moto_server > /dev/null && return 0
    python3 -c 'import moto.server' 2> /dev/null && return 0
    echo "installing moto[server] (the AWS API emulator of the end-to-end test) with pip"
    python3 -m pip install --quiet --retries 1 --timeout 15 --user 'moto[server]>=5.1,<6' 2> /dev/null ||
        python3 -m pip install --quiet --retries 1 --timeout 15 --break-system-packages 'moto[server]>=5.1,<6' ||
        echo "!!! could not install moto[server]: the end-to-end test (ctest -L e2e) will be skipped" >&2
}

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing missing packages: ${missing[*]}"
    sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
install_moto
