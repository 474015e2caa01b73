#!/usr/bin/env bats
# R's metafor as part of the test suite: tests/tools/metafor-reference.R is
# run afresh and its output must match the data sets and expected numbers
# committed under tests/data/meta, which tests/unit/test_meta_ref.c checks
# evidence's statistics against. So the reference is what metafor says
# today, not what it said when the files were written.

load helper

# same_numbers A B: two expected/*.tsv files have the same keys in the same
# order and values equal to 1e-9 relative (1e-12 absolute). The files are
# written to 12 digits; another BLAS or a rounding in R's last bits may
# move the twelfth, which is no disagreement.
same_numbers() {
	awk -F '\t' '
		NR == FNR { key[FNR] = $1; val[FNR] = $2; n = FNR; next }
		{
			if ($1 != key[FNR]) { printf "line %d: key %s, committed %s\n", FNR, $1, key[FNR]; bad = 1; next }
			if (($2 == "NaN") != (val[FNR] == "NaN")) { printf "%s: %s, committed %s\n", $1, $2, val[FNR]; bad = 1; next }
			if ($2 == "NaN") next
			d = $2 - val[FNR]; if (d < 0) d = -d
			m = val[FNR] < 0 ? -val[FNR] : val[FNR]
			if (d > 1e-9 * m + 1e-12) { printf "%s: %s, committed %s\n", $1, $2, val[FNR]; bad = 1 }
		}
		END { if (FNR != n) { print "number of lines differs"; bad = 1 } exit bad }' "$1" "$2"
}

@test "metafor, re-run now, gives the committed data sets and reference numbers" {
	command -v Rscript >/dev/null || skip "R is not installed (Debian packages r-base-core r-cran-metafor; 'make test' installs them)"
	Rscript -e 'suppressMessages(library(metafor))' 2>/dev/null ||
		skip "metafor is not installed (Debian package r-cran-metafor; 'make test' installs it)"
	run Rscript "$REPO/tests/tools/metafor-reference.R" "$BATS_TEST_TMPDIR/meta"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	committed="$REPO/tests/data/meta"
	fresh="$BATS_TEST_TMPDIR/meta"
	# The same files, the data sets byte for byte.
	[ "$(cd "$committed" && find . -type f | sort)" = "$(cd "$fresh" && find . -type f | sort)" ]
	for f in "$committed"/*.csv; do
		diff "$f" "$fresh/${f##*/}"
	done
	for f in "$committed"/expected/*.tsv; do
		same_numbers "$f" "$fresh/expected/${f##*/}"
	done
}

@test "the comparison of reference numbers notices a changed number" {
	printf 'a\t1.5\nb\tNaN\n' > one.tsv
	printf 'a\t1.5000000000001\nb\tNaN\n' > two.tsv
	same_numbers one.tsv two.tsv
	printf 'a\t1.5001\nb\tNaN\n' > three.tsv
	run same_numbers one.tsv three.tsv
	[ "$status" -eq 1 ]
	[ "$output" = "a: 1.5001, committed 1.5" ]
	printf 'a\t1.5\nb\t0\n' > four.tsv
	run same_numbers one.tsv four.tsv
	[ "$status" -eq 1 ]
	printf 'a\t1.5\n' > five.tsv
	run same_numbers one.tsv five.tsv
	[ "$status" -eq 1 ]
}
