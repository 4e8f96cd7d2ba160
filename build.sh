#!/usr/bin/env bash
# Bootstrap for a fresh Debian machine: install what is missing, then run the Cake build.
#   ./build.sh --target=Run     the main job
#   ./build.sh --target=Test    every test suite, ending with "N passed, N failed"
# Idempotent, and silent when nothing is missing. Needs root (or sudo-less apt) only the
# first time, when packages are missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

log() { printf 'build.sh: %s\n' "$*" >&2; }

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

installed_version() {
    dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true
}

# The apt packages of build/apt-packages.txt that are not installed yet.
missing_packages() {
    local pkg
    while read -r pkg; do
        pkg=${pkg%%#*}; pkg=${pkg//[[:space:]]/}
        [ -n "$pkg" ] || continue
        is_installed "$pkg" || printf '%s\n' "$pkg"
    done < build/apt-packages.txt
}

# 1 when build/apt-packages.txt lists an :armhf package (the armhf cross-build).
wants_armhf() {
    grep -q '^[^#]*:armhf' build/apt-packages.txt
}

# The pinned libssl packages: amd64 and i386, and armhf when the cross-build is wanted.
libssl_packages() {
    local native
    native=$(dpkg --print-architecture)
    printf '%s\n' "libssl3:$native" libssl3:i386 "libssl-dev:$native" libssl-dev:i386
    if wants_armhf; then printf '%s\n' libssl3:armhf libssl-dev:armhf; fi
}

# libssl3 must be the same version on every architecture: the security suite serves amd64
# only, so all are pinned to the version the main suite offers for i386.
libssl_needs_install() {
    local pkg
    for pkg in $(libssl_packages); do
        is_installed "$pkg" || return 0
        [ "$(installed_version "$pkg")" = "$(installed_version libssl3:i386)" ] || return 0
    done
    return 1
}

install_apt_packages() {
    local missing
    missing=$(missing_packages)
    if [ -z "$missing" ] && ! libssl_needs_install; then
        return 0
    fi
    command -v apt-get >/dev/null || { log "apt-get not found: install these by hand: $missing"; exit 1; }
    [ "$(id -u)" = 0 ] || { log "packages are missing and this is not root: $missing"; exit 1; }

    if ! dpkg --print-foreign-architectures | grep -qx i386; then
        log "enabling the i386 architecture"
        dpkg --add-architecture i386
    fi
    if wants_armhf && ! dpkg --print-foreign-architectures | grep -qx armhf; then
        log "enabling the armhf architecture"
        dpkg --add-architecture armhf
    fi
    log "installing missing packages: $(echo $missing)"
    # A suite that serves only amd64 makes 'apt-get update' report failed i386 indexes;
    # the main suite still answers, so carry on and let the install decide.
    apt-get update -qq >/dev/null 2>&1 || log "apt-get update reported errors (continuing)"

    local ssl_version
    ssl_version=$(apt-cache policy libssl3:i386 | awk '/Candidate:/ {print $2}')
    [ -n "$ssl_version" ] && [ "$ssl_version" != "(none)" ] || { log "no libssl3:i386 candidate"; exit 1; }

    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --allow-downgrades \
        $missing $(libssl_packages | sed "s/\$/=$ssl_version/") >/dev/null
}

install_dotnet_tools() {
    command -v dotnet >/dev/null || { log "the .NET SDK 10 (dotnet) is required"; exit 1; }
    local out
    if ! out=$(dotnet tool restore 2>&1); then
        printf '%s\n' "$out" >&2
        exit 1
    fi
}

install_apt_packages
install_dotnet_tools
exec dotnet cake build.cake "$@"
