#!/usr/bin/env python3
"""pngcheck.py FILE.png MIN_WIDTH MIN_HEIGHT: checks that a screenshot shows
a page rather than nothing: at least the given size, many distinct colours
(text is anti-aliased, badges and plots are coloured), and a fair share of
pixels that differ from the background (the top-left pixel's colour).
Prints what it measured; exits 1 when the picture looks blank."""
import sys

from PIL import Image


def main():
    path, min_w, min_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    im = Image.open(path).convert("RGB")
    w, h = im.size
    colours = im.getcolors(maxcolors=1 << 24)
    bg = im.getpixel((0, 0))
    ink = sum(n for n, c in colours if c != bg) / float(w * h)
    print("%s: %dx%d, %d colours, %.1f%% non-background" % (path, w, h, len(colours), 100 * ink))
    ok = w >= min_w and h >= min_h and len(colours) >= 64 and ink >= 0.02
    if not ok:
        print("%s looks blank or too small" % path)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
