// chromium.mjs: how the browser scripts here start Debian's Chromium
// through playwright-core (pinned in package.json; it never downloads a
// browser).
import fs from "node:fs";

// What the scripts take as --chromium, unless $CHROMIUM names another.
export const DEFAULT_CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// Starts the Chromium at executablePath headless. With no network: what is
// checked or drawn must not need one, and Chromium's own background
// connections can hang it on a machine without one. `fail(message)` is
// called (and must not return) when playwright-core or the browser is
// missing or cannot start; the last message says "cannot be started here",
// which the bats helpers turn into a skip.
export async function launchChromium(executablePath, fail) {
	if (!fs.existsSync(executablePath))
		fail(`no Chromium at ${executablePath} (Debian package chromium; 'make test-deps' installs it; --chromium or $CHROMIUM name another)`);
	let chromium;
	try {
		({ chromium } = await import("playwright-core"));
	} catch (err) {
		fail(`playwright-core is not installed (run 'make test-deps', or 'npm ci' in tests/browser): ${err.message}`);
	}
	try {
		return await chromium.launch({
			executablePath,
			args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
			       "--disable-component-update", "--disable-sync", "--no-first-run"],
		});
	} catch (err) {
		fail(`Chromium at ${executablePath} cannot be started here: ${err.message.split("\n")[0]}`);
	}
}
