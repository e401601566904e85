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
bpf="$work/bench.x86_64.bpf"
java -cp "$root/cli/target/ward.jar" "$root/runtime/bench/DumpFilter.java" "$policy" bench "$bpf"
cc -O2 -o "$work/syscalls" "$root/runtime/bench/syscalls.c"

# Median wall time and median CPU time (user + system, the command and the children it waited for) in
# milliseconds of RUNS runs of a command. CPU time moves less than wall time on a busy machine.
median_ms() {
    local wall=() cpu=()
    for _ in $(seq "$runs"); do
        local s e
        s=$(date +%s%N)
        /usr/bin/time -f '%U %S' -o "$work/time" "$@" >/dev/null 2>&1 || true
        e=$(date +%s%N)
        wall+=($(( (e - s) / 1000 )))
        cpu+=($(awk '{printf "%d", ($1 + $2) * 1000000}' "$work/time"))
    done
    local w c
    w=$(printf '%s\n' "${wall[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] / 1000}')
    c=$(printf '%s\n' "${cpu[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)] / 1000}')
    echo "$w wall, $c cpu"
}

# bwrap reads the program from a descriptor to its end: each run opens it afresh (dash, about 1 ms).
cat >"$work/bwrap-seccomp" <<EOS
#!/bin/sh
exec bwrap --dev-bind / / --seccomp 9 "\$@" 9<"$bpf"
EOS
chmod +x "$work/bwrap-seccomp"

echo "start-up, median of $runs runs (ms), load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"
printf '  %-44s %s\n' "/bin/true" "$(median_ms /bin/true)"
printf '  %-44s %s\n' "bwrap --seccomp (same program) /bin/true" "$(median_ms "$work/bwrap-seccomp" /bin/true)"
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
echo "  bwrap --seccomp:";        "$work/bwrap-seccomp" "$work/syscalls" | sed 's/^/    /'
echo "  ward run (native):";      "$ward" run "$policy" --profile bench -- "$work/syscalls" | sed 's/^/    /'
