#!/usr/bin/env bats
# Crashes and full disks. A large import is killed with SIGKILL at many
# exact points of its writing, and made to run out of space (a tiny file
# system, a file size limit): each time the database must pass
# PRAGMA integrity_check and hold exactly what it held before the command
# or what the command's success would have left, never anything between.
#
# The kill points come from tests/crash/killwrite.c (LD_PRELOAD): it counts
# the writes, truncations and syncs the process makes to files and kills it
# just before the Nth one. EV_TEST_SIZE=long (make test-long) runs the full
# size.

load helper

KILLWRITE="${KILLWRITE:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/build/killwrite.so}"

# The size of the generated import: studies (claims are a tenth of that,
# one evidence link per study). The small size still spills the import's
# pages to the WAL before the commit (SQLite's page cache holds 2 MB).
rows() {
	case "${EV_TEST_SIZE:-small}" in
	long) echo 100000 ;;
	tiny) echo 1500 ;;
	*) echo 8000 ;;
	esac
}

# make_load N: s.csv, c.csv and e.csv with N studies, N/10 claims on
# their own topics, and N evidence links.
make_load() {
	awk -v n="$1" 'BEGIN { print "key,title,authors,year,design,sample_size,notes";
		for (i = 0; i < n; i++) printf "load-%d,A study of load number %d,Doe J; Roe R,%d,rct,%d,Notes for study %d: a line of text long enough to fill the pages.\n", i, i, 1990 + i % 30, 10 + i, i }' > s.csv
	awk -v n="$1" 'BEGIN { print "key,topics,text";
		for (i = 0; i < n / 10; i++) printf "load-claim-%d,load;load-%d,Claim %d says something about load.\n", i, i % 7, i }' > c.csv
	awk -v n="$1" 'BEGIN { print "claim,study,direction,outcome";
		for (i = 0; i < n; i++) printf "load-claim-%d,load-%d,supports,outcome %d\n", i % (n / 10), i, i }' > e.csv
}

# state DB: checks PRAGMA integrity_check, then prints a digest of the
# content (sqlite3 .dump is in rowid order, so equal content gives equal
# text) and of its history.
state() {
	local ic
	ic=$(sqlite3 "$1" 'PRAGMA integrity_check')
	if [ "$ic" != ok ]; then
		echo "integrity_check of $1: $ic" >&2
		return 1
	fi
	# The content and its history, without when and how the command was
	# typed (which differ from run to run).
	{
		sqlite3 "$1" '.dump articles studies topics claims claim_topics evidence search_pending search_pending_range'
		sqlite3 "$1" 'SELECT change_id, kind, key, study, outcome, action, field, quote(old), quote(new) FROM history ORDER BY id'
		sqlite3 "$1" 'SELECT id, who FROM changes ORDER BY id'
	} | sha256sum | cut -d' ' -f1
}

# killing CMD...: runs CMD with the kill library preloaded (an ASan build
# must be told that its runtime is not the first library).
killing() {
	LD_PRELOAD="$KILLWRITE" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$@"
}

# kill_at K: imports into a fresh copy of before.db, killed just before
# write K; prints "before" or "after" (the state found), fails on anything
# else.
kill_at() {
	rm -f t.db t.db-wal t.db-shm
	cp before.db t.db
	local st=0
	EV_KILL_AT=$1 killing "$EVIDENCE_BIN" --db t.db -q import s.csv c.csv e.csv 2>/dev/null || st=$?
	if [ "$st" -ne 137 ] && [ "$st" -ne 0 ]; then
		echo "kill at $1: exit status $st, expected 137 (SIGKILL) or 0" >&2
		return 1
	fi
	local s
	s=$(state t.db) || { echo "kill at $1: the database is damaged" >&2; return 1; }
	if [ "$s" = "$BEFORE" ]; then
		echo before
	elif [ "$s" = "$AFTER" ]; then
		echo after
	else
		echo "kill at $1: the database holds neither the state before nor the one after the import" >&2
		return 1
	fi
}

