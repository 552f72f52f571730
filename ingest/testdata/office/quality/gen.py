#!/usr/bin/env python3
"""The Word/OpenDocument quality set: documents of known text written as Markdown, turned into .docx and .odt by
pandoc (Debian's, 2.17), then edited the way Word files differ from pandoc's (endnotes, tracked changes, comments,
runs split inside words, field codes, bookmarks and proofing marks), with each file's truth beside it
(NAME.truth.json: the paragraphs in reading order as Gloss should give them, the notes at the end, the comments with
their authors, and the metadata). set/ is measured and tuned on; heldback/ is only measured.

    python3 gen.py            # needs pandoc; writes set/ and heldback/
"""
import json, os, random, re, subprocess, sys, tempfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
WORDS = ("council budget harbour ferry nitrate wells district lab samples monthly inspector report audit tender "
         "contract minister hearing witness evidence filing court appeal ruling vote tally quarter revenue deficit "
         "pension clinic nurses shortage rainfall river flood levee bridge repair tunnel railway station depot "
         "grant charity donor ledger invoice supplier warehouse shipment customs tariff quota fishery licence permit "
         "zoning planning housing tenant landlord rent eviction school teacher pupils exam results library archive "
         "census survey poll turnout ballot candidate campaign leaflet rally debate motion amendment clause schedule "
         "annex memo briefing spokesman statement denial apology resignation inquiry panel chair deputy mayor").split()
NAMES = ["Ana Souza", "Bo Lindqvist", "Chidi Okafor", "Dana Levi", "Emeka Obi", "Fatima Zahra", "Grete Holm"]


class Doc:
    def __init__(self, rnd):
        self.r = rnd
        self.md = []          # Markdown lines
        self.paras = []       # truth: {"kind", "text"}
        self.notes = []       # (kind "fn"/"en", text)
        self.comments = []    # {"author", "text", "quote"}
        self.fn = self.en = 0
        self.endnote_ids = []  # positions (0-based, in reference order) of the notes made endnotes

    def sentence(self, n=None):
        n = n or self.r.randint(8, 16)
        ws = [self.r.choice(WORDS) for _ in range(n)]
        if self.r.random() < 0.4:
            ws.insert(self.r.randint(1, len(ws) - 1), str(self.r.randint(2, 2000)))
        return " ".join(ws).capitalize() + "."

    def text(self, k=None):
        return " ".join(self.sentence() for _ in range(k or self.r.randint(2, 4)))

    def note(self, end=False):
        body = self.text(self.r.randint(1, 2))
        if end:
            self.en += 1
            label = roman(self.en)
        else:
            self.fn += 1
            label = str(self.fn)
        ref = len(self.notes)
        self.notes.append(("en" if end else "fn", "[%s] %s" % (label, body)))
        if end:
            self.endnote_ids.append(ref)
        return "[^n%d]" % ref, "[%s]" % label, body


