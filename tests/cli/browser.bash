# Helpers for the tests that look at pictures: golden files, the Python
# checkers, and headless Chromium. Load after `helper`.

# Debian's python3 (its packages, such as python3-pil, live there), else
# whatever python3 is on PATH.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
TOOLS="$BATS_TEST_DIRNAME/../tools"

# assert_golden FILE GOLDEN: FILE equals GOLDEN byte for byte. With
# UPDATE_GOLDEN=1 in the environment the golden file is rewritten instead
# (then review the diff before committing it).
assert_golden() {
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$1" "$2"
		return 0
	fi
	if ! cmp -s "$1" "$2"; then
		diff -u "$2" "$1" | head -40 >&2
		echo "output differs from $2 (UPDATE_GOLDEN=1 rewrites it)" >&2
		return 1
	fi
}

# chromium_or_skip: sets CHROMIUM to a headless Chromium that works here,
# or skips the test saying why.
chromium_or_skip() {
	CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
	if [ -z "$CHROMIUM" ]; then
		skip "Chromium is not installed (Debian package chromium; 'make test' installs it where apt-get can)"
	fi
	printf '<!DOCTYPE html><html lang="en"><body><p id="ok">ok</p></body></html>' >"$BATS_TEST_TMPDIR/probe.html"
	if ! chromium_run --dump-dom "file://$BATS_TEST_TMPDIR/probe.html" | grep -q 'id="ok"'; then
		skip "Chromium is installed but cannot run here ($CHROMIUM --headless printed no page)"
	fi
}

# chromium_run ARGS...: headless Chromium with a fresh profile, no network
# chatter (its background connections are refused on some machines and can
# make it hang) and a time limit.
chromium_run() {
	local profile
	profile=$(mktemp -d "$BATS_TEST_TMPDIR/chromium.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null
}

# chromium_layout PAGE WIDTH: lays PAGE out in Chromium at a viewport
# WIDTH pixels wide and prints what tests/tools/layoutcheck.js measured
# there (one finding a line). The page is a copy with the script added at
# the end of its body (the page itself has no script), and its stylesheet
# beside it when it links one, shown in a frame
# WIDTH pixels wide: headless Chromium makes no window narrower than 500
# pixels, a frame can be a phone's width. The frame posts its findings to
# the harness page, whose DOM Chromium dumps.
chromium_layout() {
	local dir="$BATS_TEST_TMPDIR/layout-$2"
	mkdir -p "$dir"
	cp "$TOOLS/layoutcheck.js" "$dir/layoutcheck.js"
	# a site's page links the site's style.css: the copy takes it along
	local css
	css=$(sed -n 's#^<link rel="stylesheet" href="\([^"]*\)"/>$#\1#p' "$1")
	[ -z "$css" ] || cp "$(dirname "$1")/$css" "$dir/style.css"
	sed -e 's#</body>#<script src="layoutcheck.js"></script></body>#' \
		-e 's#^<link rel="stylesheet" href="[^"]*"/>$#<link rel="stylesheet" href="style.css"/>#' "$1" >"$dir/page.html"
	printf '<!DOCTYPE html><html lang="en"><body style="margin:0"><pre id="layoutcheck">layoutcheck did not run</pre>%s%s</body></html>\n' \
		"<iframe src=\"page.html\" width=\"$2\" height=\"900\" style=\"border:0;display:block\"></iframe>" \
		'<script>addEventListener("message", function (e) { document.getElementById("layoutcheck").textContent = e.data; });</script>' \
		>"$dir/harness.html"
	chromium_run --dump-dom --virtual-time-budget=5000 --window-size="$(($2 + 40)),1000" "file://$dir/harness.html" |
		"$PY" -c 'import re, sys, html; m = re.search(r"<pre id=\"layoutcheck\">(.*?)</pre>", sys.stdin.read(), re.S); print(html.unescape(m.group(1)) if m else "no harness page")'
}

# The real-browser checks: tests/browser/sitecheck.mjs drives Chromium with
# playwright-core (installed by `make test-deps`, npm ci in tests/browser).
BROWSER_TESTS="$BATS_TEST_DIRNAME/../browser"

# sitecheck_or_skip: skips the test, saying why, when node, playwright-core
# or Chromium is missing; sets CHROMIUM.
sitecheck_or_skip() {
	command -v node >/dev/null 2>&1 ||
		skip "node is not installed (Debian package nodejs; 'make test-deps' installs it where apt-get can)"
	[ -d "$BROWSER_TESTS/node_modules/playwright-core" ] ||
		skip "playwright-core is not installed ('make test-deps' runs npm ci in tests/browser)"
	CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
	[ -n "$CHROMIUM" ] ||
		skip "Chromium is not installed (Debian package chromium; 'make test' installs it where apt-get can)"
}

# run_sitecheck ARGS...: `run` the checker on a site (see its header). When
# Chromium is installed but cannot start here, it says so and exits 2: the
# test is skipped with its words. Any other failure is the test's.
run_sitecheck() {
	run node "$BROWSER_TESTS/sitecheck.mjs" --chromium "$CHROMIUM" "$@"
	if [ "$status" -eq 2 ] && [[ $output == *"cannot be started here"* ]]; then
		skip "$output"
	fi
}

# shots_dir NAME: the folder for NAME's screenshots, emptied, under
# $EV_ARTIFACTS (default build/test-artifacts, kept by CI as the tests'
# artefacts); nothing (no screenshots) when EV_ARTIFACTS is set but empty.
shots_dir() {
	local base=${EV_ARTIFACTS-$REPO/build/test-artifacts}
	[ -n "$base" ] || return 0
	rm -rf "${base:?}/$1"
	mkdir -p "$base/$1"
	echo "$base/$1"
}

# assert_shots DIR SITE WIDTH...: DIR holds a PNG of every page of SITE
# (its manifest) at each WIDTH, as wide as that width.
assert_shots() {
	local dir=$1 site=$2
	shift 2
	"$PY" - "$dir" "$site" "$@" <<'PY'
import os, struct, sys
shots, site, widths = sys.argv[1], sys.argv[2], sys.argv[3:]
pages = [l.strip() for l in open(os.path.join(site, ".evidence-site")) if l.strip().endswith(".html") and not l.startswith("#")]
bad = []
for w in widths:
    for p in pages:
        f = os.path.join(shots, w, p[:-len(".html")] + ".png")
        try:
            head = open(f, "rb").read(24)
        except OSError:
            bad.append(f + ": missing")
            continue
        if head[:8] != b"\x89PNG\r\n\x1a\n" or struct.unpack(">I", head[16:20])[0] != int(w):
            bad.append(f + ": not a PNG %s pixels wide" % w)
n = sum(len(files) for _, _, files in os.walk(shots))
if n != len(pages) * len(widths):
    bad.append("%d files in %s, not %d" % (n, shots, len(pages) * len(widths)))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}
