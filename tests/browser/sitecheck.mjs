#!/usr/bin/env node
// sitecheck.mjs [--widths 390,1280] [--shots DIR] [--chromium PATH] SITE
//
// Opens every page of a site that `evidence site` wrote in a real browser
// (Debian's chromium, driven by playwright-core), from file:// as a reader
// who downloaded the folder would, at each width, and checks what a reader
// would trip on:
//
//   - nothing is fetched from the network (any http(s) request is a
//     problem: the site must work offline) and every file:// resource the
//     page asks for loads; no console or script error;
//   - every relative <a href> leads somewhere: the file exists inside the
//     site, is a page the manifest lists (when there is one), and a
//     #fragment names an element on that page; links that are not
//     relative (/x, file:, javascript:) are problems, http(s) and mailto
//     links are left alone (they leave the site);
//   - the page is no wider than the viewport, and no element reaches past
//     its edges unless it sits in a box that clips or scrolls it and that
//     box fits; a box that must scroll sideways shows that it does (a
//     shadow at its edges). These are tests/tools/layoutcheck.js's rules.
//
// The pages are the manifest's (.evidence-site), or every *.html under
// SITE when there is none. With --shots DIR, a full-page screenshot of
// each page at each width goes to DIR/WIDTH/PATH.png (claims/x.html ->
// DIR/390/claims/x.png).
//
// Prints one line per problem, "PAGE at WIDTH px: WHAT" for what depends on
// the width and "PAGE: WHAT" for what does not, then a summary:
//   pages 46, widths 390 1280, links 456, all resolve, nothing overflows
// (links: the relative links followed, each time a page has one).
// Exit status: 0 no problem, 1 problems found, 2 misuse or the browser
// cannot be run (the message says why).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { DEFAULT_CHROMIUM, launchChromium } from "./chromium.mjs";

const USAGE = "usage: sitecheck.mjs [--widths 390,1280] [--shots DIR] [--chromium PATH] SITE\n";

function fail(msg) {
	process.stderr.write(`sitecheck: ${msg}\n`);
	process.exit(2);
}

function parseArgs(argv) {
	const o = {
		widths: [390, 1280],
		shots: "",
		chromium: DEFAULT_CHROMIUM,
		site: null,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			if (i + 1 >= argv.length) {
				process.stderr.write(`sitecheck: ${a} needs a value\n${USAGE}`);
				process.exit(2);
			}
			return argv[++i];
		};
		if (a === "-h" || a === "--help") {
			process.stdout.write(USAGE);
			process.exit(0);
		} else if (a === "--widths") {
			o.widths = value().split(",").map(Number);
			if (!o.widths.every((w) => Number.isInteger(w) && w > 0))
				fail(`--widths: '${argv[i]}' is not a list of pixel widths such as 390,1280`);
		} else if (a === "--shots") {
			o.shots = value();
		} else if (a === "--chromium") {
			o.chromium = value();
		} else if (a.startsWith("-") && a !== "-") {
			process.stderr.write(`sitecheck: unknown option '${a}'\n${USAGE}`);
			process.exit(2);
		} else if (o.site === null) {
			o.site = a;
		} else {
			process.stderr.write(`sitecheck: one site at a time\n${USAGE}`);
			process.exit(2);
		}
	}
	if (o.site === null) {
		process.stderr.write(`sitecheck: which site?\n${USAGE}`);
		process.exit(2);
	}
	return o;
}

// pagesOf(root): the site's pages, relative to root with "/" separators,
// sorted (byte order, so the report reads the same everywhere), the files
// the manifest lists (the pages and what they load, the site's
// style.css), and whether there was a manifest.
function pagesOf(root) {
	const manifest = path.join(root, ".evidence-site");
	if (fs.existsSync(manifest)) {
		const lines = fs.readFileSync(manifest, "utf8").split("\n");
		const files = [...new Set(lines.map((l) => l.trim()).filter((l) => l && !l.startsWith("#")))].sort(bytewise);
		return { pages: files.filter((f) => f.endsWith(".html")), files, manifest: true };
	}
	const pages = [];
	const walk = (dir) => {
		for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
			const p = path.join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else if (e.name.endsWith(".html")) pages.push(path.relative(root, p).split(path.sep).join("/"));
		}
	};
	walk(root);
	return { pages: pages.sort(bytewise), files: pages, manifest: false };
}