def roman(n):
    out = ""
    for v, s in [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                 (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]:
        while n >= v:
            out += s
            n -= v
    return out


def letters(n, upper=False):
    s = ""
    while n > 0:
        n -= 1
        s = chr(ord("a") + n % 26) + s
        n //= 26
    return s.upper() if upper else s


def build(name, seed, features, odt):
    d = Doc(random.Random(seed))
    r = d.r
    title = "The %s %s inquiry" % (r.choice(WORDS), r.choice(WORDS))
    authors = r.sample(NAMES, r.randint(1, 3))
    date = "20%02d-%02d-%02d" % (r.randint(10, 25), r.randint(1, 12), r.randint(1, 28))
    d.md += ["---", "title: " + title, "author:"] + ["- " + a for a in authors] + ["date: " + date, "---", ""]
    d.paras.append({"kind": "h", "text": title})
    d.paras += [{"kind": "p", "text": a} for a in authors]
    d.paras.append({"kind": "p", "text": date})
    notes_mode = features.get("notes", "")  # "", "fn", "en", "mixed"
    comment_id = 0
    for sec in range(features.get("sections", 3)):
        level = 1 if sec == 0 or r.random() < 0.5 else r.randint(2, 3)
        head = d.sentence(r.randint(2, 5)).rstrip(".")
        d.md += ["#" * level + " " + head, ""]
        d.paras.append({"kind": "h", "text": head})
        for _ in range(r.randint(2, 4)):
            kind = r.choice(features.get("blocks", ["p"]))
            if kind == "p":
                sents = [d.sentence() for _ in range(r.randint(2, 5))]
                md, tr = list(sents), list(sents)
                if notes_mode and r.random() < 0.6:
                    end = notes_mode == "en" or (notes_mode == "mixed" and r.random() < 0.5)
                    mark, label, body = d.note(end)
                    i = r.randrange(len(sents))
                    md[i] = md[i] + mark
                    tr[i] = tr[i] + label
                    d.md_notes = getattr(d, "md_notes", []) + ["%s: %s" % (mark, body)]
                if "emph" in features and len(md) > 1:
                    w = md[1].split(" ")
                    w[1] = "*" + w[1] + "*"
                    w[-2] = "**" + w[-2] + "**"
                    md[1] = " ".join(w)
                if "track" in features and not odt and r.random() < 0.7:
                    ins, dele = d.sentence(r.randint(3, 6)), d.sentence(r.randint(3, 6))
                    who = r.choice(NAMES)
                    j = r.randrange(len(md))
                    md[j] = md[j] + ' [%s]{.insertion author="%s" date="2024-02-01T10:00:00Z"} [%s]{.deletion author="%s" date="2024-02-01T10:00:00Z"}' % (ins, who, dele, who)
                    tr[j] = tr[j] + " " + ins
                if "comments" in features and not odt and r.random() < 0.5:
                    who, said = r.choice(NAMES), d.sentence(r.randint(4, 9))
                    j = r.randrange(len(md))
                    md[j] = '[%s]{.comment-start id="%d" author="%s" date="2024-03-0%dT09:00:00Z"}%s[]{.comment-end id="%d"}' % (said, comment_id, who, r.randint(1, 9), md[j], comment_id)
                    d.comments.append({"author": who, "text": said, "quote": tr[j]})
                    comment_id += 1
                d.md += [" ".join(md), ""]
                d.paras.append({"kind": "p", "text": " ".join(tr)})
            elif kind == "break":  # a hard line break inside a paragraph
                a, b = d.text(2), d.text(2)
                d.md += [a + "\\", b, ""]
                d.paras.append({"kind": "p", "text": a + " " + b})
            elif kind in ("ol", "ul", "alpha", "roman", "nested"):
                n = r.randint(2, 5)
                start = r.choice([1, 1, 3, 7]) if kind == "ol" else 1
                for k in range(n):
                    t = d.sentence(r.randint(4, 10))
                    if kind == "ul":
                        lab, tl = "-", ""
                    elif kind == "alpha":
                        lab = tl = letters(k + 1) + ")"
                    elif kind == "roman":
                        lab = tl = "(" + roman(k + 1) + ")"
                    else:
                        lab = tl = "%d." % (start + k)
                    d.md.append(lab + " " + t)
                    d.paras.append({"kind": "li", "text": (tl + " " + t).strip()})
                    if kind == "nested" and k == 0:
                        for s in range(2):
                            t2 = d.sentence(r.randint(4, 8))
                            d.md.append("    %s. %s" % (letters(s + 1), t2))
                            d.paras.append({"kind": "li", "text": "%s. %s" % (letters(s + 1), t2)})
                d.md += ["", "<!-- end of list -->", ""]  # else a list right after it would continue it
            elif kind == "table":
                cols = r.randint(2, 4)
                rows = r.randint(2, 5)
                hdr = [r.choice(WORDS).capitalize() for _ in range(cols)]
                d.md.append("| " + " | ".join(hdr) + " |")
                d.md.append("|" + "|".join("---" for _ in hdr) + "|")
                d.paras.append({"kind": "row", "text": " | ".join(hdr)})
                for _ in range(rows):
                    cells = [r.choice([str(r.randint(1, 999)), r.choice(WORDS) + " " + r.choice(WORDS)]) for _ in hdr]
                    d.md.append("| " + " | ".join(cells) + " |")
                    d.paras.append({"kind": "row", "text": " | ".join(cells)})
                d.md.append("")
            elif kind == "quote":
                t = d.text(2)
                d.md += ["> " + t, ""]
                d.paras.append({"kind": "p", "text": t})
            elif kind == "deflist":
                term, defn = d.sentence(3).rstrip("."), d.text(1)
                d.md += [term, ":   " + defn, ""]
                d.paras += [{"kind": "p", "text": term}, {"kind": "p", "text": defn}]
    for line in getattr(d, "md_notes", []):
        d.md += [line, ""]
    fns = [t for k, t in d.notes if k == "fn"]
    ens = [t for k, t in d.notes if k == "en"]
    if fns:
        d.paras.append({"kind": "h", "text": "Notes"})
        d.paras += [{"kind": "fn", "text": t} for t in fns]
    if ens:
        d.paras.append({"kind": "h", "text": "Endnotes"})
        d.paras += [{"kind": "fn", "text": t} for t in ens]
    truth = {"title": title, "authors": authors, "date": date, "paragraphs": d.paras, "comments": d.comments}
    return "\n".join(d.md) + "\n", truth, d


def pandoc(md, out):
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False) as f:
        f.write(md)
    subprocess.run(["pandoc", "-f", "markdown-smart", f.name, "-o", out], check=True)
    os.unlink(f.name)


