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
