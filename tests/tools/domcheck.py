#!/usr/bin/env python3
"""domcheck.py DOM.html KEY[:VERDICT]...: checks the DOM that Chromium built
from an evidence report (chromium --dump-dom): <html lang>, and for each
claim KEY, in this order, a <section class="claim" id="claim-KEY"> with one
<h2> and exactly one verdict badge (an element of class "badge"), whose text
names VERDICT when given; no other claim sections. Prints one line per
claim; exits 1 on any problem."""
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Claims(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.sections = []  # [id, badges, h2s, verdict text]
        self.stack = []     # open elements: (tag, opens a claim section, is a badge)
        self.badge_text = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "html":
            self.lang = a.get("lang")
        section = tag == "section" and "claim" in classes
        badge = "badge" in classes
        if section:
            self.sections.append([a.get("id"), 0, 0, ""])
        if self.in_section():
            if badge:
                self.sections[-1][1] += 1
                self.badge_text = ""
            if tag == "h2":
                self.sections[-1][2] += 1
        if tag not in VOID:
            self.stack.append((tag, section, badge))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        while self.stack:
            t, _, badge = self.stack.pop()
            if badge and self.badge_text is not None and self.in_section():
                self.sections[-1][3] = self.badge_text.strip()
                self.badge_text = None
            if t == tag:
                break

    def handle_data(self, data):
        if self.badge_text is not None:
            self.badge_text += data

    def in_section(self):
        return any(s for _, s, _ in self.stack)


def main():
    path = sys.argv[1]
    keys = [a.split(":")[0] for a in sys.argv[2:]]
    verdicts = {a.split(":")[0]: a.split(":")[1] for a in sys.argv[2:] if ":" in a}
    p = Claims()
    p.feed(open(path, encoding="utf-8").read())
    problems = []
    if p.lang != "en":
        problems.append("<html> has lang=%r" % p.lang)
    ids = [s[0] for s in p.sections]
    want = ["claim-" + k for k in keys]
    if ids != want:
        problems.append("claim sections %r, expected %r" % (ids, want))
    for sid, badges, h2s, verdict in p.sections:
        print("%s: %d badge (%s), %d heading" % (sid, badges, verdict, h2s))
        if badges != 1:
            problems.append("%s has %d badges" % (sid, badges))
        if h2s != 1:
            problems.append("%s has %d <h2>" % (sid, h2s))
        want_v = verdicts.get(sid[len("claim-"):] if sid else "")
        if want_v and want_v.lower() not in verdict.lower():
            problems.append("%s: badge %r does not say %r" % (sid, verdict, want_v))
    for pr in problems:
        print("problem: " + pr)
    return 1 if problems or not keys else 0


if __name__ == "__main__":
    sys.exit(main())
