#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz/run.sh [-t SECONDS] [TARGET...]: build the libFuzzer targets with clang in
# build/fuzz, run each for a set time, keep what it finds in fuzz/regress/TARGET,
# and print (and append to fuzz/RESULTS.md) a table: target, seconds, executions,
# coverage, crashes.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=600
usage() { echo "usage: fuzz/run.sh [-t SECONDS] [TARGET...]" >&2; }
while getopts t:h opt; do
	case $opt in
	t) secs=$OPTARG ;;
	*) usage; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $secs in ''|*[!0-9]*) echo "fuzz/run.sh: -t needs whole seconds, not '$secs'" >&2; exit 2 ;; esac
targets=${*:-vsockaddr confline confload relayctl exports cachereq mountopts}
bld=$top/build/fuzz
work=$bld/work

# Debian 12: clang 14 finds libFuzzer in libclang-rt-14-dev (or clang-14's own
# runtime on older packaging); say what to install rather than fail in make.
need_clang() {
	local probe=$bld/probe.c
	mkdir -p "$bld"
	printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return 0; }\n' >"$probe"
	if ! command -v clang >/dev/null || ! clang -fsanitize=fuzzer "$probe" -o "$bld/probe" 2>/dev/null; then
		echo "fuzz/run.sh: clang with libFuzzer is missing: apt-get install -y clang libclang-rt-14-dev" >&2
		exit 1
	fi
}

build() {
	[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi)
	if [ ! -f "$bld/Makefile" ] || [ "$bld/config.status" -ot "$top/configure" ]; then
		(cd "$bld" && "$top/configure" -q CC=clang CFLAGS="-O1 -g" --enable-fuzzing)
	fi
	make -s -C "$bld" -j"$(nproc)" fuzz-build
}

# stat NAME LOG: the last value of "NAME: N" in libFuzzer's status lines.
stat_of() {
	grep -aoE "(^| )$1: ?[0-9]+" "$2" | tail -n 1 | grep -oE '[0-9]+$' || echo 0
}

# fuzz_one TARGET: run it, copy findings into fuzz/regress, print one table row.
fuzz_one() {
	local t=$1 out=$work/$1 log start end execs cov ft found=0 f
	# The working corpus stays between runs so coverage accumulates; the
	# findings of a previous run are already in fuzz/regress.
	rm -rf "$out/artifacts" && mkdir -p "$out/corpus" "$out/artifacts"
	log=$out/log
	start=$(date +%s)
	# Stderr closed in the target (-close_fd_mask=2): the parsers' warnings
	# would cost more than the parsing; libFuzzer still reports and saves.
	(cd "$out" && "$bld/fuzz/fuzz-$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-close_fd_mask=2 -print_final_stats=1 -artifact_prefix="$out/artifacts/" \
		"$out/corpus" "$top/fuzz/corpus/$t" "$top/fuzz/regress/$t" >"$log" 2>&1) || true
	end=$(date +%s)
	execs=$(stat_of stat::number_of_executed_units "$log")
	cov=$(stat_of cov "$log")
	ft=$(stat_of ft "$log")
	for f in "$out"/artifacts/crash-* "$out"/artifacts/leak-* "$out"/artifacts/timeout-* "$out"/artifacts/oom-*; do
		[ -e "$f" ] || continue
		# On a loaded machine the whole process can stall past -timeout (seen:
		# 13 s inside ASan's free at load average 10). A timeout that replays
		# within the limit is noted, not kept as a regression case.
		if [ "${f##*/timeout-}" != "$f" ] && (cd "$out" && "$bld/fuzz/fuzz-$t" -timeout=10 \
			-close_fd_mask=2 "$f" >"$out/replay.log" 2>&1); then
			echo "$t: $(basename "$f") replayed within the time limit: a stall of the machine, not kept" >>"$notes"
			continue
		fi
		cp "$f" "$top/fuzz/regress/$t/"
		found=$((found + 1))
	done
	printf '| %-10s | %7d | %12s | %6s | %6s | %7d |\n' "$t" $((end - start)) "$execs" "$cov" "$ft" "$found"
}

need_clang
build
mkdir -p "$work"
table=$work/summary.md
notes=$work/notes.txt
: >"$notes"
{
	printf '| %-10s | %7s | %12s | %6s | %6s | %7s |\n' target seconds executions cov ft crashes
	printf '|%s|%s|%s|%s|%s|%s|\n' ------------ --------- -------------- -------- -------- ---------
} >"$table"
for t in $targets; do
	fuzz_one "$t" | tee -a "$table"
done
{
	printf '\n## %s: fuzz/run.sh -t %s %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$secs" "$*"
	echo "clang $(clang -dumpversion), commit $(git -C "$top" rev-parse --short HEAD); cov/ft: libFuzzer's final edge and feature counts."
	echo
	cat "$table"
	[ -s "$notes" ] && { echo; sed 's/^/- /' "$notes"; }
} >>"$top/fuzz/RESULTS.md"
echo
cat "$table" "$notes"
echo "Appended to fuzz/RESULTS.md; findings (if any) are in fuzz/regress/<target>/."
