#!/usr/bin/env python3
"""Checks `evidence export` output with readers that share no code with it.

  export_check.py csv-readback DB FILE.csv
      Reads FILE.csv with Python's csv module (RFC 4180) and the database
      with Python's sqlite3 module; every study row and field must agree.
  export_check.py pandoc-bibtex FILE.bib OURS.csl.json [--title-case ID...]
      Reads FILE.bib with pandoc (`pandoc -f bibtex -t csljson`) and checks
      every item against our CSL-JSON export of the same studies: authors
      (family with particle, given, suffix, organisations, et al.), title
      (exactly, so braced words kept their case; titles written in title
      case, named with --title-case, compared ignoring case), journal,
      volume, issue, pages, year, DOI, PMID.
  export_check.py citeproc BIBLIOGRAPHY.txt OURS.csl.json
      Checks a bibliography pandoc's citeproc formatted (plain text, one
      entry per line): one entry per item, each with the item's authors'
      family names, title, journal and year.
Prints what differs and exits 1 on any difference.
"""
import csv
import json
import re
import sqlite3
import subprocess
import sys

COLUMNS = ["key", "title", "authors", "journal", "year", "volume", "issue", "pages", "doi", "pmid", "design",
           "country", "population", "sample_size", "duration_months", "intervention", "comparator",
           "risk_of_bias", "funding", "status", "source", "notes", "includes", "included_design"]

problems = []


def problem(msg):
    problems.append(msg)


def csv_readback(db, path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, strict=True))
    if rows[0] != COLUMNS:
        problem("header %r" % rows[0])
    con = sqlite3.connect(db)
    want = {}
    for r in con.execute("SELECT %s FROM studies" % ", ".join(COLUMNS)):
        want[r[0]] = ["" if v is None else str(v) for v in r]
    keys = [r[0] for r in rows[1:]]
    if keys != sorted(keys):
        problem("rows are not sorted by key")
    for r in rows[1:]:
        if len(r) != len(COLUMNS):
            problem("%s: %d fields" % (r[0], len(r)))
            continue
        w = want.pop(r[0], None)
        if w is None:
            problem("%s: not in the database" % r[0])
            continue
        for col, got, exp in zip(COLUMNS, r, w):
            if got != exp:
                problem("%s.%s: csv %r, database %r" % (r[0], col, got, exp))
    return len(rows) - 1


def full_family(a):
    part = a.get("non-dropping-particle") or a.get("dropping-particle") or ""
    return (part + " " + a.get("family", "")).strip()


def norm_quotes(s):
    return s.replace("\u2019", "'").replace("\u2018", "'") if s else s


SUPERSCRIPT = str.maketrans("0123456789+-", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b")


def sentence_norm(t):
    # pandoc capitalises the first word of the title and of a subtitle;
    # that is style, not data. LaTeX superscripts (from --ascii) come back
    # as CSL's <sup> markup.
    t = re.sub(r"<sup>(.*?)</sup>", lambda m: m.group(1).translate(SUPERSCRIPT), norm_quotes(t))
    return re.sub(r"(^\W*|[:?!] \W*)(\w)", lambda m: m.group(1) + m.group(2).lower(), t)


def pandoc_bibtex(bib, ours_path, title_case):
    out = subprocess.run(["pandoc", "-f", "bibtex", "-t", "csljson", bib], check=True, capture_output=True)
    theirs = {i["id"]: i for i in json.loads(out.stdout)}
    with open(ours_path, encoding="utf-8") as f:
        ours = json.load(f)
    if sorted(theirs) != sorted(i["id"] for i in ours):
        problem("ids: pandoc read %s" % sorted(theirs))
    for o in ours:
        t = theirs.get(o["id"])
        if not t:
            continue
        oid = o["id"]
        oa, ta = o.get("author", []), t.get("author", [])
        et_al = "et al." in o.get("note", "")
        if et_al:
            # our CSL-JSON ends the list with the same marker
            if not oa or oa[-1].get("literal") != "others":
                problem("%s: no 'others' marker in our CSL-JSON: %r" % (oid, oa[-1:]))
            oa = oa[:-1]
            if not ta or ta[-1].get("literal") != "others":
                problem("%s: et al. not read as 'others': %r" % (oid, ta[-1:]))
            ta = ta[:-1]
        if len(oa) != len(ta):
            problem("%s: %d authors, pandoc read %d" % (oid, len(oa), len(ta)))
        for x, y in zip(oa, ta):
            if "literal" in x:
                if norm_quotes(y.get("literal")) != x["literal"]:
                    problem("%s: organisation %r read as %r" % (oid, x, y))
                continue
            for what, a, b in (("family", full_family(x), full_family(y)),
                               ("given", x.get("given"), y.get("given")),
                               ("suffix", x.get("suffix"), y.get("suffix"))):
                if norm_quotes(a) != norm_quotes(b):
                    problem("%s: %s %r read as %r" % (oid, what, a, b))
        ot, tt = o["title"], t.get("title", "")
        if oid in title_case:
            same = ot.lower() == norm_quotes(tt).lower()
        else:
            same = sentence_norm(ot) == sentence_norm(tt)
        if not same:
            problem("%s: title %r read as %r" % (oid, ot, tt))
        for k in ("container-title", "volume", "issue", "page", "DOI", "PMID"):
            if norm_quotes(o.get(k)) != norm_quotes(t.get(k)):
                problem("%s: %s %r read as %r" % (oid, k, o.get(k), t.get(k)))
        if o.get("issued") != t.get("issued"):
            problem("%s: issued %r read as %r" % (oid, o.get("issued"), t.get("issued")))
    return len(ours)


def squash(s):
    s = norm_quotes(s or "")
    s = re.sub("[\"'\u201c\u201d]", "", s)
    return re.sub(r"\s+", " ", s).lower()


def citeproc(text_path, ours_path):
    with open(text_path, encoding="utf-8") as f:
        entries = [e for e in f.read().split("\n\n") if e.strip()]
    with open(ours_path, encoding="utf-8") as f:
        ours = json.load(f)
    if len(entries) != len(ours):
        problem("%d entries for %d items" % (len(entries), len(ours)))
    flat = [squash(e) for e in entries]
    for o in ours:
        title = squash(o["title"])
        hits = [e for e in flat if title in e]
        if len(hits) != 1:
            problem("%s: title found in %d entries" % (o["id"], len(hits)))
            continue
        e = hits[0]
        authors = [a for a in o.get("author", []) if a.get("literal") != "others"]
        # Chicago lists up to ten authors, else the first seven and et al.
        for a in (authors if len(authors) <= 10 else authors[:7]):
            name = a.get("literal") or a.get("family")
            # a repeated author list is replaced by a 3-em dash
            if squash(name) not in e and not e.startswith("\u2014\u2014\u2014"):
                problem("%s: author %r missing from %r" % (o["id"], name, e))
        year = str(o["issued"]["date-parts"][0][0]) if "issued" in o else "n.d."
        for want in (year, o.get("container-title")):
            if want and squash(want) not in e:
                problem("%s: %r missing from %r" % (o["id"], want, e))
    return len(ours)


def main(argv):
    if len(argv) >= 4 and argv[1] == "csv-readback":
        n = csv_readback(argv[2], argv[3])
    elif len(argv) >= 4 and argv[1] == "pandoc-bibtex":
        tc = argv[argv.index("--title-case") + 1:] if "--title-case" in argv else []
        n = pandoc_bibtex(argv[2], argv[3], set(tc))
    elif len(argv) == 4 and argv[1] == "citeproc":
        n = citeproc(argv[2], argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    print("%d checked, %d problems" % (n, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
