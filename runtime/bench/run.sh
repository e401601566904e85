#!/usr/bin/env bash
# runtime/bench/run.sh [RUNS]: the runtime figures of BENCHMARKS.md, as root on an idle machine.
#   start-up: median wall time of whole processes (RUNS each): /bin/true, bwrap --seccomp with the program
#             ward installs, ward run under the bench profile (host namespaces) and bench-ns (new ones),
#             for the native engine and for lxc and runc;
#   syscalls: ns per call of getppid and personality(0xffffffff): no filter, an allow-all filter, the
#             same program under bwrap and under ward run (the least of 6 interleaved runs).
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

# A one-instruction program that allows everything: what having a filter at all costs a syscall.
printf '\006\000\000\000\000\000\377\177' >"$work/allow.bpf"

# bwrap reads the program from a descriptor to its end: each run opens it afresh (dash, about 1 ms).
for name in bench allow; do
    program=$bpf
    [ "$name" = allow ] && program="$work/allow.bpf"
    cat >"$work/bwrap-$name" <<EOS
#!/bin/sh
exec bwrap --dev-bind / / --seccomp 9 "\$@" 9<"$program"
EOS
    chmod +x "$work/bwrap-$name"
done

echo "start-up, median of $runs runs (ms), load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"
printf '  %-44s %s\n' "/bin/true" "$(median_ms /bin/true)"
printf '  %-44s %s\n' "bwrap --seccomp (same program) /bin/true" "$(median_ms "$work/bwrap-bench" /bin/true)"
printf '  %-44s %s\n' "ward run (native, host namespaces) /bin/true" \
    "$(median_ms "$ward" run "$policy" --profile bench -- /bin/true)"
printf '  %-44s %s\n' "ward run (native, new namespaces) /bin/true" \
    "$(median_ms "$ward" run "$policy" --profile bench-ns -- /bin/true)"
printf '  %-44s %s\n' "ward run --engine lxc /bin/true" \
    "$(median_ms "$ward" run "$policy" --profile bench-ns --engine lxc -- /bin/true)"
printf '  %-44s %s\n' "ward run --engine runc /bin/true" \
    "$(median_ms "$ward" run "$policy" --profile bench-ns --engine runc -- /bin/true)"

# Six interleaved runs of each; per configuration the least figure (each run prints the least of 25 rounds).
echo "syscall cost (ns per call, the least of 6 runs of the least of 25 rounds)"
for _ in 1 2 3 4 5 6; do
    echo "no-filter $("$work/syscalls" | tr '\n' ' ')"
    echo "allow-all-filter-(bwrap) $("$work/bwrap-allow" "$work/syscalls" | tr '\n' ' ')"
    echo "same-program-(bwrap) $("$work/bwrap-bench" "$work/syscalls" | tr '\n' ' ')"
    echo "ward-run-(native) $("$ward" run "$policy" --profile bench -- "$work/syscalls" 2>/dev/null | tr '\n' ' ')"
done | awk '{ if (!($1 in g) || $3 < g[$1]) g[$1] = $3; if (!($1 in p) || $6 < p[$1]) p[$1] = $6;
              if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
            END { for (i = 1; i <= n; i++) printf "  %-26s getppid %6.1f  personality %6.1f\n", order[i], g[order[i]], p[order[i]] }'
