"""lines.py SHOT.ppm: the text lines of the Reader's article column in a window screenshot, grouped into
paragraphs, and each paragraph's direction read from its edges. Prints one JSON object:
{"paragraphs": [{"lines": [[top, bottom, left, right], ...], "dir": "rtl"|"ltr"|"?"}, ...]}.

Ink is a dark, neutral pixel (text; not the blue focus ring nor tag colours), searched left of the side
panel (x < 70 % of the width; the shot is taken after the toasts are gone). A paragraph is a run of lines
whose gaps are at most 1.6 times (+ 2 px) the usual gap between lines (the 30th percentile of all gaps).
Right to left: every line ends at the same right edge (within 6 px) and the left edges differ by 16 px or
more (the ragged side is the left); left to right the mirror image. One line says nothing ("?")."""
import json
import sys

data = open(sys.argv[1], "rb").read()
magic, w, h, maxval, pixels = data.split(None, 4)
w, h = int(w), int(h)
px = pixels[-w * h * 3:]
x1, y1 = w * 7 // 10, h - 4


def ink(x, y):
    i = (y * w + x) * 3
    r, g, b = px[i], px[i + 1], px[i + 2]
    return max(r, g, b) < 120 and max(r, g, b) - min(r, g, b) < 40


rows = []  # (y, left, right) of each row with ink
for y in range(h // 8, y1):
    xs = [x for x in range(0, x1) if ink(x, y)]
    if len(xs) >= 2:
        rows.append((y, xs[0], xs[-1]))
lines = []  # [top, bottom, left, right]; rows up to 2 px apart are one line (Arabic dots, CJK strokes)
for y, l, r in rows:
    if lines and y - lines[-1][1] <= 3:
        ln = lines[-1]
        ln[1], ln[2], ln[3] = y, min(ln[2], l), max(ln[3], r)
    else:
        lines.append([y, y, l, r])
lines = [ln for ln in lines if ln[1] - ln[0] >= 6]  # underlines, rules and specks are not text lines
gaps = sorted(b[0] - a[1] for a, b in zip(lines, lines[1:]))
base = gaps[len(gaps) * 3 // 10] if gaps else 0
paras = []
for ln in lines:
    if paras and ln[0] - paras[-1][-1][1] <= base * 1.6 + 2:
        paras[-1].append(ln)
    else:
        paras.append([ln])


def direction(p):
    if len(p) < 2:
        return "?"
    lefts, rights = [ln[2] for ln in p], [ln[3] for ln in p]
    if max(rights) - min(rights) <= 6 and max(lefts) - min(lefts) >= 16:
        return "rtl"
    if max(lefts) - min(lefts) <= 6 and max(rights) - min(rights) >= 16:
        return "ltr"
    return "?"


print(json.dumps({"paragraphs": [{"lines": p, "dir": direction(p)} for p in paras]}))
