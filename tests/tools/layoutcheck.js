// layoutcheck.js: injected at the end of an evidence page (a test copy),
// measures the page as Chromium laid it out at its viewport's width and
// writes what it found into <pre id="layoutcheck"> (or, in a frame, posts
// it to the page around it, which does), which the test reads from
// `chromium --dump-dom`. One finding per line:
//   width W: the viewport's width; page fits | page overflows by N px
//   offender TAG.CLASS: an element past the viewport's right edge that no
//     scroll container holds (none when the page is right)
//   tables N, cards N | tables N, rows: the studies tables, and whether each
//     shows its studies as blocks (cards) or as a table
//   plots N, scrolling N [(M without a sign)], scaled N: forest plots, how
//     many sit in a scroll container that must scroll (M of them showing no
//     shadow at their edges), how many are drawn smaller than their width
//   caption ok | caption wrong: the diamonds caption is on exactly the plots
//     that draw a pooled diamond (N pooled)
//   scrolling boxes all signed | N without a sign: every box that scrolls
//     sideways shows a shadow at its edges
//   footer TEXT: the footer's generated line
//   jsonld N ClaimReview | jsonld bad REASON
(function () {
	var out = [];
	var W = window.innerWidth;
	var root = document.documentElement;
	out.push("width " + W + ": " + (root.scrollWidth <= W ? "page fits" : "page overflows by " + (root.scrollWidth - W) + " px"));

	// The scroll container holding e, if any (overflow-x auto or scroll).
	function scroller(e) {
		for (var p = e.parentElement; p && p !== document.body; p = p.parentElement) {
			var o = getComputedStyle(p).overflowX;
			if (o === "auto" || o === "scroll" || o === "hidden") return p;
		}
		return null;
	}
	var offenders = 0;
	var all = document.body.getElementsByTagName("*");
	for (var i = 0; i < all.length; i++) {
		var e = all[i];
		if (e.id === "layoutcheck" || e.closest("svg") && e.tagName.toLowerCase() !== "svg") continue;
		var r = e.getBoundingClientRect();
		if (r.width === 0 && r.height === 0) continue;
		if (r.right <= W + 0.5 && r.left >= -0.5) continue;
		var s = scroller(e);
		if (s && s.getBoundingClientRect().right <= W + 0.5) continue;
		if (offenders++ < 5) out.push("offender " + e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? "." + e.className : ""));
	}
	if (!offenders) out.push("offenders none");

	var tables = document.querySelectorAll("table.studies");
	var cards = 0;
	for (i = 0; i < tables.length; i++) {
		var tr = tables[i].querySelector("tbody tr");
		if (tr && getComputedStyle(tr).display === "block") cards++;
	}
	out.push("tables " + tables.length + ", " + (cards === tables.length && cards ? "cards" : cards ? "cards " + cards : "rows"));

	var figs = document.querySelectorAll("figure.plot");
	var scrolling = 0, unsigned = 0, scaled = 0, pooled = 0, wrong = 0;
	for (i = 0; i < figs.length; i++) {
		var svg = figs[i].querySelector("svg");
		var box = figs[i].querySelector(".scroll");
		if (box.scrollWidth > box.clientWidth + 1) {
			// A box that must scroll shows it: a shadow at its edges.
			scrolling++;
			if (getComputedStyle(box).backgroundImage.indexOf("gradient") < 0) unsigned++;
		}
		if (svg.getBoundingClientRect().width + 0.5 < svg.width.baseVal.value) scaled++;
		var diamond = svg.querySelector(".evfp-pool") !== null;
		var says = figs[i].querySelector("figcaption").textContent.indexOf("diamond") >= 0;
		if (diamond) pooled++;
		if (diamond !== says) wrong++;
	}
	out.push("plots " + figs.length + ", scrolling " + scrolling + (unsigned ? " (" + unsigned + " without a sign)" : "") +
		 ", scaled " + scaled);
	out.push("caption " + (wrong ? "wrong on " + wrong : "ok") + " (" + pooled + " pooled)");

	// Any box that must scroll (a plot or a wide table) shows that it does.
	var boxes = document.querySelectorAll("*"), silent = 0;
	for (i = 0; i < boxes.length; i++) {
		var ox = getComputedStyle(boxes[i]).overflowX;
		if ((ox === "auto" || ox === "scroll") && boxes[i].scrollWidth > boxes[i].clientWidth + 1 &&
		    getComputedStyle(boxes[i]).backgroundImage.indexOf("gradient") < 0)
			silent++;
	}
	out.push("scrolling boxes " + (silent ? silent + " without a sign" : "all signed"));

	var gen = document.querySelector("footer .generated");
	out.push("footer " + (gen ? gen.textContent : "missing"));

	var scripts = document.querySelectorAll('script[type="application/ld+json"]');
	var reviews = 0, bad = "";
	for (i = 0; i < scripts.length; i++) {
		try {
			var doc = JSON.parse(scripts[i].textContent);
			var graph = doc["@graph"] || [doc];
			if (doc["@context"] !== "https://schema.org") bad = "context " + doc["@context"];
			for (var k = 0; k < graph.length; k++)
				if (graph[k]["@type"] === "ClaimReview" && graph[k].claimReviewed && graph[k].reviewRating) reviews++;
				else bad = "not a ClaimReview: " + graph[k]["@type"];
		} catch (err) {
			bad = "does not parse: " + err.message;
		}
	}
	out.push(bad ? "jsonld bad " + bad : "jsonld " + reviews + " ClaimReview");

	// In a frame (the test's harness), tell the page around it.
	if (window.parent !== window) {
		window.parent.postMessage(out.join("\n"), "*");
		return;
	}
	var pre = document.createElement("pre");
	pre.id = "layoutcheck";
	pre.textContent = out.join("\n");
	document.body.appendChild(pre);
})();
