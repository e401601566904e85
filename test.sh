#!/usr/bin/env bash
# Ward's test command: installs what the tests need (as root, on Debian), prepares the host, runs the suite.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
cd "$root"

need=()
for pkg_cmd in "maven:mvn" "apparmor:apparmor_parser" "lxc:lxc-execute" "runc:runc" "bubblewrap:bwrap" \
               "uidmap:newuidmap" "libseccomp2:" "libseccomp-dev:" "gcc:gcc" "libc6-dev:" "python3:python3"; do
    pkg=${pkg_cmd%%:*}; cmd=${pkg_cmd#*:}
    if [ -n "$cmd" ]; then command -v "$cmd" >/dev/null || need+=("$pkg")
    else dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); fi
done
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then echo "test.sh: missing packages ${need[*]}; run as root to install them" >&2; exit 2; fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Unprivileged containers need subordinate id ranges for root.
if [ "$(id -u)" = 0 ]; then
    grep -q '^root:' /etc/subuid 2>/dev/null || echo 'root:100000:1000000000' >> /etc/subuid
    grep -q '^root:' /etc/subgid 2>/dev/null || echo 'root:100000:1000000000' >> /etc/subgid
fi

mvn -B -ntp test "$@"
