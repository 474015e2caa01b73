#!/usr/bin/env bats
# Databases that cannot be written (file, folder, read-only file system)
# and databases that are not what they should be (cut short, overwritten,
# changed by other programs with the schema's checks off): writing commands
# refuse with the reason, reading commands work where they can, nothing
# ever crashes.
#
# Root writes whatever the permissions say, so when the tests run as root
# (as in CI) the commands that must be refused run as the unprivileged user
# 'nobody' (setpriv), in a folder outside the test's private one, and the
# read-only file system is a bind mount in a private mount namespace.

load helper

# shared_dir: a fresh folder an unprivileged user can reach; cd into it.
shared_dir() {
	SHARED=$(mktemp -d "${TMPDIR:-/tmp}/evidence-access.XXXXXX")
	chmod 755 "$SHARED"
	cd "$SHARED" || return 1
}

teardown() {
	if [ -n "${SHARED:-}" ] && [ -d "$SHARED" ]; then
		chmod -R u+w "$SHARED" 2>/dev/null
		rm -rf "$SHARED"
	fi
}

# limited CMD...: CMD without the rights the test took away: as 'nobody'
# when running as root, else as ourselves.
limited() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

need_limited() {
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv > /dev/null || skip "running as root without setpriv: cannot test permissions"
		setpriv --reuid=65534 --regid=65534 --clear-groups "$EVIDENCE_BIN" --version > /dev/null 2>&1 ||
			skip "the user 'nobody' cannot run $EVIDENCE_BIN (is its folder private?)"
	fi
}

@test "a database file without write permission: writing commands say so, reading commands work and leave no files" {
	need_limited
	shared_dir
	load_sample
	expected=$(ev query arterial-calcification --format csv)
	before=$(dump_db)
	if [ "$(id -u)" -eq 0 ]; then chown 65534 .; else chmod 444 evidence.db; fi

	run --separate-stderr limited "$EVIDENCE_BIN" import "$SAMPLE/articles.csv"
	assert_status 1
	assert_equal "evidence: import: cannot write 'evidence.db': Permission denied; commands that only read it still work" "$stderr"
	run --separate-stderr limited "$EVIDENCE_BIN" init
	assert_status 1
	assert_equal "evidence: init: cannot write 'evidence.db': Permission denied; commands that only read it still work" "$stderr"

	run --separate-stderr limited "$EVIDENCE_BIN" query arterial-calcification --format csv
	assert_status 0
	assert_equal "$expected" "$output"
	run limited "$EVIDENCE_BIN" report k2-arterial-flexibility
	assert_status 0
	# Reading left no -wal or -shm file owned by the reader, which would
	# keep the owner from writing.
	assert_equal "evidence.db" "$(ls)"
	chmod 644 evidence.db
	assert_equal "$before" "$(dump_db)"
	run ev import "$SAMPLE/articles.csv"
	assert_status 0
}

@test "a folder without write permission: writing commands say so, reading commands work" {
	need_limited
	shared_dir
	load_sample
	expected=$(ev query arterial-calcification --format csv)
	if [ "$(id -u)" -eq 0 ]; then chown 65534 evidence.db; else chmod 555 .; fi

	run --separate-stderr limited "$EVIDENCE_BIN" import "$SAMPLE/articles.csv"
	assert_status 1
	assert_equal "evidence: import: cannot write in the folder '.' (Permission denied): SQLite keeps the write-ahead log of 'evidence.db' next to it while writing; commands that only read it still work" "$stderr"
	run --separate-stderr limited "$EVIDENCE_BIN" --db new.db import "$SAMPLE/articles.csv"
	assert_status 1
	assert_equal "evidence: import: cannot create a database in the folder '.' (Permission denied) for 'new.db'" "$stderr"

	run --separate-stderr limited "$EVIDENCE_BIN" query arterial-calcification --format csv
	assert_status 0
	assert_equal "$expected" "$output"
	run limited "$EVIDENCE_BIN" explain mk7-no-cac-benefit --format json
	assert_status 0
	assert_equal "evidence.db" "$(ls)"
}

# in_namespace SCRIPT: runs SCRIPT (sh) in a private mount namespace, as
# root or as a mapped root in a user namespace; 99 when neither works.
in_namespace() {
	if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
		unshare -m sh -c "$1"
	elif unshare -rm true 2>/dev/null; then
		unshare -rm sh -c "$1"
	else
		return 99
	fi
}

