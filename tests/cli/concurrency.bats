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

# make_changes: for writer w and change i, the files of one writing
# command: a claim and the evidence linking it to a study. The two rows
# must appear together; a reader that sees the claim without its link has
# seen half a command.
make_changes() {
	awk -v W="$(writers)" -v C="$(changes)" 'BEGIN {
		for (w = 1; w <= W; w++) {
			system("mkdir -p w" w)
			for (i = 1; i <= C; i++) {
				f = "w" w "/c" i ".csv"
				printf "key,topics,text\nw%d-claim-%d,load,Claim %d of writer %d.\n", w, i, i, w > f
				close(f)
				f = "w" w "/e" i ".csv"
				printf "claim,study,direction,outcome\nw%d-claim-%d,knapen-2015,supports,load %d\n", w, i, i > f
				close(f)
			}
		}
	}'
}

# write_op W I: writer W's I-th command. Today an import of the two files;
# once the curation commands land this is where `evidence add`/`link`/
# `edit` take over (one command per change, so the check below still holds
# when a single command writes both rows).
write_op() {
	"$EVIDENCE_BIN" -q import "w$1/c$2.csv" "w$1/e$2.csv"
}

# writer W: runs its changes in order; logs each failure with its message.
writer() {
	local i err
	for i in $(seq 1 "$(changes)"); do
		if ! err=$(write_op "$1" "$i" 2>&1) || [ -n "$err" ]; then
			echo "writer $1 change $i: $err" >> failures
		fi
	done
}

# reader R: queries the topic until the writers are done; checks each
# answer: success, no message, every claim with exactly its one study, and
# never fewer claims than the previous answer.
reader() {
	local out err prev=0 n bad reads=0
	while [ ! -e writers.done ]; do
		if ! out=$("$EVIDENCE_BIN" query load --format tsv --no-header 2> "err.$1") || [ -s "err.$1" ]; then
			echo "reader $1: $(cat "err.$1")" >> failures
			continue
		fi
		n=$(printf '%s\n' "$out" | grep -c .)
		bad=$(printf '%s\n' "$out" | awk -F'\t' '$4 != 1' | head -1)
		[ -z "$bad" ] || echo "reader $1 saw half a command: $bad" >> failures
		[ "$n" -ge "$prev" ] || echo "reader $1 saw $n claims after $prev" >> failures
		prev=$n
		reads=$((reads + 1))
	done
	echo "$reads" > "reads.$1"
}

@test "4 writers and 2 readers at once: every command succeeds, no reader sees half a command, counts exact" {
	load_bundled
	printf 'key,topics,text\nseed-claim,load,The first claim about load.\n' > c0.csv
	printf 'claim,study,direction,outcome\nseed-claim,knapen-2015,supports,load 0\n' > e0.csv
	ev -q import c0.csv e0.csv
	make_changes
	links=$(sqlite3 evidence.db 'SELECT count(*) FROM evidence')
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
	n=$(($(writers) * $(changes)))
	assert_equal "$((n + 1))" "$(sqlite3 evidence.db "SELECT count(*) FROM claims WHERE key LIKE 'w%-claim-%' OR key = 'seed-claim'")"
	assert_equal "$((links + n))" "$(sqlite3 evidence.db 'SELECT count(*) FROM evidence')"
	assert_equal "$((n + 1))" "$(sqlite3 evidence.db "SELECT count(*) FROM claim_topics ct JOIN topics t ON t.id = ct.topic_id WHERE t.key = 'load'")"
	assert_equal ok "$(sqlite3 evidence.db 'PRAGMA integrity_check')"
	# The readers really ran while the writers wrote.
	[ "$(cat reads.1)" -ge 1 ] && [ "$(cat reads.2)" -ge 1 ]
	echo "# $n writing commands; the readers answered $(cat reads.1) and $(cat reads.2) queries meanwhile" >&3
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
