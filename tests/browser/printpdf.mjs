#!/usr/bin/env node
// printpdf.mjs [--chromium PATH] FILE OUT.pdf [FILE OUT.pdf]...
//
// Prints each FILE (a page opened from file://) to OUT.pdf as Chromium's
// print does, on the paper size and margins of the page's own CSS @page
// rule, without the browser's header and footer: html.bats checks where
// the printed pages break. One browser prints them all (starting Chromium
// once per page took most of that test's minutes).
// Exit status: 0 printed, 1 a page did not open, 2 misuse or no browser.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_CHROMIUM, launchChromium } from "./chromium.mjs";

const USAGE = "usage: printpdf.mjs [--chromium PATH] FILE OUT.pdf [FILE OUT.pdf]...\n";

function fail(msg) {
	process.stderr.write(`printpdf: ${msg}\n`);
	process.exit(2);
}

let args = process.argv.slice(2);
let executablePath = DEFAULT_CHROMIUM;
if (args[0] === "--chromium") {
	executablePath = args[1];
	args = args.slice(2);
}
if (args.length === 0 || args.length % 2 !== 0) fail(`give pages and PDFs in pairs\n${USAGE}`);
const jobs = [];
for (let i = 0; i < args.length; i += 2) {
	if (!fs.existsSync(args[i])) fail(`no file '${args[i]}'`);
	jobs.push({ file: args[i], out: args[i + 1] });
}
const browser = await launchChromium(executablePath, fail);
const tab = await (await browser.newContext()).newPage();
let status = 0;
for (const j of jobs) {
	try {
		await tab.goto(pathToFileURL(path.resolve(j.file)).href, { waitUntil: "load", timeout: 60000 });
	} catch (err) {
		process.stderr.write(`printpdf: ${j.file} does not open: ${err.message.split("\n")[0]}\n`);
		status = 1;
		continue;
	}
	await tab.emulateMedia({ media: "print" });
	await tab.pdf({ path: j.out, preferCSSPageSize: true, printBackground: false });
}
await browser.close();
process.exit(status);
