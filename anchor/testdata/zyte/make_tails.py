#!/usr/bin/env python3
"""Writes tails.json.gz: the text of the Zyte benchmark's article bodies that articles.json.gz (real1)
leaves out: the whole paragraphs after its cut at MAX code points, again cut to whole paragraphs of at
most MAX code points, tails under MIN code points left out, in id order (see README.md).
Usage: python3 make_tails.py /path/to/ground-truth.json"""
import gzip, json, sys

MAX = 5000
MIN = 1000

def main(path):
    truth = json.load(open(path, encoding="utf-8"))
    out = []
    for pid in sorted(truth):
        body = truth[pid]["articleBody"].replace("\r\n", "\n").strip()
        paras = [p.strip() for p in body.split("\n") if p.strip()]
        kept, n = [], 0  # what make.py keeps
        for p in paras:
            if kept and n + len(p) + 2 > MAX:
                break
            kept.append(p)
            n += len(p) + 2
        rest = paras[len(kept):]
        tail, n = [], 0
        for p in rest:
            if tail and n + len(p) + 2 > MAX:
                break
            tail.append(p)
            n += len(p) + 2
        text = "\n\n".join(tail)
        if len(text) < MIN:
            continue
        out.append({"id": pid[:16], "url": truth[pid]["url"], "text": text})
    with gzip.GzipFile("tails.json.gz", "wb", mtime=0) as f:
        f.write(json.dumps(out, ensure_ascii=False, indent=0).encode("utf-8"))
    print(len(out), "tails")

main(sys.argv[1])