function bytewise(a, b) {
	return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

// measure(): runs in the page. What layoutcheck.js measures, as findings
// ready to print, and (when asked) the page's links and ids.
function measure(wantLinks) {
	const W = window.innerWidth;
	const found = [];
	// An element as a reader could find it: tag.class "its first words".
	const describe = (e) => {
		const cls = (e.getAttribute("class") || "").trim().split(/\s+/).filter(Boolean);
		let text = (e.textContent || "").replace(/\s+/g, " ").trim();
		if (text.length > 40) text = text.slice(0, 39) + "…";
		return e.tagName.toLowerCase() + cls.map((c) => "." + c).join("") + (text ? ` "${text}"` : "");
	};
	const root = document.documentElement;
	if (root.scrollWidth > W)
		found.push(`the page is ${root.scrollWidth - W} px wider than the viewport (it scrolls sideways)`);

	// The box that clips or scrolls e sideways, if any. "hidden" counts: the
	// visually hidden table headers (1 px boxes that clip what they hold)
	// are meant for screen readers, and what they clip shows nowhere.
	const scroller = (e) => {
		for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
			const o = getComputedStyle(p).overflowX;
			if (o === "auto" || o === "scroll" || o === "hidden") return p;
		}
		return null;
	};
	// Only the outermost offender is named: everything inside an element
	// that sticks out tends to stick out too, and one line says it.
	const offenders = new Set();
	const inOffender = (e) => {
		for (let p = e.parentElement; p; p = p.parentElement) if (offenders.has(p)) return true;
		return false;
	};
	for (const e of document.body.getElementsByTagName("*")) {
		// An SVG's insides are drawn inside its box: the svg element speaks for them.
		if (e.closest("svg") && e.tagName.toLowerCase() !== "svg") continue;
		const r = e.getBoundingClientRect();
		if (r.width === 0 && r.height === 0) continue;
		if (r.right <= W + 0.5 && r.left >= -0.5) continue;
		const s = scroller(e);
		if (s && s.getBoundingClientRect().right <= W + 0.5 && s.getBoundingClientRect().left >= -0.5) continue;
		if (inOffender(e)) continue;
		offenders.add(e);
		found.push(r.right > W + 0.5
			? `${describe(e)} reaches ${Math.round(r.right)} px, past the viewport's right edge, and no box scrolls it`
			: `${describe(e)} starts at ${Math.round(r.left)} px, left of the viewport, and no box scrolls it`);
	}
	// A box that must scroll sideways says so: a shadow at its edges.
	for (const e of document.querySelectorAll("*")) {
		const cs = getComputedStyle(e);
		if ((cs.overflowX === "auto" || cs.overflowX === "scroll") && e.scrollWidth > e.clientWidth + 1 &&
		    cs.backgroundImage.indexOf("gradient") < 0)
			found.push(`${describe(e)} scrolls sideways with no sign that it does (no shadow at its edges)`);
	}
	if (!wantLinks) return { found };
	const links = [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href"));
	const ids = [...document.querySelectorAll("[id]")].map((e) => e.id)
		.concat([...document.querySelectorAll("a[name]")].map((e) => e.getAttribute("name")));
	return { found, links, ids };
}

// fullPage(cdp, tab, width): the whole page as a PNG, through Chromium's
// own call rather than playwright's screenshot(), for its optimizeForSpeed:
// a report page at 390 px is some 40,000 px tall, and the faster encoding
// halves the time the screenshots take (the files are a quarter larger).
async function fullPage(cdp, tab, width) {
	const height = await tab.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
	const r = await cdp.send("Page.captureScreenshot", {
		format: "png", optimizeForSpeed: true, captureBeyondViewport: true,
		clip: { x: 0, y: 0, width, height, scale: 1 },
	});
	return Buffer.from(r.data, "base64");
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const root = path.resolve(o.site);
	if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) fail(`'${o.site}' is not a directory`);

	const { pages, files, manifest } = pagesOf(root);
	const listed = new Set(files);
	// Each page's problems, by kind: LOAD (what loading it fetched or
	// logged: the same at every width, so said once, and sorted, since
	// requests finish in any order), LAYOUT (by width, in the order of the
	// document), LINK (in the order of the document).
	const LOAD = 0, LAYOUT = 1, LINK = 2;
	const problems = new Map(pages.map((p) => [p, []]));
	const problem = (page, kind, text) => {
		const list = problems.get(page);
		if (!list.some((x) => x.text === text)) list.push({ kind, text });
	};
	// A file of the site by its path in the site; anything else by its URL.
	const shown = (u) => {
		try {
			const rel = path.relative(root, fileURLToPath(u)).split(path.sep).join("/");
			return rel.startsWith("../") ? u : rel;
		} catch {
			return u;
		}
	};

	const browser = await launchChromium(o.chromium, fail);
	const context = await browser.newContext({ viewport: { width: o.widths[0], height: 900 } });
	// A request off the machine is refused (and reported below): the check
	// must not depend on the network or wait for it.
	await context.route(/^(https?|wss?|ftp):/i, (route) => route.abort("blockedbyclient"));
	const tab = await context.newPage();
	const cdp = o.shots ? await context.newCDPSession(tab) : null;
	let current = null;
	tab.on("request", (req) => {
		const u = req.url();
		if (current && !/^(file|data|blob|about):/i.test(u)) problem(current, LOAD, `fetches ${u} (nothing may come from the network)`);
	});
	tab.on("requestfailed", (req) => {
		const u = req.url();
		if (current && /^file:/i.test(u)) problem(current, LOAD, `${shown(u)} does not load: ${req.failure()?.errorText}`);
	});
	tab.on("console", (msg) => {
		// A resource that did not load is reported once, by the handlers above.
		if (current && msg.type() === "error" && !/^Failed to load resource/.test(msg.text()))
			problem(current, LOAD, `console error: ${msg.text().slice(0, 200)}`);
	});
	tab.on("pageerror", (err) => {
		if (current) problem(current, LOAD, `script error: ${String(err.message).split("\n")[0]}`);
	});

	const info = new Map(); // page -> { links, ids }
	for (const [i, w] of o.widths.entries()) {
		await tab.setViewportSize({ width: w, height: 900 });
		for (const page of pages) {
			const file = path.join(root, page);
			if (path.relative(root, file).startsWith("..")) {
				if (i === 0) problem(page, LOAD, "named by .evidence-site, but outside the site");
				continue;
			}
			if (!fs.existsSync(file)) {
				if (i === 0) problem(page, LOAD, "listed in .evidence-site but not there");
				continue;
			}
			current = page;
			try {
				await tab.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 60000 });
			} catch (err) {
				problem(page, LOAD, `does not open: ${err.message.split("\n")[0]}`);
				current = null;
				continue;
			}
			const m = await tab.evaluate(measure, i === 0);
			for (const f of m.found) problem(page, LAYOUT, `at ${w} px: ${f}`);
			if (i === 0) info.set(page, { links: m.links, ids: new Set(m.ids) });
			if (o.shots) {
				const shot = path.join(o.shots, String(w), page.replace(/\.html$/, "") + ".png");
				fs.mkdirSync(path.dirname(shot), { recursive: true });
				fs.writeFileSync(shot, await fullPage(cdp, tab, w));
			}
			current = null;
		}
	}
	await browser.close();

	// Links: resolved as the browser resolves them, then checked on disk
	// and against the ids of the pages opened above.
	let nlinks = 0;
	const idsOf = (rel, abs) => {
		if (info.has(rel)) return info.get(rel).ids;
		// A page that did not open: the ids in its source.
		const text = fs.readFileSync(abs, "utf8");
		return new Set([...text.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((x) => x[1]));
	};
	for (const page of pages) {
		if (!info.has(page)) continue;
		const base = pathToFileURL(path.join(root, page));
		for (const href of info.get(page).links) {
			if (/^(https?|mailto):/i.test(href)) continue;
			if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("/")) {
				problem(page, LINK, `${href}: not a relative link (it breaks when the site moves)`);
				continue;
			}
			nlinks++;
			const u = new URL(href, base);
			const target = fileURLToPath(new URL(u.pathname, base));
			const rel = path.relative(root, target).split(path.sep).join("/");
			if (rel.startsWith("../") || rel === ".." || path.isAbsolute(rel)) {
				problem(page, LINK, `${href}: outside the site`);
				continue;
			}
			if (!fs.existsSync(target)) {
				problem(page, LINK, `${href}: no such page`);
				continue;
			}
			if (fs.statSync(target).isDirectory()) {
				problem(page, LINK, `${href}: a folder, which file:// shows as a listing, not a page`);
				continue;
			}
			if (manifest && rel.endsWith(".html") && !listed.has(rel)) {
				problem(page, LINK, `${href}: a page that .evidence-site does not list`);
				continue;
			}
			const frag = decodeURIComponent(u.hash.slice(1));
			if (frag && rel.endsWith(".html") && !idsOf(rel, target).has(frag))
				problem(page, LINK, `${href}: no element with id '${frag}' there`);
		}
	}

	let n = 0;
	for (const [page, list] of problems) {
		const order = (a, b) => a.kind - b.kind || (a.kind === LOAD ? bytewise(a.text, b.text) : 0);
		for (const { kind, text } of list.sort(order)) {
			process.stdout.write(kind === LAYOUT ? `${page} ${text}\n` : `${page}: ${text}\n`);
			n++;
		}
	}
	const head = `pages ${pages.length}, widths ${o.widths.join(" ")}, links ${nlinks}`;
	process.stdout.write(n ? `${head}: ${n} problem${n === 1 ? "" : "s"}\n` : `${head}, all resolve, nothing overflows\n`);
	process.exit(n ? 1 : 0);
}

main().catch((err) => {
	process.stderr.write(`sitecheck: ${err.stack || err}\n`);
	process.exit(2);
});