def rezip(path, edit):
    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i.filename)) for i in z.infolist()]
    files = {i.filename: data.decode() if i.filename.endswith(".xml") or i.filename.endswith(".rels") else data
             for i, data in members}
    edit(files)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():  # an OpenDocument's mimetype first and stored, as the format says
            how = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, how)


def dated(files, date):
    """pandoc dates the file now: a word processor dates it when it was written, the document's date here."""
    for name in ("docProps/core.xml", "meta.xml"):
        if name in files:
            files[name] = re.sub(r"(<(?:dcterms:created|dcterms:modified|meta:creation-date|dc:date)[^>]*>)[^<]*",
                                 lambda m: m.group(1) + date + "T09:00:00Z", files[name])


def make_endnotes(files, which):
    """Moves the notes at reference positions `which` from footnotes.xml to a new endnotes.xml."""
    foot = files["word/footnotes.xml"]
    doc = files["word/document.xml"]
    refs = re.findall(r'<w:footnoteReference w:id="(\d+)"\s*/>', doc)
    move = {refs[i] for i in which}
    notes = re.findall(r'<w:footnote(?: [^>]*)?>.*?</w:footnote>', foot, re.S)
    head = foot[:foot.index("<w:footnote ")]
    keep, moved = [], []
    for n in notes:
        m = re.search(r'w:id="(-?\d+)"', n)
        (moved if m.group(1) in move else keep).append(n)
        if "w:type=" in n:  # the separators go in both
            moved.append(n)
    files["word/footnotes.xml"] = head + "".join(keep) + "</w:footnotes>"
    en = "".join(moved).replace("<w:footnote", "<w:endnote").replace("</w:footnote>", "</w:endnote>")
    en = en.replace("w:footnoteRef", "w:endnoteRef")
    files["word/endnotes.xml"] = head.replace("<w:footnotes", "<w:endnotes") + en + "</w:endnotes>"
    for i in move:
        doc = doc.replace('<w:footnoteReference w:id="%s"' % i, '<w:endnoteReference w:id="%s"' % i)
    files["word/document.xml"] = doc
    rels = files["word/_rels/document.xml.rels"]
    files["word/_rels/document.xml.rels"] = rels.replace("</Relationships>",
        '<Relationship Id="rIdEndnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/></Relationships>')
    ct = files["[Content_Types].xml"]
    files["[Content_Types].xml"] = ct.replace("</Types>",
        '<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/></Types>')


def wordlike(files, rnd):
    """Word's habits: a run split inside a word, proofing marks and bookmarks between runs, a field (its code out,
    its result in), a soft hyphen and a last-rendered page break."""
    doc = files["word/document.xml"]

    def split(m):
        pre, text = m.group(1), m.group(2)
        if len(text) < 12 or rnd.random() < 0.5:
            return m.group(0)
        cut = rnd.randint(3, len(text) - 3)
        extra = rnd.choice(['<w:proofErr w:type="spellStart"/>', '<w:bookmarkStart w:id="%d" w:name="_Ref%d"/><w:bookmarkEnd w:id="%d"/>' % ((rnd.randint(100, 999),) * 3), '<w:lastRenderedPageBreak/>', ''])
        return ('%s%s</w:t></w:r>%s<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">%s' % (pre, text[:cut], extra, text[cut:]))
    doc = re.sub(r'(<w:t xml:space="preserve">)([^<]*)', split, doc)
    files["word/document.xml"] = doc


