#!/usr/bin/env bats
# R's metafor as part of the test suite: tests/tools/metafor-reference.R is
# run afresh and its output must equal the data sets and expected numbers
# committed under tests/data/meta, which tests/unit/test_meta_ref.c checks
# evidence's statistics against. So the reference is what metafor says
# today, not what it said when the files were written.

load helper

@test "metafor, re-run now, gives the committed data sets and reference numbers" {
	command -v Rscript >/dev/null || skip "R is not installed (Debian packages r-base-core r-cran-metafor; 'make test' installs them)"
	Rscript -e 'suppressMessages(library(metafor))' 2>/dev/null ||
		skip "metafor is not installed (Debian package r-cran-metafor; 'make test' installs it)"
	run Rscript "$REPO/tests/tools/metafor-reference.R" "$BATS_TEST_TMPDIR/meta"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	run diff -r "$REPO/tests/data/meta" "$BATS_TEST_TMPDIR/meta"
	[ "$status" -eq 0 ] || { echo "$output" | head -40; return 1; }
}
