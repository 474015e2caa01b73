#!/usr/bin/env bats
# A link that reports a subgroup of its study (evidence.subgroup, schema
# 008) counts its own participants, never the whole study's: fixture
# tests/data/subgroup has a subgroup without n (trial A, 400 enrolled), a
# whole-study link without n (trial B, 300) and a subgroup of 120 (trial C,
# 500 enrolled). The claim's participants are 0 + 300 + 120 = 420.

load helper

load_sg() {
	ev -q import "$DATA"/subgroup/*.csv
}

@test "subgroup: a subgroup's participants are its own n, and none when it was not reported" {
	load_sg
	run --separate-stderr ev explain sg-claim --format json
	assert_status 0
	python3 - "$output" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
links = {l["study"]: l for l in d["links"]}
assert links["sg-trial-a"]["n"] is None and links["sg-trial-a"]["subgroup"] == "participants with widgets at baseline", links["sg-trial-a"]
assert links["sg-trial-b"]["n"] == 300 and "subgroup" not in links["sg-trial-b"], links["sg-trial-b"]
assert links["sg-trial-c"]["n"] == 120 and links["sg-trial-c"]["subgroup"] == "adherent participants", links["sg-trial-c"]
assert d["bodies"][0]["participants"] == 420, d["bodies"][0]
PY
	assert_equal "sg-trial-a||participants with widgets at baseline
sg-trial-b|300|
sg-trial-c|120|adherent participants" "$(sqlite3 evidence.db 'SELECT study, n, subgroup FROM claim_evidence ORDER BY study')"
	assert_equal "420" "$(sqlite3 evidence.db "SELECT participants FROM claim_summary WHERE claim = 'sg-claim'")"
	run --separate-stderr ev query sg --format csv
	assert_output_has "sg-claim,supported,"
	assert_output_has ",3,420,"
}

@test "subgroup: curation sets and clears it, history records it, export and dump carry it" {
	load_sg
	run --separate-stderr ev edit link sg-claim sg-trial-b --outcome "widget score" --subgroup "women"
	assert_status 0
	assert_equal "link|edit|subgroup||women" "$(sqlite3 evidence.db "SELECT kind, action, field, old, new FROM history WHERE field = 'subgroup' AND action = 'edit'")"
	# trial B is now a subgroup without n: its 300 no longer count
	assert_equal "120" "$(sqlite3 evidence.db "SELECT participants FROM claim_summary WHERE claim = 'sg-claim'")"
	run --separate-stderr ev edit link sg-claim sg-trial-b --outcome "widget score" --subgroup ""
	assert_status 0
	assert_equal "" "$(sqlite3 evidence.db "SELECT subgroup FROM evidence e JOIN studies s ON s.id = e.study_id WHERE s.key = 'sg-trial-b'")"
	assert_equal "420" "$(sqlite3 evidence.db "SELECT participants FROM claim_summary WHERE claim = 'sg-claim'")"
	ev dump out
	assert_equal "claim,study,direction,outcome,measure,estimate,ci_low,ci_high,p_value,n,indirect,notes,events_treat,total_treat,events_control,total_control,mean_treat,sd_treat,mean_control,sd_control,subgroup" "$(head -1 out/evidence.csv)"
	grep -qx 'sg-claim,sg-trial-a,supports,widget score,MD,-2,-3,-1,,,no,,,,,,,,,,participants with widgets at baseline' out/evidence.csv
	# the dump loads into a new database as the same data
	ev -q --db copy.db import out/*.csv
	assert_equal "$(dump_data)" "$(dump_data copy.db)"
	# undo brings the cleared subgroup back
	run --separate-stderr ev undo 1
	assert_status 0
	assert_equal "women" "$(sqlite3 evidence.db "SELECT subgroup FROM evidence e JOIN studies s ON s.id = e.study_id WHERE s.key = 'sg-trial-b'")"
}

@test "subgroup: the report's note names the subgroup; an empty subgroup is no subgroup" {
	load_sg
	printf 'key,title\nsg-article,An invented article about plimbo\n' >a.csv
	printf 'key,article,topics,text\nsg-claim,sg-article,sg,Plimbo lowers the widget score.\n' >c.csv
	ev -q import a.csv c.csv
	run --separate-stderr ev report sg-article
	assert_status 0
	assert_output_has "subgroup: participants with widgets at baseline"
	assert_output_has "subgroup: adherent participants"
	printf 'claim,study,direction,outcome,subgroup\nsg-claim,sg-trial-b,supports,widget score,""\n' >e.csv
	run --separate-stderr ev import e.csv
	assert_status 0
	assert_equal "" "$(sqlite3 evidence.db "SELECT quote(subgroup) FROM evidence e JOIN studies s ON s.id = e.study_id WHERE s.key = 'sg-trial-b'" | grep -v NULL)"
}
