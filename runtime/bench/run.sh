#!/usr/bin/env bash
# runtime/bench/run.sh [RUNS]: the runtime figures of BENCHMARKS.md, as root on an idle machine.
#   start-up: median wall time of whole processes (RUNS each): /bin/true, bwrap --seccomp with the program
#             ward installs, ward run under the bench profile (host namespaces) and bench-ns (new ones),
#             for the native engine and for lxc and runc;
#   syscalls: ns per call of getppid and personality(0xffffffff), with no filter and under the filter.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
runs=${1:-21}
work=$(mktemp -d /tmp/ward-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
policy="$root/runtime/bench/bench.ward"
ward="$root/ward"

"$ward" check "$policy" >/dev/null 2>&1 || true   # builds the jar once, outside the measurements
"$ward" compile "$policy" --profile bench --target bpf --arch x86_64 -o "$work/out" >/dev/null
bpf="$work/out/bench/seccomp.x86_64.bpf"
cc -O2 -o "$work/syscalls" "$root/runtime/bench/syscalls.c"

# Median wall time in milliseconds of RUNS runs of a command.
median_ms() {
    local t=()
    for _ in $(seq "$runs"); do
        local s e
        s=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        e=$(date +%s%N)
        t+=($(( (e - s) / 1000 )))
    done
    printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f\n", a[int((NR+1)/2)] / 1000}'
}

bwrap_seccomp() { bwrap --dev-bind / / --seccomp 9 "$@" 9<"$bpf"; }

echo "start-up, median of $runs runs (ms)"
printf '  %-44s %s\n' "/bin/true" "$(median_ms /bin/true)"
printf '  %-44s %s\n' "bwrap --seccomp (same program) /bin/true" "$(median_ms bwrap_seccomp /bin/true)"
printf '  %-44s %s\n' "ward run (native, host namespaces) /bin/true" \
    "$(median_ms "$ward" run "$policy" --profile bench -- /bin/true)"
printf '  %-44s %s\n' "ward run (native, new namespaces) /bin/true" \
    "$(median_ms "$ward" run "$policy" --profile bench-ns -- /bin/true)"
printf '  %-44s %s\n' "ward run --engine lxc /bin/true" \
    "$(median_ms "$ward" run "$policy" --profile bench-ns --engine lxc -- /bin/true)"
printf '  %-44s %s\n' "ward run --engine runc /bin/true" \
    "$(median_ms "$ward" run "$policy" --profile bench-ns --engine runc -- /bin/true)"

echo "syscall cost (ns per call)"
echo "  no filter:";              "$work/syscalls" | sed 's/^/    /'
echo "  bwrap --seccomp:";        bwrap_seccomp "$work/syscalls" | sed 's/^/    /'
echo "  ward run (native):";      "$ward" run "$policy" --profile bench -- "$work/syscalls" | sed 's/^/    /'
