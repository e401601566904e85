#!/usr/bin/env bash
# Ward's benchmarks, side by side in one run: BPF quality against libseccomp, the cost of a syscall under
# Ward's and libseccomp's filters (a native loop), in-process compile time (JMH), whole-process time and peak
# memory of `ward check`, `lint` and `compile` on one policy and on 1,000.
# Writes Markdown tables to bench/target/results.md (or -o FILE) and to stdout; BENCHMARKS.md explains them.
#
#   bench/run.sh            the full run (about 10 minutes on 2 cores)
#   bench/run.sh --smoke    every part once with tiny settings (about a minute): the script still works
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"

smoke=0
results="$root/bench/target/results.md"
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) smoke=1 ;;
        -o) results=$2; shift ;;
        *) echo "usage: bench/run.sh [--smoke] [-o RESULTS.md]" >&2; exit 2 ;;
    esac
    shift
done

# Tools: hyperfine times whole commands, GNU time reports peak memory, libseccomp is the comparison, gcc
# builds the syscall loop.
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
dpkg -s libseccomp2 >/dev/null 2>&1 || missing+=(libseccomp2)
command -v gcc >/dev/null || missing+=(gcc)
dpkg -s libc6-dev >/dev/null 2>&1 || missing+=(libc6-dev)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then echo "bench/run.sh: missing ${missing[*]}; install them or run as root" >&2; exit 2; fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$(dirname "$results")"

echo "bench: building ward and the benchmarks..." >&2
./ward --version >/dev/null
mvn -q -B -DskipTests package -pl bench -am >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 3; }
benchjar="$root/bench/target/benchmarks.jar"
java=(java -XX:+UseSerialGC)

# 1,000 policies like the web example: each its own owner, bridge and disjoint id range.
policies="$tmp/policies"
mkdir -p "$policies"
count=1000
[ $smoke = 1 ] && count=20
for ((i = 0; i < count; i++)); do
    base=$((200000 + i * 65536))
    cat >"$policies/p$i.ward" <<EOF
use "std/groups.ward"
use "std/unprivileged.ward"

profile svc-$i extends unprivileged {
    description "service $i"
    arch x86_64, aarch64
    owner "user$i"
    idmap {
        uid 0 -> $base count 65536
        gid 0 -> $base count 65536
    }
    capabilities {
        keep chown, setuid, setgid, net_bind_service
    }
    seccomp {
        allow personality if arg0 == 0 || arg0 == 0xffffffff else errno(EPERM)
        errno(EACCES) ptrace
        allow bind, listen, accept4
    }
    apparmor {
        file r "/srv/svc-$i/**"
        file rw "/var/log/svc-$i/**"
        network inet stream
    }
    limits {
        memory $((64 + i % 64))MiB
        pids 128
        cpu 0.5
    }
    network {
        veth bridge "br-u$i"
    }
    expect allow read, write, personality(0xffffffff)
    expect errno(EACCES) ptrace
    expect errno(EPERM) personality(0x40000)
}
EOF
done

{
    echo "### Machine"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- CPU: $(nproc) × $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "- memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
    echo "- kernel: $(uname -r)"
    echo "- JDK: $(java -version 2>&1 | head -1)"
    echo "- libseccomp: $(dpkg-query -W -f '${Version}' libseccomp2)"
    echo "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
    [ $smoke = 1 ] && echo "- SMOKE RUN: tiny settings, the figures mean nothing"
    echo
} >"$results"

echo "bench: BPF quality..." >&2
{
    echo "### BPF quality"
    echo
    if [ $smoke = 1 ]; then "${java[@]}" -cp "$benchjar" dev.ward.bench.BpfQuality lxc-default web
    else "${java[@]}" -cp "$benchjar" dev.ward.bench.BpfQuality; fi
} >>"$results"

echo "bench: syscall cost under the filters..." >&2
{
    echo "### Cost of a syscall under the filter (native loop)"
    echo
    if [ "$(uname -m)" != x86_64 ]; then
        echo "(skipped: the loop runs the x86_64 programs, and this machine is $(uname -m))"
    elif [ $smoke = 1 ]; then "${java[@]}" -cp "$benchjar" dev.ward.bench.SyscallCost docker-default 2000 3 1
    else "${java[@]}" -cp "$benchjar" dev.ward.bench.SyscallCost docker-default 100000 11 7; fi
    echo
} >>"$results"

