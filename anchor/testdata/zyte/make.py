#!/usr/bin/env python3
"""Writes articles.json.gz: the article bodies of the Zyte article-extraction benchmark's
ground truth (see README.md), cut to whole paragraphs of at most MAX code points, in id order.
Usage: python3 make.py /path/to/ground-truth.json"""
import gzip, json, sys

MAX = 5000

def main(path):
    truth = json.load(open(path, encoding="utf-8"))
    out = []
    for pid in sorted(truth):
        body = truth[pid]["articleBody"].replace("\r\n", "\n").strip()
        paras = [p.strip() for p in body.split("\n") if p.strip()]
        kept, n = [], 0
        for p in paras:
            if kept and n + len(p) + 2 > MAX:
                break
            kept.append(p)
            n += len(p) + 2
        text = "\n\n".join(kept)
        if len(text) < 200:
            continue
        out.append({"id": pid[:16], "url": truth[pid]["url"], "text": text})
    with gzip.GzipFile("articles.json.gz", "wb", mtime=0) as f:
        f.write(json.dumps(out, ensure_ascii=False, indent=0).encode("utf-8"))
    print(len(out), "articles")

main(sys.argv[1])
