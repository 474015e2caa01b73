# Shared set-up for the CLI tests: each test runs in a fresh temporary
# folder with its own database, in the C locale and UTC.

bats_require_minimum_version 1.5.0 # run --separate-stderr

# Debian's python3, the one `make test-deps` installs with the packages
# the checkers import, comes first on PATH: a version manager's shim in
# front of it (pyenv's takes most of a second to start) would cost
# minutes, as the suite starts python hundreds of times.
if [ -x /usr/bin/python3 ] && [ "$(command -v python3)" != /usr/bin/python3 ]; then
	[ -e "$BATS_RUN_TMPDIR/python/python3" ] ||
		{ mkdir -p "$BATS_RUN_TMPDIR/python" && ln -sf /usr/bin/python3 "$BATS_RUN_TMPDIR/python/python3"; }
	PATH="$BATS_RUN_TMPDIR/python:$PATH"
fi

setup() {
	export LC_ALL=C TZ=UTC NO_COLOR=
	unset EVIDENCE_DB COLUMNS
	REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
	export EVIDENCE_BIN="${EVIDENCE_BIN:-$REPO/evidence}"
	DATA="$REPO/tests/data"
	SAMPLE="$DATA/sample"
	cd "$BATS_TEST_TMPDIR" || return 1
}

# ev ARGS...: the binary under test.
ev() {
	"$EVIDENCE_BIN" "$@"
}

# peak ERR ARGS...: runs the binary with ARGS, its stdout dropped and its
# stderr in ERR; prints its exit status and its peak resident MiB.
peak() {
	python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=open(sys.argv[1], "w"))
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' "$1" "$EVIDENCE_BIN" "${@:2}"
}

# load_sample: a database with the sample fixture (tests/data/sample) in ./evidence.db
load_sample() {
	ev -q import "$SAMPLE"/*.csv
}

# dump_db [DB]: the database content as SQL text, to compare before/after.
dump_db() {
	sqlite3 "${1:-evidence.db}" .dump
}

# dump_data [DB]: the curated content only (no history of how it got there),
# to compare databases built by different commands.
dump_data() {
	sqlite3 "${1:-evidence.db}" '.dump articles studies topics claims claim_topics evidence'
}

# foreign_write DB SQL: SQL run by another program that wants to change
# the data behind evidence's back: it first removes the triggers (history,
# search queue) that would stop it, as such a program could.
foreign_write() {
	sqlite3 "$1" "SELECT 'DROP TRIGGER \"' || name || '\";' FROM sqlite_schema WHERE type = 'trigger'" |
		sqlite3 "$1"
	sqlite3 "$1" "$2"
}

# assert_status N: the last `run` exited with status N.
assert_status() {
	if [ "$status" -ne "$1" ]; then
		printf 'expected exit status %s, got %s\noutput:\n%s\n' "$1" "$status" "$output" >&2
		return 1
	fi
}

# assert_output_has TEXT: the last `run` output contains TEXT (fixed string).
assert_output_has() {
	case "$output" in
	*"$1"*) return 0 ;;
	esac
	printf 'expected output to contain:\n  %s\noutput was:\n%s\n' "$1" "$output" >&2
	return 1
}

# assert_output_lacks TEXT
assert_output_lacks() {
	case "$output" in
	*"$1"*)
		printf 'expected output not to contain:\n  %s\noutput was:\n%s\n' "$1" "$output" >&2
		return 1
		;;
	esac
	return 0
}

# assert_equal EXPECTED ACTUAL
assert_equal() {
	if [ "$1" != "$2" ]; then
		printf 'expected:\n%s\nactual:\n%s\n' "$1" "$2" >&2
		return 1
	fi
}