@test "an import killed at any point of its writing leaves the database as before or as after" {
	[ -e "$KILLWRITE" ] || skip "no $KILLWRITE (make test builds it)"
	load_sample
	cp evidence.db before.db
	make_load "$(rows)"
	BEFORE=$(state before.db)
	cp before.db after.db
	ev --db after.db -q import s.csv c.csv e.csv
	AFTER=$(state after.db)
	[ "$BEFORE" != "$AFTER" ]

	# How many points there are, from an import that runs to the end.
	cp before.db t.db
	EV_COUNT_FILE="$PWD/count" killing "$EVIDENCE_BIN" --db t.db -q import s.csv c.csv e.csv
	total=$(cat count)
	[ "$total" -ge 40 ]
	[ "$(state t.db)" = "$AFTER" ]

	# Points spread evenly over the whole import, first and last included.
	case "${EV_TEST_SIZE:-small}" in long) n=60 ;; *) n=24 ;; esac
	nbefore=0 nafter=0 first_after=$total last_before=0
	for i in $(seq 0 $((n - 1))); do
		k=$((1 + i * (total - 1) / (n - 1)))
		r=$(kill_at "$k")
		if [ "$r" = before ]; then
			nbefore=$((nbefore + 1))
			[ "$k" -gt "$last_before" ] && last_before=$k
		else
			nafter=$((nafter + 1))
			[ "$k" -lt "$first_after" ] && first_after=$k
		fi
	done
	# Early kills find the old state and late ones the new: the outcome
	# changes once, at the commit.
	[ "$nbefore" -gt 0 ] && [ "$nafter" -gt 0 ]
	[ "$last_before" -lt "$first_after" ]

	# The commit itself: find the last point that still leaves the old
	# state, then kill at each point around it.
	lo=$last_before hi=$first_after
	while [ $((hi - lo)) -gt 1 ]; do
		mid=$(((lo + hi) / 2))
		if [ "$(kill_at "$mid")" = before ]; then lo=$mid; else hi=$mid; fi
	done
	for k in $((lo - 2)) $((lo - 1)) "$lo" "$hi" $((hi + 1)) $((hi + 2)); do
		[ "$k" -ge 1 ] || continue
		r=$(kill_at "$k")
		if [ "$k" -le "$lo" ]; then [ "$r" = before ]; else [ "$r" = after ]; fi
	done

	# After a kill in mid-transaction and one just before the commit, the
	# next import recovers the database and completes.
	for k in $((total / 2)) "$lo"; do
		kill_at "$k" > /dev/null
		ev --db t.db -q import s.csv c.csv e.csv
		[ "$(state t.db)" = "$AFTER" ]
	done
	echo "# $total write points; killed at $((n + 6)) of them and while searching for the commit (write $hi)" >&3
}

# kill_new_at K: imports into t.db, which does not exist, killed just
# before write K; prints "none" (no t.db) or "after" (the state of a whole
# import), fails on anything else.
kill_new_at() {
	rm -f t.db t.db-wal t.db-shm
	local st=0
	EV_KILL_AT=$1 killing "$EVIDENCE_BIN" --db t.db -q import s.csv c.csv e.csv 2>/dev/null || st=$?
	if [ "$st" -ne 137 ] && [ "$st" -ne 0 ]; then
		echo "kill at $1: exit status $st, expected 137 (SIGKILL) or 0" >&2
		return 1
	fi
	if [ ! -e t.db ]; then
		echo none
	elif [ "$(state t.db)" = "$AFTER" ]; then
		echo after
	else
		echo "kill at $1: t.db holds neither nothing nor the whole import" >&2
		return 1
	fi
}

# A new database is made in t.db.new and linked into place at the commit
# (db.c, publish): before that there is no t.db at all, after it the whole
# import. A kill leaves t.db.new behind, which the next import empties
# and reuses; a kill between the link and the unlink of t.db.new leaves
# it as a second name of the database, which is dropped, not emptied.
@test "an import into a new database killed at any point leaves no database or the whole import" {
	[ -e "$KILLWRITE" ] || skip "no $KILLWRITE (make test builds it)"
	make_load "$(rows)"
	ev --db after.db -q import s.csv c.csv e.csv
	AFTER=$(state after.db)
	[ ! -e after.db.new ]

	EV_COUNT_FILE="$PWD/count" killing "$EVIDENCE_BIN" --db t.db -q import s.csv c.csv e.csv
	total=$(cat count)
	[ "$total" -ge 20 ]
	[ "$(state t.db)" = "$AFTER" ]

	# Points spread evenly over the import: none leaves a database.
	case "${EV_TEST_SIZE:-small}" in long) n=40 ;; *) n=12 ;; esac
	for i in $(seq 0 $((n - 1))); do
		k=$((1 + i * (total - 2) / (n - 1)))
		assert_equal none "$(kill_new_at "$k")"
	done
	# The publication: its last points, each call by name. Killed
	# before the link, there is no database; after it, the whole one.
	found=0
	for k in $(seq $((total - 8)) "$total"); do
		r=$(kill_new_at "$k")
		if [ "$found" -eq 0 ] && [ "$r" = after ]; then
			found=$k
		fi
		if [ "$found" -gt 0 ]; then assert_equal after "$r"; fi
	done
	[ "$found" -gt 0 ]
	# Killed between the link and the unlink: t.db.new is a second name
	# of the database. Once the database is moved away, the next import
	# into t.db drops that name and leaves the moved database whole.
	kill_new_at $((total)) > /dev/null
	[ "$(stat -c %h t.db)" -eq 2 ] && [ -e t.db.new ]
	mv t.db moved.db
	printf 'key,title\nsmall-one,A small article\n' > small.csv
	ev --db t.db -q import small.csv
	[ "$(state moved.db)" = "$AFTER" ]
	assert_equal 1 "$(sqlite3 t.db 'SELECT count(*) FROM articles')"
	[ ! -e t.db.new ]

	# Killed half-way, it leaves t.db.new; the next import makes the
	# database whole in it and leaves nothing beside it.
	rm -f t.db
	assert_equal none "$(kill_new_at $((total / 2)))"
	[ -s t.db.new ]
	ev --db t.db -q import s.csv c.csv e.csv
	[ "$(state t.db)" = "$AFTER" ]
	assert_equal "t.db" "$(ls t.db*)"
	echo "# $total write points; killed at $((n + 11)) of them; the first to leave the database: $found" >&3
}

