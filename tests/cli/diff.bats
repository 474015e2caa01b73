#!/usr/bin/env bats
# evidence diff --since: verdicts then and now, on the fixture in
# tests/data/todo (invented studies, DOIs under 10.5555). Then is rebuilt
# from the history in a temporary copy of the database.

load helper

setup() {
	export LC_ALL=C TZ=UTC NO_COLOR=
	unset EVIDENCE_DB COLUMNS
	REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
	EVIDENCE_BIN="${EVIDENCE_BIN:-$REPO/evidence}"
	cd "$BATS_TEST_TMPDIR" || return 1
	mkdir tmp
	export TMPDIR="$BATS_TEST_TMPDIR/tmp"
	ev -q import "$REPO/tests/data/todo"/*.csv
	ev -q edit study gamma-2010 --status verified
	ev -q edit study alpha-2001 --status retracted
	ev -q rm claim pill-nothing
}

@test "diff --since CHANGE lists the claims whose verdict or certainty changed, and the commands that did it" {
	dump_db > before
	run --separate-stderr ev diff --since 1
	assert_status 0
	assert_equal "claim            then                 now                  changed by
pill-indirect    supported, very-low  insufficient         3: evidence -q edit study alpha-2001 --status retracted
pill-nothing     insufficient         (no claim)           4: evidence -q rm claim pill-nothing
pill-unverified  insufficient         supported, very-low  2: evidence -q edit study gamma-2010 --status verified
pill-works       supported, low       supported, very-low  3: evidence -q edit study alpha-2001 --status retracted" "$output"
	[ -z "$stderr" ]
	# a reading command: the database is as it was, the copy is gone
	diff before <(dump_db)
	[ -z "$(ls tmp)" ]
	run ev diff --since 3
	assert_equal "claim         then          now         changed by
pill-nothing  insufficient  (no claim)  4: evidence -q rm claim pill-nothing" "$output"
	run ev diff --since 4
	assert_equal "No claim changed verdict or certainty since change 4." "$output"
}

@test "diff --since DATE compares with the start of that day (UTC)" {
	sqlite3 evidence.db "UPDATE changes SET at = '2026-01-0' || id || 'T10:00:00Z'"
	run ev diff --since 2026-01-03 --format json
	assert_status 0
	assert_equal '[
  {
    "claim": "pill-indirect",
    "then": {
      "verdict": "supported",
      "certainty": "very-low"
    },
    "now": {
      "verdict": "insufficient",
      "certainty": null
    },
    "changes": [
      {
        "change": 3,
        "at": "2026-01-03T10:00:00Z",
        "who": "'"$(sqlite3 evidence.db 'SELECT who FROM changes WHERE id = 3')"'",
        "command": "evidence -q edit study alpha-2001 --status retracted"
      }
    ]
  },
  {
    "claim": "pill-nothing",
    "then": {
      "verdict": "insufficient",
      "certainty": null
    },
    "now": null,
    "changes": [
      {
        "change": 4,
        "at": "2026-01-04T10:00:00Z",
        "who": "'"$(sqlite3 evidence.db 'SELECT who FROM changes WHERE id = 4')"'",
        "command": "evidence -q rm claim pill-nothing"
      }
    ]
  },
  {
    "claim": "pill-works",
    "then": {
      "verdict": "supported",
      "certainty": "low"
    },
    "now": {
      "verdict": "supported",
      "certainty": "very-low"
    },
    "changes": [
      {
        "change": 3,
        "at": "2026-01-03T10:00:00Z",
        "who": "'"$(sqlite3 evidence.db 'SELECT who FROM changes WHERE id = 3')"'",
        "command": "evidence -q edit study alpha-2001 --status retracted"
      }
    ]
  }
]' "$output"
	run ev diff --since 2026-01-05 --format json
	assert_equal "[]" "$output"
	# from before the import: every claim is new
	run ev diff --since 2025-12-31
	assert_equal "(no claim)" "$(printf '%s\n' "$output" | sed -n 2p | awk '{print $2, $3}')"
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 4 ]
}

@test "diff: misuse exits 2, an unknown change 1" {
	run ev diff
	assert_status 2
	assert_output_has "evidence: diff: since when? give --since DATE (YYYY-MM-DD) or --since CHANGE"
	run ev diff --since yesterday
	assert_status 2
	assert_output_has "evidence: diff: --since: 'yesterday' is neither a date (YYYY-MM-DD) nor a change number"
	run ev diff --since 1 --format csv
	assert_status 2
	run --separate-stderr ev diff --since 9
	assert_status 1
	assert_equal "evidence: diff: --since: no change 9 is recorded (see 'evidence log')" "$stderr"
}
