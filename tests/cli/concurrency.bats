#!/usr/bin/env bats
# Several processes at once: writers wait for each other (busy timeout,
# BEGIN IMMEDIATE) instead of failing with "database is locked", readers
# never see half of a command (WAL snapshots), and the final counts are
# exact.

load helper

# Writers and changes per writer: 4 x 250 (the issue's size) unless
# EV_TEST_SIZE says otherwise.
writers() { echo 4; }
changes() {
	case "${EV_TEST_SIZE:-small}" in
	tiny) echo 15 ;;
	*) echo 250 ;;
	esac
}

# Each writer's changes cycle through the three curation commands, one
# command per change, on claims of its own: change 3k+1 adds claim
# wW-c(k+1) to topic 'load', 3k+2 links it to a study with one estimate
# and interval, 3k+3 edits that link, changing four fields at once. So
# every command a reader can see half of writes more than one value: a
# link's estimate, interval and notes come in two versions and a reader
# must only ever see one of them whole.
LINK_V1="MD,1,0,2,rev 1"      # measure,estimate,ci_low,ci_high,notes after `link`
LINK_V2="MD,2,1.5,2.5,rev 2"  # ... after `edit link`

# write_op W I: writer W's I-th change, one command.
write_op() {
	local k=$((($2 - 1) / 3 + 1)) claim="w$1-c$((($2 - 1) / 3 + 1))"
	case $((($2 - 1) % 3)) in
	0) "$EVIDENCE_BIN" -q add claim --key "$claim" --topics load --text "Claim $k of writer $1." ;;
	1) "$EVIDENCE_BIN" -q link "$claim" knottingale-2015 --direction supports --outcome "load $k" --measure MD \
		--estimate 1 --ci 0,2 --notes "rev 1" ;;
	2) "$EVIDENCE_BIN" -q edit link "$claim" knottingale-2015 "load $k" --estimate 2 --ci 1.5,2.5 --notes "rev 2" ;;
	esac
}

# How many of each command a writer runs: claims added, links made.
added() { echo $((($(changes) + 2) / 3)); }
linked() { echo $((($(changes) + 1) / 3)); }

# writer W: runs its changes in order; logs each failure with its message.
writer() {
	local i err
	for i in $(seq 1 "$(changes)"); do
		if ! err=$(write_op "$1" "$i" 2>&1) || [ -n "$err" ]; then
			echo "writer $1 change $i: $err" >> failures
		fi
	done
}

# check_count R WHAT COUNT: reader R's answer counted COUNT rows of WHAT,
# never fewer than its previous answer (commands only add).
check_count() {
	local prev
	prev=$(cat "count.$1.$2" 2>/dev/null || echo 0)
	[ "$3" -ge "$prev" ] || echo "reader $1 saw $3 $2 after $prev" >> failures
	echo "$3" > "count.$1.$2"
}