# in_tiny_fs SIZE SCRIPT: runs SCRIPT (sh) with ./m a tmpfs of SIZE, in a
# private mount namespace (as root, or as a mapped root in a user
# namespace). Returns 99 when no such mount is possible here.
in_tiny_fs() {
	mkdir -p m
	local script="mount -t tmpfs -o size=$1 tmpfs m || exit 99
$2"
	if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
		unshare -m sh -c "$script"
	elif unshare -rm true 2>/dev/null; then
		unshare -rm sh -c "$script"
	else
		return 99
	fi
}

@test "an import that fills the disk fails with a clear message and changes nothing" {
	load_sample
	cp evidence.db before.db
	state before.db > /dev/null # integrity
	BEFORE=$(sqlite3 before.db .dump | sha256sum | cut -d" " -f1)
	make_load "$(rows)"
	printf 'key,title\nsmall-one,A small article\n' > small.csv
	export EVIDENCE_BIN
	st=0
	in_tiny_fs 1000k '
		cp before.db m/e.db
		"$EVIDENCE_BIN" --db m/e.db import s.csv c.csv e.csv 2> err; echo $? > status
		sqlite3 m/e.db "PRAGMA integrity_check" > ic
		sqlite3 m/e.db .dump | sha256sum | cut -d" " -f1 > dump
		"$EVIDENCE_BIN" --db m/e.db -q import small.csv; echo $? > small-status
		sqlite3 m/e.db "SELECT count(*) FROM articles" > articles
		"$EVIDENCE_BIN" --db m/new.db import s.csv c.csv e.csv 2> new-err; echo $? > new-status
		ls m > files
	' || st=$?
	[ "$st" -ne 99 ] || skip "cannot mount a small tmpfs here (needs root or user namespaces)"
	[ "$st" -eq 0 ]
	assert_equal 1 "$(cat status)"
	output=$(cat err)
	# Where it runs out (a row spilling to the log, or the commit) depends
	# on the size; the message does not.
	assert_output_has "the disk holding 'm/e.db' is full; nothing was written"
	assert_equal ok "$(cat ic)"
	assert_equal "$BEFORE" "$(cat dump)"
	# Once a small change fits, the database takes it.
	assert_equal 0 "$(cat small-status)"
	assert_equal 2 "$(cat articles)"
	# A new database that does not fit leaves nothing behind (it was made
	# in m/new.db.new, removed with the failure).
	assert_equal 1 "$(cat new-status)"
	output=$(cat new-err)
	assert_output_has "the disk holding 'm/new.db' is full; nothing was written"
	assert_equal "e.db" "$(cat files)"
}

@test "an import past the file size limit (ulimit -f) fails with a clear message and changes nothing" {
	load_sample
	BEFORE=$(state evidence.db)
	make_load "$(rows)"
	# 1000 KiB: more than the database (about 300 KiB in 8 KiB pages),
	# less than the import needs. The kernel would kill the process
	# (SIGXFSZ); evidence ignores the signal so the write fails with EFBIG
	# and the transaction is rolled back.
	run --separate-stderr bash -c 'ulimit -f 1000 && exec "$0" import s.csv c.csv e.csv' "$EVIDENCE_BIN"
	assert_status 1
	output=$stderr
	assert_output_has "cannot write 'evidence.db' (File too large"
	assert_equal "$BEFORE" "$(state evidence.db)"
	# The same for a new database, made beside its path until the commit.
	run --separate-stderr bash -c 'ulimit -f 1000 && exec "$0" --db new.db import s.csv c.csv e.csv' "$EVIDENCE_BIN"
	assert_status 1
	output=$stderr
	assert_output_has "cannot write 'new.db' (File too large"
	[ ! -e new.db ] && [ ! -e new.db.new ]
	# A limit just under the finished size: the load fits, the commit
	# does not, and its rollback cuts new.db.new back to the empty schema
	# before the message is made (it once said "disk I/O error").
	ev --db whole.db -q import s.csv c.csv e.csv
	limit=$(( $(stat -c %s whole.db) / 1024 - 300 ))
	# (-q: at the long size the near-duplicate warnings alone would pass
	# the limit in the file that holds stderr.)
	run --separate-stderr bash -c 'ulimit -f "$1" && exec "$0" -q --db new.db import s.csv c.csv e.csv' "$EVIDENCE_BIN" "$limit"
	assert_status 1
	output=$stderr
	assert_output_has "committing: cannot write 'new.db' (File too large"
	[ ! -e new.db ] && [ ! -e new.db.new ]
	# A limit too small for the -shm file even a reader makes: more than
	# one write goes past it, and each fails; none kills the process (with
	# glibc's signal() in strict C11 the second did: exit 153).
	run --separate-stderr bash -c 'ulimit -f 4 && exec "$0" topics' "$EVIDENCE_BIN"
	assert_status 1
	output=$stderr
	assert_output_has "(File too large)"
	assert_equal "$BEFORE" "$(state evidence.db)"
}