echo "bench: compile time in process (JMH)..." >&2
if [ $smoke = 1 ]; then
    jmh=(-f 1 -wi 0 -i 1 -r 100ms -p policy=web -p arch=x86_64)
else
    jmh=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
fi
"${java[@]}" -jar "$benchjar" CompileBenchmark "${jmh[@]}" -rf json -rff "$tmp/jmh.json" >"$tmp/jmh.log" 2>&1 \
    || { tail -40 "$tmp/jmh.log" >&2; exit 3; }
{
    echo "### Compile time in process (JMH, mean time per operation)"
    echo
    "${java[@]}" -cp "$benchjar" dev.ward.bench.Report jmh "$tmp/jmh.json"
    echo
} >>"$results"

echo "bench: start-up phases..." >&2
{
    echo "### Where a cold \`ward check web.ward\` spends its time (five fresh JVMs, the launcher's options and archive)"
    echo
    echo "| read, parse, resolve | expect lines | lint | print | process CPU so far (all threads) |"
    echo "| ---: | ---: | ---: | ---: | ---: |"
    # The launcher's JVM options; the archive serves ward.jar's classes, the bench jar only adds this class.
    for ((k = 0; k < 5; k++)); do
        java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss8m -Xlog:cds=off \
            -XX:SharedArchiveFile=cli/target/ward.jsa -Xshare:auto \
            -cp cli/target/ward.jar:bench/target/ward-bench-0.1.0.jar dev.ward.bench.StartupPhases \
            policies/examples/web.ward
    done
    echo
} >>"$results"

echo "bench: whole-process time and peak memory..." >&2
# One policy: ten runs after a warm-up; $count policies: three runs. The bare JVM is the floor.
# The launcher's start-up measures, one at a time: without the class archive and through picocli (as before
# them), with the archive but through picocli (`--` keeps a check off the plain path), then both.
jvm="java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss8m -Xlog:cds=off -Xshare:auto"
small_names=("java -version (bare JVM, launcher's options)" "ward --version" "check web.ward: no archive, picocli"
             "check web.ward: archive, picocli" "ward check web.ward" "ward compile web.ward")
small=("$jvm -version"
       "./ward --version"
       "$jvm -jar cli/target/ward.jar check -- policies/examples/web.ward"
       "$jvm -XX:SharedArchiveFile=cli/target/ward.jsa -jar cli/target/ward.jar check -- policies/examples/web.ward"
       "./ward check policies/examples/web.ward"
       "./ward compile -o $tmp/out1 policies/examples/web.ward")
big_names=("ward check, $count policies" "ward lint, $count policies" "ward compile, $count policies")
big=("./ward check $policies" "./ward lint $policies" "./ward compile -o $tmp/out2 $policies")
: >"$tmp/rss.tsv"
measure() { # NAME COMMAND: peak resident set of one run
    # shellcheck disable=SC2086 # the commands are word lists
    /usr/bin/time -f '%M' -o "$tmp/rss" $2 >/dev/null 2>&1 || true
    printf '%s\t%s\n' "$1" "$(tail -1 "$tmp/rss")" >>"$tmp/rss.tsv"
}
hf_small=(); hf_big=()
for k in "${!small[@]}"; do measure "${small_names[$k]}" "${small[$k]}"; hf_small+=(-n "${small_names[$k]}" "${small[$k]}"); done
for k in "${!big[@]}"; do measure "${big_names[$k]}" "${big[$k]}"; hf_big+=(-n "${big_names[$k]}" "${big[$k]}"); done
if [ $smoke = 1 ]; then small_runs=(--runs 1); big_runs=(--runs 1)
else small_runs=(--warmup 1 --runs 10); big_runs=(--runs 3); fi
hyperfine -N "${small_runs[@]}" --export-json "$tmp/small.json" "${hf_small[@]}" >"$tmp/hyperfine.log" 2>&1 \
    && hyperfine -N "${big_runs[@]}" --export-json "$tmp/big.json" "${hf_big[@]}" >>"$tmp/hyperfine.log" 2>&1 \
    || { cat "$tmp/hyperfine.log" >&2; exit 3; }
{
    echo "### Whole process (hyperfine: a new JVM each run)"
    echo
    "${java[@]}" -cp "$benchjar" dev.ward.bench.Report process "$tmp/rss.tsv" "$tmp/small.json" "$tmp/big.json"
    echo
    echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} >>"$results"

cat "$results"