@test "a database on a read-only file system: writing commands say so, reading commands work" {
	mkdir ro
	ev -q --db ro/evidence.db import "$SAMPLE"/*.csv
	ev --db ro/evidence.db query arterial-calcification --format csv > expected
	export EVIDENCE_BIN SAMPLE
	st=0
	in_namespace '
		mount --bind ro ro && mount -o remount,bind,ro ro || exit 99
		"$EVIDENCE_BIN" --db ro/evidence.db import "$SAMPLE/articles.csv" 2> import.err; echo $? > import.status
		"$EVIDENCE_BIN" --db ro/evidence.db query arterial-calcification --format csv > query.out 2> query.err
		echo $? > query.status
	' || st=$?
	[ "$st" -ne 99 ] || skip "cannot make a read-only mount here (needs root or user namespaces)"
	assert_equal 1 "$(cat import.status)"
	assert_equal "evidence: import: cannot write 'ro/evidence.db': Read-only file system; commands that only read it still work" "$(cat import.err)"
	assert_equal 0 "$(cat query.status)"
	assert_equal "" "$(cat query.err)"
	assert_equal "$(cat expected)" "$(cat query.out)"
}

@test "a database cut short is refused with a clear message by every command" {
	load_sample
	size=$(stat -c %s evidence.db)
	for cut in $((size / 2)) 4196 4096 100 50; do
		head -c "$cut" evidence.db > cut.db
		for cmd in topics "query arterial-calcification" "report k2-arterial-flexibility" \
			"explain mk7-no-cac-benefit" "show study knottingale-2015" "import $SAMPLE/articles.csv" init; do
			# shellcheck disable=SC2086
			run --separate-stderr timeout 10 "$EVIDENCE_BIN" --db cut.db $cmd
			assert_status 1
			assert_equal "evidence: ${cmd%% *}: 'cut.db' is damaged (database disk image is malformed): it may have been cut short or overwritten; restore it from a backup" "$stderr"
		done
	done
}

# overwrite FILE OFFSET COUNT: COUNT bytes of pseudo-random garbage at OFFSET.
overwrite() {
	awk -v seed="$2" -v n="$3" 'BEGIN { srand(seed); for (i = 0; i < n; i++) printf "%c", int(rand() * 255) + 1 }' |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

@test "a database overwritten in any page makes no command crash" {
	load_sample
	cp evidence.db clean.db
	psize=$(sqlite3 clean.db "PRAGMA page_size")
	pages=$(($(stat -c %s clean.db) / psize))
	step=1 offsets=40
	case "${EV_TEST_SIZE:-small}" in long) offsets="40 4000 8000 12000 16000" ;; tiny) step=5 ;; esac
	for p in $(seq 0 "$step" $((pages - 1))); do
		for at in $offsets; do
			# Somewhere else in each page: the header, the cells, the end.
			at=$(((at + p * 997) % (psize - 240) + 40))
			cp clean.db bad.db
			overwrite bad.db $((p * psize + at)) 200
			for cmd in "topics -f json" "query arterial-calcification -f json" "report k2-arterial-flexibility" \
				"explain k2-activates-mgp -f markdown" "show claim mk7-no-cac-benefit" "import $SAMPLE/claims.csv"; do
				# shellcheck disable=SC2086
				run --separate-stderr timeout 10 "$EVIDENCE_BIN" --db bad.db $cmd
				if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
					echo "page $p at $at: '$cmd' exited with $status: $stderr" >&2
					return 1
				fi
				if [ "$status" -eq 1 ] && [[ "$stderr" != "evidence: "* ]]; then
					echo "page $p at $at: '$cmd' failed without a message" >&2
					return 1
				fi
			done
		done
	done
}

@test "a database changed by other programs with the checks off is refused, never crashes" {
	load_sample
	cp evidence.db clean.db
	local n=0
	while IFS= read -r change; do
		cp clean.db bad.db
		foreign_write bad.db "PRAGMA ignore_check_constraints = ON; $change"
		for cmd in "query arterial-calcification" "query coronary-artery-calcification" "report k2-arterial-flexibility" \
			"explain mk7-no-cac-benefit" "explain k2-intake-less-aortic-calcification" "show study knottingale-2015" topics; do
			for fmt in table json; do
				# shellcheck disable=SC2086
				run --separate-stderr timeout 10 "$EVIDENCE_BIN" --db bad.db $cmd --format $fmt
				if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
					echo "after '$change': '$cmd' exited with $status: $stderr" >&2
					return 1
				fi
				if [ "$status" -eq 1 ] && [[ "$stderr" != "evidence: ${cmd%% *}: "* ]]; then
					echo "after '$change': '$cmd' failed with: $stderr" >&2
					return 1
				fi
				if [ "$status" -eq 0 ] && [ "$fmt" = json ]; then
					n=$((n + 1))
					printf '%s' "$output" > "out-$n.json"
				fi
			done
		done
	done <<-'EOF'
		UPDATE evidence SET direction = 'sideways';
		UPDATE studies SET design = 'rct', status = 'verified' WHERE design IS NULL;
		UPDATE studies SET design = 'astrology';
		UPDATE studies SET risk_of_bias = 'weird', status = 'odd';
		UPDATE evidence SET measure = 'XX' WHERE measure IS NOT NULL;
		UPDATE evidence SET measure = NULL WHERE estimate IS NOT NULL;
		UPDATE evidence SET estimate = 9e999, ci_low = -9e999, ci_high = 9e999 WHERE estimate IS NOT NULL;
		UPDATE evidence SET ci_low = ci_high + 1 WHERE ci_low IS NOT NULL;
		UPDATE evidence SET ci_high = NULL WHERE ci_low IS NOT NULL;
		UPDATE evidence SET estimate = -2, ci_low = -3, ci_high = -1, measure = 'RR' WHERE estimate IS NOT NULL;
		UPDATE evidence SET p_value = 7, n = -5;
		UPDATE studies SET sample_size = -100, year = 99999;
		UPDATE claims SET text = CAST(x'41ff42' AS TEXT);
		UPDATE studies SET title = CAST(x'c0af' AS TEXT), key = CAST(x'6b6e6170656e2d32303135ff' AS TEXT) WHERE key = 'knottingale-2015';
		UPDATE evidence SET outcome = CAST(x'ff' AS TEXT), notes = char(27) || '[2J';
	EOF
	# Every JSON answer given parses (read by one Python, not one each).
	[ "$n" -ge 40 ]
	run python3 -c 'import json, sys
for f in sys.argv[1:]:
    try:
        json.load(open(f, encoding="utf-8"))
    except ValueError as e:
        print(f, e)
' out-*.json
	assert_status 0
	assert_equal "" "$output"

	# What the user is told, for a value the rules forbid:
	cp clean.db bad.db
	foreign_write bad.db "PRAGMA ignore_check_constraints = ON; UPDATE evidence SET direction = 'sideways'"
	run --separate-stderr "$EVIDENCE_BIN" --db bad.db query arterial-calcification
	assert_status 1
	assert_equal "evidence: query: 'bad.db' is damaged: the evidence from study 'brackwater-2009' has an unknown direction, which evidence never writes (was the file changed by another program?); 'sqlite3 bad.db \"PRAGMA integrity_check\"' lists such rows" "$stderr"
}

@test "search on a database that cannot be written, after a large import: says what it cannot find" {
	need_limited
	shared_dir
	awk 'BEGIN { print "key,title,authors,year,design,status"; for (i = 1; i <= 10001; i++) printf "big-%d,Bulk study %d,,,,unverified\n", i, i }' > big.csv
	ev -q import big.csv
	if [ "$(id -u)" -eq 0 ]; then chown 65534 evidence.db; else chmod 555 .; fi
	run --separate-stderr limited "$EVIDENCE_BIN" search 9876
	assert_status 0
	assert_equal "" "$output"
	assert_equal "evidence: search: warning: 10001 studies and claims are not in the search index yet and cannot be found: this database cannot be written here; one search where it can be written indexes them
no matches for '9876'" "$stderr"
	# still queued: the import's 10,001 studies, as one range (schema/013)
	assert_equal "0 2-20002" "$(sqlite3 evidence.db "SELECT (SELECT count(*) FROM search_pending) || ' ' || (SELECT group_concat(first || '-' || last) FROM search_pending_range)")"
	if [ "$(id -u)" -ne 0 ]; then chmod 755 .; fi
	run ev -q search --format csv --no-header 9876
	assert_status 0
	assert_equal "study,big-9876,title,Bulk study [9876]" "$output"
}
