#!/usr/bin/env node
// screenshot.mjs [--chromium PATH] FILE WIDTH HEIGHT OUT.png [FILE WIDTH HEIGHT OUT.png]...
//
// The top WIDTH x HEIGHT pixels of each FILE (a page or an SVG, opened from
// file://) as Debian's chromium draws it in a viewport that size, at one
// device pixel per CSS pixel, written to OUT.png: the pictures in docs/
// (tests/tools/screenshot, `make screenshot`). One browser for them all.
// Exit status: 0 written, 1 a page did not open, 2 misuse or no browser.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_CHROMIUM, launchChromium } from "./chromium.mjs";

const USAGE = "usage: screenshot.mjs [--chromium PATH] FILE WIDTH HEIGHT OUT.png...\n";

function fail(msg, status = 2) {
	process.stderr.write(`screenshot: ${msg}\n`);
	process.exit(status);
}

let args = process.argv.slice(2);
let executablePath = DEFAULT_CHROMIUM;
if (args[0] === "--chromium") {
	executablePath = args[1];
	args = args.slice(2);
}
if (args.length === 0 || args.length % 4 !== 0) {
	process.stderr.write(USAGE);
	process.exit(2);
}
const shots = [];
for (let i = 0; i < args.length; i += 4) {
	const [file, w, h, out] = args.slice(i, i + 4);
	const width = Number(w), height = Number(h);
	if (!Number.isInteger(width) || width <= 0 || !Number.isInteger(height) || height <= 0)
		fail(`'${w}x${h}' is not a size in pixels\n${USAGE}`);
	if (!fs.existsSync(file)) fail(`no file '${file}'`);
	shots.push({ file, width, height, out });
}
const browser = await launchChromium(executablePath, fail);
const context = await browser.newContext({ deviceScaleFactor: 1, colorScheme: "light" });
const tab = await context.newPage();
let status = 0;
for (const s of shots) {
	await tab.setViewportSize({ width: s.width, height: s.height });
	try {
		await tab.goto(pathToFileURL(path.resolve(s.file)).href, { waitUntil: "load", timeout: 60000 });
	} catch (err) {
		process.stderr.write(`screenshot: ${s.file} does not open: ${err.message.split("\n")[0]}\n`);
		status = 1;
		continue;
	}
	fs.mkdirSync(path.dirname(path.resolve(s.out)), { recursive: true });
	await tab.screenshot({ path: s.out });
	process.stderr.write(`screenshot: wrote ${s.out}\n`);
}
await browser.close();
process.exit(status);
