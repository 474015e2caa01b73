#!/usr/bin/env python3
"""sitecheck.py DIR: checks a site `evidence site` wrote, as a static host
would serve it. Every page is parsed; every href and src must be either
an http(s) address or a relative link to a file inside DIR (and, with a
#fragment, to an element with that id); nothing may be fetched when a
page opens but the site's own style.css at its root (no src attribute, no
other link element, no CSS url(), in the pages or the stylesheet), and the
only script is the ClaimReview JSON-LD. Prints "pages N, links M, all
resolve" and exits 0, or prints each problem and exits 1. Stdlib only."""
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids, self.problems, self.styles = [], set(), [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if "href" in a and tag == "a":
            self.links.append(a["href"])
        elif tag == "link" and a.get("rel") == "stylesheet":
            self.styles.append(a["href"])
        elif "href" in a:
            self.problems.append(f"<{tag} href> loads {a['href']}")
        if "src" in a:
            self.problems.append(f"<{tag} src> loads {a['src']}")
        if tag == "script" and a.get("type") != "application/ld+json":
            self.problems.append(f"a script of type {a.get('type')}")

    handle_startendtag = handle_starttag


def main(root):
    pages, problems, nlinks = {}, [], 0
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".html"):
                path = os.path.join(d, f)
                text = open(path, encoding="utf-8").read()
                p = Page()
                p.feed(text)
                if re.search(r"url\(", text.split("</style>")[0]):
                    problems.append(f"{path}: its styles load a url()")
                pages[os.path.normpath(path)] = (p, text)
    css = os.path.normpath(os.path.join(root, "style.css"))
    if os.path.exists(css) and re.search(r"url\(|@import", open(css, encoding="utf-8").read()):
        problems.append(f"{css}: the stylesheet loads something")
    for path, (p, _) in sorted(pages.items()):
        problems += [f"{path}: {x}" for x in p.problems]
        for href in p.styles:
            target = os.path.normpath(os.path.join(os.path.dirname(path), href))
            if target != css or not os.path.exists(css):
                problems.append(f"{path}: <link> loads {href}, not the site's style.css")
        for href in p.links:
            nlinks += 1
            u = urlsplit(href)
            if u.scheme in ("http", "https"):
                continue
            if u.scheme or u.netloc or href.startswith("/"):
                problems.append(f"{path}: {href}: not a relative link")
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(path), unquote(u.path))) if u.path else path
            if not target.startswith(os.path.normpath(root) + os.sep):
                problems.append(f"{path}: {href}: outside the site")
            elif target not in pages:
                problems.append(f"{path}: {href}: no such page")
            elif u.fragment and u.fragment not in pages[target][0].ids:
                problems.append(f"{path}: {href}: no element with that id")
    for x in problems:
        print(x)
    if not problems:
        print(f"pages {len(pages)}, links {nlinks}, all resolve")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
