#!/usr/bin/env bats
# Raw data on evidence links (schema/006), effects computed from them,
# and the pooling options: numbers checked against metafor
# (tests/data/meta-cli/reference.tsv, written by make-fixtures.R there).

load helper

MC="$BATS_TEST_DIRNAME/../data/meta-cli"

# ref NAME: a number metafor gave (reference.tsv).
ref() {
	awk -F'\t' -v n="$1" '$1 == n { print $2; found = 1 } END { exit !found }' "$MC/reference.tsv"
}

# close A B [TOL]: A and B agree to TOL relative (default 1e-6).
close() {
	python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); t = float(sys.argv[3])
sys.exit(0 if abs(a - b) <= t * max(1e-12, abs(b)) or abs(a - b) < 1e-12 else 1)' "$1" "$2" "${3:-1e-6}" ||
		{ echo "$1 differs from $2" >&2; return 1; }
}

# jq_py EXPR: evaluates a Python expression on the JSON in $output (as j).
jq_py() {
	printf '%s' "$output" | python3 -c 'import json, math, sys; j = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}

load_meta() {
	ev -q import "$MC"/studies.csv "$MC"/claims.csv "$MC"/evidence.csv
}

@test "meta: a database at schema 005 is upgraded by 006 with every row and its history" {
	python3 "$MC/old-db.py" old.db "$REPO/schema"
	before_rows=$(sqlite3 old.db "SELECT id, claim_id, study_id, direction, outcome, measure, estimate, ci_low, ci_high, p_value, n, indirect, notes FROM evidence ORDER BY id")
	before_hist=$(sqlite3 old.db "SELECT * FROM history ORDER BY id; SELECT * FROM changes ORDER BY id")
	# studies and claims gain columns in later migrations: their old columns keep every value
	cols_s=$(sqlite3 old.db "SELECT group_concat(name, ', ') FROM pragma_table_info('studies')")
	cols_c=$(sqlite3 old.db "SELECT group_concat(name, ', ') FROM pragma_table_info('claims')")
	other() { sqlite3 old.db "SELECT $cols_s FROM studies ORDER BY id; SELECT $cols_c FROM claims ORDER BY id" ".dump topics claim_topics"; }
	before_other=$(other)
	run ev --db old.db query old-topic
	assert_status 0
	assert_output_has "old-claim  supported  very-low         2           650  events: k=2 RR 0.7523 (0.6216 to 0.9105), I2 0%"
	assert_equal "$(ls "$REPO"/schema/[0-9][0-9][0-9]-*.sql | wc -l)" "$(sqlite3 old.db 'PRAGMA user_version')"
	assert_equal "$before_rows" "$(sqlite3 old.db "SELECT id, claim_id, study_id, direction, outcome, measure, estimate, ci_low, ci_high, p_value, n, indirect, notes FROM evidence ORDER BY id")"
	assert_equal "$before_hist" "$(sqlite3 old.db "SELECT * FROM history ORDER BY id; SELECT * FROM changes ORDER BY id")"
	assert_equal "$before_other" "$(other)"
	assert_equal "ok" "$(sqlite3 old.db 'PRAGMA integrity_check')"
	assert_equal "" "$(sqlite3 old.db 'PRAGMA foreign_key_check')"
	# the views and triggers are back, with the new columns
	assert_equal "2|" "$(sqlite3 old.db 'SELECT count(*), max(events_treat) FROM claim_evidence')"
	run ev --db old.db edit link old-claim old-trial-2001 --estimate '' --ci-low '' --ci-high '' \
		--events-treat 10 --total-treat 200 --events-control 14 --total-control 200
	assert_status 0
	assert_equal "link|edit|events_treat||10
link|edit|total_treat||200
link|edit|events_control||14
link|edit|total_control||200" "$(sqlite3 old.db "SELECT kind, action, field, old, new FROM history WHERE change_id = 3 AND field LIKE '%_t%' AND field <> 'estimate' ORDER BY id")"
	run ev --db old.db rm link old-claim old-trial-2001
	assert_status 0
	assert_equal "10|200" "$(sqlite3 old.db "SELECT group_concat(old, '|') FROM history WHERE action = 'remove' AND field IN ('events_treat', 'total_treat')")"
	# an old database also upgrades through init
	python3 "$MC/old-db.py" old2.db "$REPO/schema"
	run ev --db old2.db init
	assert_status 0
	assert_equal "$(ls "$REPO"/schema/[0-9][0-9][0-9]-*.sql | wc -l)" "$(sqlite3 old2.db 'PRAGMA user_version')"
}

@test "meta: raw counts and means import, show, dump and round-trip" {
	load_meta
	run ev show study bcg-trial-01
	assert_status 0
	assert_output_has "vaccine-rr  bcg-trial-01  supports   tb       RR                                     no        4/123 vs 11/139"
	run ev show study stroke-unit-01
	assert_output_has "55 (SD 47, n 155) vs 75 (SD 64, n 156)"
	ev dump d1
	head -1 d1/evidence.csv | grep -qx 'claim,study,direction,outcome,measure,estimate,ci_low,ci_high,p_value,n,indirect,notes,events_treat,total_treat,events_control,total_control,mean_treat,sd_treat,mean_control,sd_control,subgroup'
	grep -qx 'vaccine-rr,bcg-trial-01,supports,tb,RR,,,,,,no,,4,123,11,139,,,,,' d1/evidence.csv
	ev --db two.db -q import d1/*.csv
	ev --db two.db dump d2
	diff -r d1 d2
	# history records the raw data of an added link
	run sqlite3 evidence.db "SELECT new FROM history_full WHERE kind = 'link' AND key = 'stroke-md' AND study = 'stroke-unit-01'"
	assert_output_has '"total_treat":155,"events_control":null,"total_control":156,"mean_treat":55.0,"sd_treat":47.0,"mean_control":75.0,"sd_control":64.0'
}

@test "meta: effects from raw data pool as metafor's escalc and rma (DL) give them" {
	load_meta
	run ev query meta-cli --format json
	assert_status 0
	for m in RR OR RD MD SMD; do
		claim=$(case $m in RR) echo vaccine-rr ;; OR) echo vaccine-or ;; RD) echo vaccine-rd ;; MD) echo stroke-md ;; SMD) echo stroke-smd ;; esac)
		est=$(jq_py "[c for c in j['claims'] if c['key'] == '$claim'][0]['pooled'][0]['estimate']")
		want=$(ref "$m.dl.z.mu")
		case $m in RR|OR) want=$(python3 -c "import math; print(math.exp($want))") ;; esac
		close "$est" "$want"
		tau2=$(jq_py "[c for c in j['claims'] if c['key'] == '$claim'][0]['pooled'][0]['tau2']")
		close "$tau2" "$(ref "$m.dl.z.tau2")"
		q=$(jq_py "[c for c in j['claims'] if c['key'] == '$claim'][0]['pooled'][0]['q']")
		close "$q" "$(ref "$m.dl.z.q")"
	done
	# the computed estimate and CI are shown where a published one would be
	est=$(jq_py "[e for e in [c for c in j['claims'] if c['key'] == 'vaccine-rr'][0]['evidence'] if e['study'] == 'bcg-trial-01'][0]['estimate']")
	close "$est" "$(python3 -c "import math; print(math.exp($(ref RR.y1)))")"
	src=$(jq_py "[e for e in [c for c in j['claims'] if c['key'] == 'vaccine-rr'][0]['evidence'] if e['study'] == 'bcg-trial-01'][0]['estimate_source']")
	assert_equal counts "$src"
	run ev explain stroke-smd
	assert_output_has "stroke-unit-01  rct         4  yes      supports   311  low           no        stay     SMD -0.3552 (-0.5792 to -0.1311) [from means]"
}

@test "meta: zero cells: 0.5 added to a study with a zero; no events in either arm is shown, not pooled for RR" {
	load_meta
	run ev explain zero-rr
	assert_status 0
	assert_output_has "zero-trial-a  rct         4  yes      supports   102  low           no        event    RR 0.1485 (0.007863 to 2.803) [from counts]"
	assert_output_has "zero-trial-b  rct         4  yes      supports    81  some          no        event    RR: no events in either arm: not pooled for RR"
	assert_output_has "pooled event: k=2 RR 0.3754 (0.1317 to 1.07), I2 0%"
	run ev explain zero-rr --format json
	close "$(jq_py "j['pooled'][0]['estimate']")" "$(python3 -c "import math; print(math.exp($(ref zero.RR.dl.z.mu)))")"
	assert_equal "no events in either arm: not pooled for RR" "$(jq_py "[l for l in j['links'] if l['study'] == 'zero-trial-b'][0]['not_pooled']")"
	assert_equal "None" "$(jq_py "[l for l in j['links'] if l['study'] == 'zero-trial-b'][0]['estimate']")"
}

@test "meta: raw data that conflict with a published estimate are refused, naming both, and nothing changes" {
	load_meta
	before=$(dump_db)
	cat > bad.csv <<'CSV'
claim,study,direction,outcome,measure,estimate,ci_low,ci_high,events_treat,total_treat,events_control,total_control
zero-rr,zero-trial-c,supports,second,RR,0.43,0.14,1.32,4,60,9,58
zero-rr,zero-trial-c,supports,third,RR,0.5,0.14,1.32,4,60,9,58
CSV
	run --separate-stderr ev import bad.csv
	assert_status 1
	assert_equal "evidence: import: bad.csv:3: estimate: '0.5' does not agree with the raw data, which give RR 0.4296 (0.4 to the 1 decimal published); give the raw data alone, or published values they round to
evidence: import: nothing was imported: 1 problem" "$stderr"
	assert_equal "$before" "$(dump_db)"
	run --separate-stderr ev link zero-rr zero-trial-c --direction supports --outcome x --measure RR --estimate 0.5 \
		--events-treat 4 --total-treat 60 --events-control 9 --total-control 58
	assert_status 1
	assert_equal "evidence: link: --estimate: '0.5' does not agree with the raw data, which give RR 0.4296 (0.4 to the 1 decimal published); give the raw data alone, or published values they round to" "$stderr"
	assert_equal "$before" "$(dump_db)"
}

@test "meta: partial sets, events above totals and measures that do not fit are refused with file:line and field" {
	load_meta
	before=$(dump_db)
	cat > bad.csv <<'CSV'
claim,study,direction,outcome,measure,events_treat,total_treat,events_control,total_control,mean_treat,sd_treat,mean_control,sd_control
zero-rr,zero-trial-c,supports,a,RR,12,10,3,20,,,,
zero-rr,zero-trial-c,supports,b,RR,1,10,,20,,,,
zero-rr,zero-trial-c,supports,c,MD,1,10,2,20,,,,
zero-rr,zero-trial-c,supports,d,RR,,10,,20,5,1,4,2
zero-rr,zero-trial-c,supports,e,MD,,10,,20,5,0,4,2
zero-rr,zero-trial-c,supports,f,MD,,10,,,,,,
CSV
	run --separate-stderr ev import bad.csv
	assert_status 1
	assert_equal "evidence: import: bad.csv:2: events_treat: '12' is above total_treat '10'
evidence: import: bad.csv:3: events_control: a value is required with the other counts (events_treat, total_treat, events_control, total_control)
evidence: import: bad.csv:4: measure: 'MD' does not fit counts of events: use RR, OR or RD
evidence: import: bad.csv:5: measure: 'RR' does not fit means and SDs: use MD or SMD
evidence: import: bad.csv:6: sd_treat: '0' is not above 0, which a standard deviation must be
evidence: import: bad.csv:7: total_treat: totals need the events (events_treat, events_control) or the means and SDs (mean_treat, sd_treat, mean_control, sd_control) they go with
evidence: import: nothing was imported: 6 problems" "$stderr"
	assert_equal "$before" "$(dump_db)"
	run --separate-stderr ev edit link zero-rr zero-trial-c --events-treat 70
	assert_status 1
	assert_equal "evidence: edit: --events-treat: '70' is above total_treat '60'" "$stderr"
	assert_equal "$before" "$(dump_db)"
}

@test "meta: without options the output is today's: tables byte for byte, JSON only gains members" {
	ev -q import "$DATA"/core/*.csv
	for c in "query-table:query t-pooled" "query-csv:query t-pooled --format csv" \
		"query-markdown:query t-pooled --format markdown" "report-table:report test-article" \
		"explain-table:explain pooled-claim" "explain-mixed:explain mixed-claim" "show-claim:show claim mixed-claim"; do
		name=${c%%:*}
		run ev ${c#*:}
		assert_equal "$(cat "$DATA/core/golden/$name.out")" "$output"
	done
	for c in "query-json:query t-pooled --format json" "query-all-json:query t-all --format json" \
		"report-json:report test-article --format json" "explain-json:explain upgraded-claim --format json" \
		"show-study-json:show study trial-c-2005 --format json"; do
		name=${c%%:*}
		ev ${c#*:} > new.json
		python3 - "$MC/golden-before/$name.out" new.json <<'PY'
import json, sys
old, new = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def sub(a, b, at):
    if isinstance(a, dict):
        assert isinstance(b, dict), at
        for k in a:
            assert k in b, f"{at}.{k} is gone"
            sub(a[k], b[k], f"{at}.{k}")
        order = [k for k in b if k in a]
        assert order == list(a), f"{at}: members reordered"
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), at
        for i, (x, y) in enumerate(zip(a, b)):
            sub(x, y, f"{at}[{i}]")
    else:
        assert a == b and type(a) == type(b), f"{at}: {a!r} became {b!r}"
sub(old, new, sys.argv[1].rsplit("/", 1)[-1])
PY
	done
}

@test "meta: --method and --ci agree with metafor's rma (DL, REML, PM, FE; z and Knapp-Hartung)" {
	load_meta
	# Each claim's pooled row under every estimator and interval, then one
	# comparison of them all with metafor's numbers (starting Python for
	# each of the 700 numbers took minutes).
	for claim in vaccine-rr vaccine-or vaccine-rd stroke-md stroke-smd; do
		for method in dl reml pm fe; do
			for ci in z hksj; do
				[ "$method-$ci" = fe-hksj ] && continue
				ev explain "$claim" --format json --method "$method" --ci "$ci" > "$claim.$method.$ci.json"
			done
		done
	done
	run python3 - "$MC/reference.tsv" <<'PY'
import json, math, sys
ref = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if "\t" in l)
bad, n = [], 0
def close(what, got, want, tol=1e-6):
    global n
    n += 1
    a, b = float(got), float(want)
    if not (abs(a - b) <= tol * max(1e-12, abs(b)) or abs(a - b) < 1e-12):
        bad.append("%s: %r differs from %r" % (what, got, want))
claims = {"RR": "vaccine-rr", "OR": "vaccine-or", "RD": "vaccine-rd", "MD": "stroke-md", "SMD": "stroke-smd"}
for m, claim in claims.items():
    for method in ("dl", "reml", "pm", "fe"):
        for ci in ("z", "hksj"):
            if (method, ci) == ("fe", "hksj"):
                continue
            j = json.load(open("%s.%s.%s.json" % (claim, method, ci)))["pooled"][0]
            k = "%s.%s.%s" % (m, method, ci)
            for ours, theirs in (("estimate", "mu"), ("ci_low", "ci_lb"), ("ci_high", "ci_ub"), ("pi_low", "pi_lb"),
                                 ("pi_high", "pi_ub"), ("pi_t_low", "pi_t_lb"), ("pi_t_high", "pi_t_ub")):
                # metafor gives no prediction interval for a fixed-effect
                # model; its z-based PI is its predict() for test z only
                if k + "." + theirs not in ref or (ours in ("pi_low", "pi_high") and ci == "hksj"):
                    continue
                want = float(ref[k + "." + theirs])
                close(k + " " + ours, j[ours], math.exp(want) if m in ("RR", "OR") else want)
            for ours, theirs in (("tau2", "tau2"), ("i2", "i2"), ("h2", "h2"), ("q", "q"), ("q_p", "q_p"),
                                 ("statistic", "stat"), ("p", "p"), ("se", "se")):
                close(k + " " + ours, j[ours], ref[k + "." + theirs])
            if method != "fe":
                for ours, theirs in (("i2_low", "i2_lb"), ("i2_high", "i2_ub"), ("tau2_low", "tau2_lb"),
                                     ("tau2_high", "tau2_ub")):
                    close(k + " " + ours, j[ours], ref[k + "." + theirs], 1e-4)
            want = "%s %s %s" % (method, ci, "t" if ci == "hksj" else "z")
            got = "%s %s %s" % (j["method"], j["ci_method"], j["test"])
            if got != want:
                bad.append("%s: %s, not %s" % (k, got, want))
print("\n".join(bad) if bad else "%d numbers agree" % n)
sys.exit(1 if bad else 0)
PY
	assert_status 0
	assert_equal "605 numbers agree" "$output"
}

@test "meta: the options in tables name the method and give the whole pooled result" {
	load_meta
	run ev explain vaccine-rr --method reml --ci hksj
	assert_status 0
	assert_output_has "  - pooled tb: k=13 RR 0.4894 (0.3301 to 0.7257), I2 92.2% (REML random effects, HKSJ interval)"
	assert_output_has "    Q 152.2 (df 12, p < 0.0001), tau2 0.3132, tau 0.5597, H2 12.86, I2 92.2% (95% CI 81.9% to 97.7%); overall effect t(12) = "
	assert_output_has "; prediction interval 0.1545 to 1.55 (z), 0.1341 to 1.786 (t, df 11)"
	run ev query meta-cli --method fe
	assert_output_has "tb: k=13 RR 0.6503 (0.6007 to 0.704), I2 92.1% (fixed effect)"
	run ev report --help
	assert_output_has "--method M"
}

@test "meta: bad option values exit 2 with usage; a database keeps its own defaults" {
	load_meta
	for c in "query meta-cli" "report none" "explain vaccine-rr" "plot vaccine-rr"; do
		run --separate-stderr ev $c --method bogus
		assert_status 2
		assert_output_has ""
		case "$stderr" in *"--method: 'bogus' is not one of dl, reml, pm or fe"*usage:*) ;; *) echo "$c: $stderr" >&2; return 1 ;; esac
		run --separate-stderr ev $c --ci t
		assert_status 2
		case "$stderr" in *"--ci: 't' is not one of z or hksj"*) ;; *) echo "$c: $stderr" >&2; return 1 ;; esac
	done
	run --separate-stderr ev init --method bogus
	assert_status 2
	run ev init --method reml --ci hksj
	assert_status 0
	assert_equal "ci|hksj
method|reml" "$(sqlite3 evidence.db 'SELECT name, value FROM settings ORDER BY name')"
	run ev query meta-cli
	assert_output_has "tb: k=13 RR 0.4894 (0.3301 to 0.7257), I2 92.2% (REML random effects, HKSJ interval)"
	run ev query meta-cli --method dl --ci z
	assert_output_has "tb: k=13 RR 0.4896 (0.3449 to 0.695), I2 92.1% (DerSimonian-Laird random effects)"
	run ev init --method dl --ci z
	run ev query meta-cli
	assert_output_has "tb: k=13 RR 0.4896 (0.3449 to 0.695), I2 92.1%           The vaccine"
}

@test "meta: the JSON of query and explain carries Egger's test (metafor's regtest), null below 3 studies" {
	load_meta
	for m in RR OR RD MD SMD; do
		claim=$(case $m in RR) echo vaccine-rr ;; OR) echo vaccine-or ;; RD) echo vaccine-rd ;; MD) echo stroke-md ;; SMD) echo stroke-smd ;; esac)
		output=$(ev explain "$claim" --format json)
		for pair in intercept:intercept se:se statistic:stat p:p limit:limit; do
			close "$(jq_py "j['egger']['${pair%%:*}']")" "$(ref "$m.egger.${pair#*:}")" || { echo "$m ${pair%%:*}" >&2; return 1; }
		done
		assert_equal "$( [ $m = MD ] || [ $m = SMD ] && echo 9 || echo 13)" "$(jq_py "j['egger']['k']")"
	done
	output=$(ev explain zero-rr --format json)
	assert_equal None "$(jq_py "j['egger']")"
	output=$(ev query meta-cli --format json)
	close "$(jq_py "[c for c in j['claims'] if c['key'] == 'vaccine-or'][0]['egger']['p']")" "$(ref OR.egger.p)"
}

@test "meta: evidence meta: subgroups, leave-one-out, cumulative, Egger and trim-and-fill as metafor gives them" {
	load_meta
	for m in RR OR RD MD SMD; do
		claim=$(case $m in RR) echo vaccine-rr ;; OR) echo vaccine-or ;; RD) echo vaccine-rd ;; MD) echo stroke-md ;; SMD) echo stroke-smd ;; esac)
		run ev meta "$claim" --leave-one-out --cumulative --egger --trimfill --by risk_of_bias --format json
		assert_status 0
		ratio=$(case $m in RR|OR) echo 1 ;; *) echo 0 ;; esac)
		un() { if [ "$ratio" = 1 ]; then python3 -c "import math; print(math.log($1))"; else echo "$1"; fi; }
		close "$(un "$(jq_py "j['groups'][0]['leave_one_out'][0]['estimate']")")" "$(ref "$m.loo1.mu")"
		close "$(un "$(jq_py "j['groups'][0]['cumulative'][-1]['estimate']")")" "$(ref "$m.cumul.last.mu")"
		close "$(un "$(jq_py "j['groups'][0]['trimfill']['estimate']")")" "$(ref "$m.trimfill.mu")"
		assert_equal "$(ref "$m.trimfill.k0")" "$(jq_py "j['groups'][0]['trimfill']['k0']")"
		close "$(jq_py "j['groups'][0]['egger']['p']")" "$(ref "$m.egger.p")"
		close "$(jq_py "j['groups'][0]['studies'][0]['yi']")" "$(ref "$m.y1")"
		close "$(jq_py "j['groups'][0]['studies'][0]['vi']")" "$(ref "$m.v1")"
	done
	run ev meta vaccine-rr --by risk_of_bias
	assert_output_has "Test for subgroup differences: Q = 1.537, df = 2, p = 0.46, I2 = 0%"
	assert_output_has "low   7  0.366 [0.180, 0.745]  0.7631  94.6%  0.0056"
	run ev meta vaccine-rr --trimfill --egger
	assert_output_has "Egger's test: intercept -2.112 (SE 1.507), t(11) = -1.401, p = 0.19, k = 13"
	assert_output_has "Trim-and-fill: 1 study filled on the right; adjusted RR 0.519 [0.369, 0.729]"
	run --separate-stderr ev meta vaccine-rr --by colour
	assert_status 2
	run --separate-stderr ev meta zero-rr --egger
	assert_status 0
	assert_output_has "Egger's test: needs 3 or more studies (2 here)"
}

@test "meta: its tables write estimates as the forest plot does, with the plot's decimals" {
	load_meta
	# Ratios: two decimals, and a third because bcg-trial-09's upper limit
	# (0.9962) would print as 1.00 with two; the plot chooses the same.
	run ev meta vaccine-rr --leave-one-out
	assert_status 0
	assert_output_has "bcg-trial-09  1968  0.625 [0.393, 0.996]    8.7%"
	assert_output_has "Pooled: tb: k=13 RR 0.490 [0.345, 0.695], I2 92.1%"
	assert_output_has "prediction interval 0.156 to 1.537 (z), 0.135 to 1.769 (t, df 11)"
	assert_output_has "without bcg-trial-05  12  0.466 [0.320, 0.678]  0.3262  92.7%  < 0.0001"
	ev plot vaccine-rr -o rr.svg
	grep -q '>0.490 \[0.345, 0.695\]<' rr.svg
	grep -q '>0.625 \[0.393, 0.996\]' rr.svg
	# Differences: decimals from the width of a typical CI (about 20 days).
	run ev meta stroke-md
	assert_output_has "Pooled: stay: k=9 MD -14.0 [-24.0, -3.9], I2 96.7%"
	assert_output_has "prediction interval -43.8 to 15.9 (z), -50.0 to 22.0 (t, df 7)"
	ev plot stroke-md -o md.svg
	grep -q '>-14.0 \[-24.0, -3.9\]<' md.svg
	# An I2 limit below 100% is never printed as 100% (metafor: 99.98%).
	run ev meta vaccine-rd
	assert_output_has "I2 95.7% (95% CI 99.9% to 99.98%)"
	assert_output_has "Pooled: tb: k=13 RD -0.0071 [-0.0101, -0.0040], I2 95.7%"
}

@test "meta: plot --funnel draws every estimate against its SE, trim-and-fill's studies hollow" {
	load_meta
	run ev plot vaccine-rr --funnel -o funnel.svg
	assert_status 0
	python3 - funnel.svg 13 0 <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
circles = root.findall("s:circle", ns)
hollow = [c for c in circles if c.get("class") == "evfp-hollow"]
assert len(circles) == int(sys.argv[2]) + int(sys.argv[3]), len(circles)
assert len(hollow) == int(sys.argv[3]), len(hollow)
w, h = float(root.get("width")), float(root.get("height"))
for c in circles:
    assert 0 < float(c.get("cx")) < w and 0 < float(c.get("cy")) < h
texts = [t.text for t in root.findall("s:text", ns)]
assert "Standard error" in texts, texts
PY
	run ev plot vaccine-rd --funnel --trimfill -o funnel2.svg
	assert_status 0
	grep -q "hollow: studies filled in by trim-and-fill" funnel2.svg
	assert_equal 4 "$(grep -c 'class="evfp-hollow"' funnel2.svg)"
	run --separate-stderr ev plot vaccine-rr --trimfill
	assert_status 2
	run --separate-stderr ev plot zero-rr --funnel --trimfill
	assert_status 1
	assert_equal "evidence: plot: claim 'zero-rr': trim-and-fill needs 3 or more estimates (2 here)" "$stderr"
}

@test "meta: the forest plot shows computed estimates with a dagger, says why a double-zero study is not plotted, and names a chosen method" {
	load_meta
	run ev plot zero-rr --method reml -o zero.svg
	assert_status 0
	# Ratios show two decimals, computed ones too (escalc: 0.1485, 0.0079 to 2.803).
	grep -q '>0.15 \[0.01, 2.80\]†<' zero.svg
	grep -q 'event: RR: no events in either arm: not pooled for RR' zero.svg
	# The key's lines joined, tags dropped: it explains the dagger, names
	# the method in the diamond's sentence and nowhere DerSimonian-Laird.
	key=$(sed -e 's/<[^>]*>//g' zero.svg | tr '\n' ' ')
	[[ "$key" == *"† computed from the study&#39;s raw data (counts or means)."* ]]
	[[ "$key" == *"proportional to the study&#39;s random-effects weight in its pooled group"* ]]
	[[ "$key" == *"Diamond: the pooled estimate (REML random effects) and its 95% CI;"* ]]
	[[ "$key" != *DerSimonian* ]]
	run ev plot zero-rr --method fe --ci hksj -o fe.svg
	assert_status 0
	key=$(sed -e 's/<[^>]*>//g' fe.svg | tr '\n' ' ')
	[[ "$key" == *"proportional to the study&#39;s fixed-effect weight in its pooled group"* ]]
	[[ "$key" == *"Diamond: the pooled estimate (fixed effect, HKSJ interval) and its 95% CI;"* ]]
	[[ "$key" != *DerSimonian* ]]
	grep -q '† 2 estimates computed from raw data' zero.svg
}

# load_long_texts: a claim whose four links name an outcome of some 1,200
# bytes, and whose studies give two countries that differ only after 270
# bytes (invented names).
load_long_texts() {
	LONG_OUTCOME=$(printf 'serum phylloquinone level after a year %.0s' $(seq 30))
	LONG_OUTCOME=${LONG_OUTCOME% }
	LONG_LAND=$(printf 'Lowlands of Quarrydown %.0s' $(seq 12))
	ev -q add article --key long-article --title 'Long texts'
	ev -q add claim --key long-claim --article long-article --topics long-texts \
		--text 'Phylloquinone raises its serum level.'
	for i in 1 2 3 4; do
		c="${LONG_LAND}North"
		[ "$i" -gt 2 ] && c="${LONG_LAND}South"
		ev -q add study --key "long-$i" --title "Trial number $i of serum levels" --authors "Ashgrove$i A" \
			--year "202$i" --design rct --country "$c"
		ev -q link long-claim "long-$i" --direction supports --outcome "$LONG_OUTCOME" --measure RR \
			--estimate "0.$((5 + i))" --ci "0.$((2 + i)),1.$i"
	done
}

@test "meta: a pooled group's outcome and a subgroup's value are written whole, however long (issue 17 point 5)" {
	load_long_texts
	# The pooled line was cut at 256 bytes in explain, report and query,
	# and at 1 KiB in meta.
	for cmd in "explain long-claim" "report long-article" "report long-article --method reml" \
		"query long-texts" "query long-texts --ci hksj" "meta long-claim"; do
		run ev $cmd
		assert_status 0
		assert_output_has "$LONG_OUTCOME: k=4 RR"
	done
	# Values of --by were cut at 255 bytes, so the two countries were one
	# subgroup.
	run ev meta long-claim --by country
	assert_status 0
	assert_output_has "${LONG_LAND}North "
	assert_output_has "${LONG_LAND}South "
}
