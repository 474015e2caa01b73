#!/usr/bin/env python3
"""textboxes.py FILE.svg...: checks that the labels of a forest plot do not
overlap and stay on the canvas.

Each <text> element's box is computed with the plot's own width model (the
tables in src/svg.c, read from there so there is one source of truth) and
the font's ascent and descent (DejaVu Sans: 0.93 and 0.24 em). Every pair of
boxes is compared. Prints each problem and exits 1 if there is any; prints
"N labels, no overlap" otherwise.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
HERE = os.path.dirname(os.path.abspath(__file__))
SVG_C = os.path.join(HERE, "..", "..", "src", "svg.c")
ASCENT, DESCENT = 0.93, 0.24


def load_model():
    src = open(SVG_C, encoding="utf-8").read()

    def table(name):
        m = re.search(r"\b" + name + r"\[95\]\s*=\s*\{([^}]*)\}", src)
        vals = [int(v) for v in re.findall(r"\d+", m.group(1))]
        assert len(vals) == 95, name
        return vals

    reg, bold = table("width_regular"), table("width_bold")
    extra = {}
    m = re.search(r"width_extra\[\]\[3\]\s*=\s*\{(.*?)\};", src, re.S)
    for cp, r, b in re.findall(r"\{(0x[0-9A-Fa-f]+),\s*(\d+),\s*(\d+)\}", m.group(1)):
        extra[int(cp, 16)] = (int(r), int(b))
    return reg, bold, extra


REG, BOLD, EXTRA = load_model()


def width(s, size, bold):
    # Mirrors ev_svg_text_width: ASCII from the tables, a few extras, any
    # other character one em (emoji 1.3 em).
    w = 0
    for ch in s:
        cp = ord(ch)
        if 32 <= cp < 127:
            w += (BOLD if bold else REG)[cp - 32]
        elif cp in EXTRA:
            w += EXTRA[cp][1 if bold else 0]
        else:
            w += 1300 if cp >= 0x1F000 else 1000
    return w * size / 1000


def boxes(root):
    out = []

    def walk(el, inherited):
        attrs = dict(inherited)
        for k in ("font-size", "font-weight", "text-anchor"):
            if el.get(k) is not None:
                attrs[k] = el.get(k)
        if el.tag == NS + "text":
            s = "".join(el.itertext())
            size = float(attrs.get("font-size", "16"))
            bold = attrs.get("font-weight") == "bold"
            x, y = float(el.get("x")), float(el.get("y"))
            w = width(s, size, bold)
            anchor = attrs.get("text-anchor", "start")
            x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
            out.append((x0, y - ASCENT * size, x0 + w, y + DESCENT * size, s))
        for child in el:
            walk(child, attrs)

    walk(root, {})
    return out


def check(path):
    root = ET.parse(path).getroot()
    vb = [float(v) for v in root.get("viewBox").split()]
    bs = boxes(root)
    problems = []
    for b in bs:
        if b[0] < vb[0] or b[2] > vb[0] + vb[2] or b[1] < vb[1] or b[3] > vb[1] + vb[3]:
            problems.append("%s: off the canvas: %r" % (path, b[4]))
    # Sort by left edge so the pair scan stops early.
    bs.sort()
    for i, a in enumerate(bs):
        for b in bs[i + 1:]:
            if b[0] >= a[2]:
                break
            if b[1] < a[3] and a[1] < b[3] and min(a[2], b[2]) - b[0] > 0.01:
                problems.append("%s: %r overlaps %r" % (path, a[4], b[4]))
    return len(bs), problems


def main():
    bad = 0
    for path in sys.argv[1:]:
        n, problems = check(path)
        for p in problems:
            print(p)
        bad += len(problems)
        if not problems:
            print("%s: %d labels, no overlap" % (path, n))
    return 1 if bad or len(sys.argv) < 2 else 0


if __name__ == "__main__":
    sys.exit(main())