# reader 1: queries the topic until the writers are done: every answer
# succeeds without a message, no claim has more than its one study, and
# the claims never become fewer.
# reader 2: dumps the whole database (one read transaction) the same way,
# and checks that every writer's link is whole: exactly one of the two
# versions, never an estimate of one with the interval or notes of the
# other; links never become fewer either.
reader() {
	local out err n bad reads=0
	while [ ! -e writers.done ]; do
		if [ "$1" = 1 ]; then
			if ! out=$("$EVIDENCE_BIN" query load --format tsv --no-header 2> "err.$1") || [ -s "err.$1" ]; then
				echo "reader $1: $(cat "err.$1")" >> failures
				continue
			fi
			n=$(printf '%s\n' "$out" | grep -c .)
			bad=$(printf '%s\n' "$out" | awk -F'\t' '$4 > 1' | head -1)
			[ -z "$bad" ] || echo "reader $1 saw a claim with more studies than it was given: $bad" >> failures
			check_count "$1" claims "$n"
		else
			rm -rf "dump.$1"
			if ! "$EVIDENCE_BIN" -q dump "dump.$1" 2> "err.$1" || [ -s "err.$1" ]; then
				echo "reader $1: $(cat "err.$1")" >> failures
				continue
			fi
			# claim,study,direction,outcome,measure,estimate,ci_low,ci_high,p_value,n,indirect,notes
			bad=$(awk -F, -v a="$LINK_V1" -v b="$LINK_V2" '
				/^w[0-9]+-c[0-9]+,/ {
					v = $5 "," $6 "," $7 "," $8 "," $12
					if (v != a && v != b) { print; exit }
				}' "dump.$1/evidence.csv")
			[ -z "$bad" ] || echo "reader $1 saw half of a command: $bad" >> failures
			check_count "$1" links "$(grep -c '^w[0-9]*-c[0-9]*,' "dump.$1/evidence.csv")"
		fi
		reads=$((reads + 1))
	done
	echo "$reads" > "reads.$1"
}

@test "4 writers and 2 readers at once: every command succeeds, no reader sees half a command, counts exact" {
	load_sample
	# The topic exists before the readers start.
	ev -q add claim --key seed-claim --topics load --text 'The first claim about load.'
	claims=$(sqlite3 evidence.db 'SELECT count(*) FROM claims')
	links=$(sqlite3 evidence.db 'SELECT count(*) FROM evidence')
	changesets=$(sqlite3 evidence.db 'SELECT count(*) FROM changes')
	: > failures
	reader 1 &
	r1=$!
	reader 2 &
	r2=$!
	pids=""
	for w in $(seq 1 "$(writers)"); do
		writer "$w" &
		pids="$pids $!"
	done
	# shellcheck disable=SC2086
	wait $pids
	touch writers.done
	wait "$r1" "$r2"
	if [ -s failures ]; then
		head -20 failures >&2
		return 1
	fi
	w=$(writers)
	n=$((w * $(changes)))
	assert_equal "$((claims + w * $(added)))" "$(sqlite3 evidence.db 'SELECT count(*) FROM claims')"
	assert_equal "$((1 + w * $(added)))" "$(sqlite3 evidence.db "SELECT count(*) FROM claim_topics ct JOIN topics t ON t.id = ct.topic_id WHERE t.key = 'load'")"
	assert_equal "$((links + w * $(linked)))" "$(sqlite3 evidence.db 'SELECT count(*) FROM evidence')"
	# Every link made was edited after (the last change of a writer adds
	# a claim when the count is not a multiple of 3).
	assert_equal "$((w * ($(changes) / 3)))" "$(sqlite3 evidence.db "SELECT count(*) FROM evidence WHERE notes = 'rev 2' AND estimate = 2 AND ci_low = 1.5 AND ci_high = 2.5")"
	# One change set per command: none lost, none doubled.
	assert_equal "$((changesets + n))" "$(sqlite3 evidence.db 'SELECT count(*) FROM changes')"
	assert_equal ok "$(sqlite3 evidence.db 'PRAGMA integrity_check')"
	# The readers really ran while the writers wrote.
	[ "$(cat reads.1)" -ge 1 ] && [ "$(cat reads.2)" -ge 1 ]
	echo "# $n writing commands (add, link, edit); the readers answered $(cat reads.1) queries and $(cat reads.2) dumps meanwhile" >&3
}

@test "4 writers creating the same database at once all succeed, and the schema is applied once" {
	for w in 1 2 3 4; do
		printf 'key,title\nfirst-article-%d,Article %d\n' "$w" "$w" > "a$w.csv"
	done
	: > failures
	pids=""
	for w in 1 2 3 4; do
		{ "$EVIDENCE_BIN" -q import "a$w.csv" 2>&1 || echo "writer $w failed"; } >> failures &
		pids="$pids $!"
	done
	# shellcheck disable=SC2086
	wait $pids
	assert_equal "" "$(cat failures)"
	assert_equal 4 "$(sqlite3 evidence.db 'SELECT count(*) FROM articles')"
	assert_equal "$(ls "$REPO"/schema/[0-9][0-9][0-9]-*.sql | wc -l)" "$(sqlite3 evidence.db 'PRAGMA user_version')"
	assert_equal wal "$(sqlite3 evidence.db 'PRAGMA journal_mode')"
	assert_equal ok "$(sqlite3 evidence.db 'PRAGMA integrity_check')"
}
