# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm/scenarios/lib.sh: the result API of the VM scenarios (busybox sh), sourced by each
# scenario as `. /scenarios/lib.sh`.
#
#   t_pass NAME               record "ok vm/<scenario>/NAME"
#   t_fail NAME REASON        record "not ok vm/<scenario>/NAME: REASON"
#   t_check NAME CMD [ARG..]  run CMD: pass if it exits 0, else fail with
#                             "exit N: <last line of its stderr>"; returns CMD's verdict
#   t_lines CMD [ARG..]       run CMD, which prints "ok X" or "not ok X: why" lines; each is
#                             recorded as vm/<scenario>/X, other lines go to the guest log;
#                             a non-zero exit without a "not ok" is "<cmd>-exit: status N"
#   t_log MESSAGE             a line in the guest log
#
# The scenario is the script's name without .sh and without a leading number: 10-vsock.sh
# records under vm/vsock/. Results go to the results port (ttyS1, a host file of its own) and
# are echoed to the guest log. CMD's stdout and stderr go to the guest log.
# shellcheck shell=sh

# t_name_of STEM: 10-vsock -> vsock; a stem without a numeric prefix is its own name.
t_name_of() {
	case ${1%%-*} in
	"$1" | *[!0-9]* | "") printf '%s\n' "$1" ;;
	*) printf '%s\n' "${1#*-}" ;;
	esac
}

: "${NVTEST_SCENARIO:=$(t_name_of "$(basename "$0" .sh)")}"
: "${NVTEST_RESULTS:=/dev/ttyS1}"
# A copy /init reads to tell whether a scenario recorded anything.
: "${NVTEST_LOG:=/run/nvtest/results}"

# t__emit LINE: one line to the results port, the copy, and the guest log.
t__emit() {
	printf '%s\n' "$1" >>"$NVTEST_RESULTS"
	printf '%s\n' "$1" >>"$NVTEST_LOG" 2>/dev/null
	printf 'nvtest: %s\n' "$1" >&2
}

# t__oneline TEXT: TEXT with its line breaks turned into spaces, never empty.
t__oneline() {
	set -- "$(printf '%s' "$1" | tr '\r\n' '  ')"
	printf '%s\n' "${1:-no reason given}"
}

t_log() {
	printf '%s\n' "$*" >&2
}

t_pass() {
	t__emit "ok vm/$NVTEST_SCENARIO/$1"
}

t_fail() {
	t__emit "not ok vm/$NVTEST_SCENARIO/$1: $(t__oneline "$2")"
}

t_check() {
	t__c_name=$1
	shift
	t__c_err=$(mktemp /tmp/t_check.XXXXXX)
	"$@" 2>"$t__c_err"
	t__c_st=$?
	cat "$t__c_err" >&2
	t__c_last=$(grep -v '^[[:space:]]*$' "$t__c_err" | tail -n 1)
	rm -f "$t__c_err"
	if [ "$t__c_st" -eq 0 ]; then
		t_pass "$t__c_name"
		return 0
	fi
	t_fail "$t__c_name" "exit $t__c_st: ${t__c_last:-nothing on stderr}"
	return 1
}

# t__lines_parse FLAG: turn "ok X" / "not ok X: why" lines into results; touch FLAG on a
# failure.
t__lines_parse() {
	while IFS= read -r t__l_line || [ -n "$t__l_line" ]; do
		t__l_line=${t__l_line%"$(printf '\r')"}
		case $t__l_line in
		"ok "*)
			t_pass "${t__l_line#ok }"
			;;
		"not ok "*)
			t__l_rest=${t__l_line#not ok }
			t__l_name=${t__l_rest%%: *}
			t__l_why=
			[ "$t__l_name" = "$t__l_rest" ] || t__l_why=${t__l_rest#*: }
			t_fail "$t__l_name" "$t__l_why"
			: >"$1"
			;;
		*)
			printf '%s\n' "$t__l_line" >&2
			;;
		esac
	done
}

t_lines() {
	t__t_dir=$(mktemp -d /tmp/t_lines.XXXXXX)
	t__t_cmd=${1##*/}
	# Results stream as CMD prints them, so a CMD killed by the timeout keeps what it said.
	{
		"$@"
		echo "$?" >"$t__t_dir/status"
	} | t__lines_parse "$t__t_dir/failed"
	t__t_st=$(cat "$t__t_dir/status" 2>/dev/null || echo "unknown (it ended the shell)")
	t__t_ret=0
	if [ -e "$t__t_dir/failed" ]; then
		t__t_ret=1
	elif [ "$t__t_st" != 0 ]; then
		t_fail "$t__t_cmd-exit" "status $t__t_st"
		t__t_ret=1
	fi
	rm -rf "$t__t_dir"
	return "$t__t_ret"
}

# nv_mount_helper_is_ours: the mount.nfs first in PATH is the project's, not
# Debian's from nfs-common (which the image also holds); says which one if not.
nv_mount_helper_is_ours() {
	mount.nfs -V 2>&1 | grep -q nfs-vsock-utils && return 0
	echo "mount.nfs is $(command -v mount.nfs): $(mount.nfs -V 2>&1)" >&2
	return 1
}