def write(part, name, seed, features):
    md, truth, d = build(name, seed, features, odt=False)
    out = os.path.join(HERE, part, name)
    pandoc(md, out + ".docx")
    rnd = random.Random(seed + 1)

    def edit(files):
        dated(files, truth["date"])
        if d.endnote_ids:
            make_endnotes(files, d.endnote_ids)
        if "wordlike" in features:
            wordlike(files, rnd)
    rezip(out + ".docx", edit)
    with open(out + ".docx.truth.json", "w") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)
    if "odt" in features:
        md, truth, _ = build(name, seed, {k: v for k, v in features.items() if k != "notes" or v == "fn"}, odt=True)
        pandoc(md, out + ".odt")
        rezip(out + ".odt", lambda files: dated(files, truth["date"]))
        with open(out + ".odt.truth.json", "w") as f:
            json.dump(truth, f, indent=1, ensure_ascii=False)


ALL = ["p", "p", "ol", "ul", "table", "quote"]
SETS = {
    "set": [
        ("plain", 11, {"sections": 4, "blocks": ["p"], "odt": 1}),
        ("lists", 12, {"sections": 4, "blocks": ["p", "ol", "ul", "alpha", "roman", "nested"], "odt": 1}),
        ("tables", 13, {"sections": 3, "blocks": ["p", "table", "table"], "odt": 1}),
        ("footnotes", 14, {"sections": 4, "blocks": ["p"], "notes": "fn", "emph": 1, "odt": 1}),
        ("endnotes", 15, {"sections": 3, "blocks": ["p"], "notes": "en"}),
        ("mixed-notes", 16, {"sections": 4, "blocks": ALL, "notes": "mixed"}),
        ("tracked", 17, {"sections": 4, "blocks": ["p"], "track": 1}),
        ("comments", 18, {"sections": 3, "blocks": ["p"], "comments": 1}),
        ("wordlike", 19, {"sections": 4, "blocks": ALL + ["break", "deflist"], "notes": "fn", "wordlike": 1, "track": 1}),
        ("everything", 20, {"sections": 5, "blocks": ALL + ["alpha", "nested", "break", "deflist"], "notes": "fn", "emph": 1, "track": 1, "comments": 1, "odt": 1}),
        ("report-a", 21, {"sections": 6, "blocks": ALL + ["nested", "deflist"], "notes": "fn", "emph": 1, "odt": 1}),
        ("report-b", 22, {"sections": 6, "blocks": ALL + ["nested", "deflist", "break"], "notes": "fn", "emph": 1, "odt": 1}),
        ("review-a", 23, {"sections": 5, "blocks": ALL + ["break", "alpha"], "notes": "mixed", "track": 1, "comments": 1, "wordlike": 1}),
        ("word-endnotes", 24, {"sections": 4, "blocks": ALL + ["roman"], "notes": "en", "wordlike": 1, "comments": 1}),
        ("lists-tables", 25, {"sections": 5, "blocks": ["ol", "ul", "alpha", "roman", "nested", "table", "p"], "odt": 1}),
    ],
    "heldback": [
        ("hb-report", 101, {"sections": 5, "blocks": ALL + ["nested", "deflist"], "notes": "fn", "emph": 1, "odt": 1}),
        ("hb-review", 102, {"sections": 4, "blocks": ALL + ["break"], "notes": "mixed", "track": 1, "comments": 1, "wordlike": 1}),
        ("hb-lists-tables", 103, {"sections": 4, "blocks": ["ol", "ul", "alpha", "roman", "table", "p"], "odt": 1}),
        ("hb-endnotes-word", 104, {"sections": 3, "blocks": ALL, "notes": "en", "wordlike": 1, "comments": 1}),
    ],
}

if __name__ == "__main__":
    for part, docs in SETS.items():
        os.makedirs(os.path.join(HERE, part), exist_ok=True)
        for name, seed, features in docs:
            write(part, name, seed, features)
    print("written", file=sys.stderr)
