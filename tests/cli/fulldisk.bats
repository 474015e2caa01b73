#!/usr/bin/env bats
# Issue 18, item 6: reading commands work on a full disk and on a
# read-only medium, and leave no -wal or -shm file behind there. Each test
# runs in a private mount namespace (root, or a mapped root in a user
# namespace), and is skipped where neither is possible.

load helper

# in_namespace SCRIPT: runs SCRIPT (sh) in a private mount namespace; 99
# when that is not possible here.
in_namespace() {
	if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
		unshare -m sh -c "$1"
	elif unshare -rm true 2>/dev/null; then
		unshare -rm sh -c "$1"
	else
		return 99
	fi
}

# reads DB: runs the reading commands on DB, each output in out/NAME and
# its status and messages appended to statuses (one line each).
READS='
reads() {
	mkdir -p out
	for c in "topics" "query t-all --format csv" "report test-article" "explain pooled-claim" \
		"show study trial-a-2001 --format json" "export --format csv" "export --format bibtex" \
		"studies" "search fixture" "log"; do
		name=$(printf "%s" "$c" | tr " " _)
		"$EVIDENCE_BIN" --db "$1" $c > "out/$name" 2> err
		echo "$c: $? $(cat err)" >> statuses
	done
	"$EVIDENCE_BIN" --db "$1" dump out/dump > /dev/null 2>&1; echo "dump: $?" >> statuses
}
'

setup_db() {
	ev -q import "$DATA"/core/*.csv
	export EVIDENCE_BIN READS
	# The expected answers, from the database where it may be written.
	eval "$READS"
	reads evidence.db
	mv out expected
	mv statuses expected.statuses
}

@test "reading commands work on a full disk and leave no -wal or -shm there" {
	setup_db
	st=0
	in_namespace "$READS"'
		mkdir -p m
		mount -t tmpfs -o size=1m tmpfs m || exit 99
		cp evidence.db m/e.db
		# Fill the disk to the last block.
		dd if=/dev/zero of=m/fill bs=4k 2>/dev/null
		dd if=/dev/zero of=m/fill2 bs=512 2>/dev/null
		df -k m | tail -1 > df
		reads m/e.db
		ls m > left
	' || st=$?
	[ "$st" -ne 99 ] || skip "cannot mount a small tmpfs here (needs root or user namespaces)"
	[ "$st" -eq 0 ]
	# The disk was full indeed.
	assert_equal 0 "$(awk '{ print $4 }' df)"
	assert_equal "$(cat expected.statuses)" "$(cat statuses)"
	diff -r expected out
	assert_equal "e.db fill fill2" "$(echo $(cat left))"
}

@test "reading commands work where no file can be created (no free inode) and leave nothing behind" {
	setup_db
	st=0
	in_namespace "$READS"'
		mkdir -p m
		mount -t tmpfs -o size=4m,nr_inodes=16 tmpfs m || exit 99
		cp evidence.db m/e.db
		i=0
		while touch m/f$i 2>/dev/null; do i=$((i + 1)); [ $i -lt 100 ] || break; done
		reads m/e.db
		ls m | grep -c "^e.db" > left
	' || st=$?
	[ "$st" -ne 99 ] || skip "cannot mount a small tmpfs here (needs root or user namespaces)"
	[ "$st" -eq 0 ]
	assert_equal "$(cat expected.statuses)" "$(cat statuses)"
	diff -r expected out
	assert_equal 1 "$(cat left)"
}

@test "reading commands work on a read-only medium and create nothing there" {
	setup_db
	mkdir ro
	cp evidence.db ro/e.db
	st=0
	in_namespace "$READS"'
		mount --bind ro ro && mount -o remount,bind,ro ro || exit 99
		reads ro/e.db
	' || st=$?
	[ "$st" -ne 99 ] || skip "cannot make a read-only mount here (needs root or user namespaces)"
	[ "$st" -eq 0 ]
	assert_equal "$(cat expected.statuses)" "$(cat statuses)"
	diff -r expected out
	assert_equal "e.db" "$(ls ro)"
}

@test "a writing command on a full disk still says the disk is full and changes nothing" {
	setup_db
	printf 'key,title\nsmall-one,A small article\n' > small.csv
	st=0
	in_namespace '
		mkdir -p m
		mount -t tmpfs -o size=1m tmpfs m || exit 99
		cp evidence.db m/e.db
		dd if=/dev/zero of=m/fill bs=4k 2>/dev/null
		dd if=/dev/zero of=m/fill2 bs=512 2>/dev/null
		"$EVIDENCE_BIN" --db m/e.db import small.csv 2> err; echo $? > status
		sqlite3 'file:m/e.db?immutable=1' .dump > after; ls m > left
	' || st=$?
	[ "$st" -ne 99 ] || skip "cannot mount a small tmpfs here (needs root or user namespaces)"
	[ "$st" -eq 0 ]
	assert_equal 1 "$(cat status)"
	output=$(cat err)
	assert_output_has "the disk holding 'm/e.db' is full; nothing was written"
	assert_equal "$(dump_db)" "$(cat after)"
	assert_equal "e.db fill fill2" "$(echo $(cat left))"
}
