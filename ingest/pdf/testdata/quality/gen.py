#!/usr/bin/env python3
"""Makes the PDF quality set: documents of known text laid out as HTML and printed to PDF by Debian's
Chromium (headless --print-to-pdf). Each document's truth (every paragraph, its kind and the page it
starts on) is written beside it as NAME.truth.json. Run from this folder:

    python3 gen.py [NAME...]  # needs chromium and pdftotext; writes set/*.pdf, set/*.truth.json, heldback/...
                              # (only the NAMEd documents when given)

Layouts: one or two columns (CSS columns), running header and footer with page numbers (or Chromium's
own header/footer line), footnotes at the foot of the page in small type, justified text hyphenated
with soft hyphens, paragraphs that run on from one page to the next. Text comes from the sentences
below, drawn with a fixed seed per document, so the set is the same on every run."""
import html, json, os, random, re, subprocess, sys, tempfile

SENTENCES = """The council tested forty-two wells in the year under review, and seven of them exceeded the statutory limit.
Independent laboratories confirmed the measurements in every case, according to the report.
Residents of the northern district were advised to use bottled water until further notice.
The advice was withdrawn after three weeks, when follow-up sampling showed values below the threshold.
Samples were taken monthly from each well and sent to an accredited laboratory for analysis.
The ministry declined to comment on the findings before the parliamentary hearing in March.
Critics said the monitoring programme had been underfunded for most of the past decade.
A spokesperson for the utility company insisted that the network met every applicable standard.
Farmers in the region have been asked to reduce fertiliser use near sensitive catchment areas.
The court heard that the contractor had submitted invoices for work that was never carried out.
Prosecutors allege that the payments were routed through three intermediary companies abroad.
The defence argued that the documents had been obtained without a valid warrant.
Judge Morrison adjourned the proceedings until the expert witnesses could be cross-examined.
Internal emails show that senior officials were aware of the problem as early as 2019.
The government published its response on Tuesday, accepting eleven of the fourteen recommendations.
Unemployment in the coastal towns fell to its lowest level since records began in 1971.
Economists cautioned that part of the improvement reflected seasonal work in tourism.
Housing costs, however, rose faster than wages for the fourth consecutive year.
The committee recommended an independent review of procurement rules across all departments.
Several witnesses described a culture in which raising concerns was actively discouraged.
The survey of 2,400 households was conducted between January and April by telephone and online.
Respondents in rural areas were twice as likely to report difficulties reaching a doctor.
The hospital trust said waiting times had improved since the new emergency unit opened.
Nurses' representatives disputed the figures, pointing to vacancies on several wards.
The report's authors acknowledge that their estimates carry considerable uncertainty.
Funding for the scheme will be reviewed at the end of the next financial year.
Local newspapers first reported the closures in a series of articles last autumn.
The regulator imposed a fine of 2.3 million euros and ordered an external audit.
Officials stressed that no evidence of criminal intent had been found so far.
The opposition called for the minister's resignation and a full public inquiry.
Environmental groups welcomed the decision but warned that enforcement remained weak.
The new rules will apply to all companies with more than two hundred and fifty employees.""".split("\n")

LONG_WORDS = {"investigation": "in&shy;ves&shy;ti&shy;ga&shy;tion", "responsibility": "re&shy;spon&shy;si&shy;bil&shy;i&shy;ty",
              "infrastructure": "in&shy;fra&shy;struc&shy;ture", "administration": "ad&shy;min&shy;is&shy;tra&shy;tion",
              "recommendations": "rec&shy;om&shy;men&shy;da&shy;tions", "environmental": "en&shy;vi&shy;ron&shy;men&shy;tal",
              "international": "in&shy;ter&shy;na&shy;tion&shy;al", "accountability": "ac&shy;count&shy;abil&shy;i&shy;ty",
              "parliamentary": "par&shy;lia&shy;men&shy;ta&shy;ry", "procurement": "pro&shy;cure&shy;ment"}
HYPHEN_SENTENCES = [
    "The investigation into the administration of public infrastructure raised questions of accountability.",
    "International observers stressed the responsibility of parliamentary committees for procurement.",
    "Environmental recommendations were adopted after a lengthy parliamentary investigation.",
]
HEADINGS = ["Background", "Method", "Findings", "Reactions", "The court case", "Costs", "What happens next", "Context"]

SPECS = [
    # name, columns, header, footer numbers, footnotes, hyphenate, chromium header/footer, pages, run-on, seed
    dict(name="one-plain", cols=1, header=False, numbers=False, notes=False, hyph=False, chrome_hf=False, pages=2, runon=False, seed=1),
    dict(name="one-header-footer", cols=1, header=True, numbers=True, notes=False, hyph=False, chrome_hf=False, pages=4, runon=True, seed=2),
    dict(name="one-footnotes", cols=1, header=True, numbers=True, notes=True, hyph=False, chrome_hf=False, pages=3, runon=False, seed=3),
    dict(name="one-hyphenated", cols=1, header=False, numbers=True, notes=False, hyph=True, chrome_hf=False, pages=3, runon=True, seed=4),
    dict(name="two-plain", cols=2, header=False, numbers=False, notes=False, hyph=False, chrome_hf=False, pages=2, runon=False, seed=5),
    dict(name="two-header-footer", cols=2, header=True, numbers=True, notes=False, hyph=False, chrome_hf=False, pages=3, runon=True, seed=6),
    dict(name="two-footnotes-hyphenated", cols=2, header=True, numbers=True, notes=True, hyph=True, chrome_hf=False, pages=3, runon=False, seed=7),
    dict(name="one-chromium-header-footer", cols=1, header=False, numbers=False, notes=False, hyph=False, chrome_hf=True, pages=3, runon=True, seed=8),
    dict(name="two-chromium-header-footer", cols=2, header=False, numbers=False, notes=True, hyph=False, chrome_hf=True, pages=2, runon=False, seed=9),
    # Footnotes on pages whose last paragraph runs on to the next (the kind of page the held-back part lost
    # on; added 2026-12-02, new text, the held-back files untouched).
    dict(name="one-notes-runon", cols=1, header=True, numbers=True, notes=True, hyph=False, chrome_hf=False, pages=4, runon=True, seed=10),
    dict(name="two-notes-runon", cols=2, header=True, numbers=True, notes=True, hyph=False, chrome_hf=False, pages=4, runon=True, seed=11),
    dict(name="two-notes-runon-hyphenated", cols=2, header=True, numbers=True, notes=True, hyph=True, chrome_hf=False, pages=4, runon=True, seed=12),
    dict(name="one-notes-runon-hyphenated", cols=1, header=True, numbers=True, notes=True, hyph=True, chrome_hf=False, pages=4, runon=True, seed=13),
    dict(name="two-notes-runon-hyphenated-b", cols=2, header=True, numbers=True, notes=True, hyph=True, chrome_hf=False, pages=5, runon=True, seed=14),
    dict(name="two-notes-runon-b", cols=2, header=True, numbers=True, notes=True, hyph=False, chrome_hf=False, pages=5, runon=True, seed=15),
    dict(name="two-notes-runon-hyphenated-c", cols=2, header=True, numbers=True, notes=True, hyph=True, chrome_hf=False, pages=5, runon=True, seed=16),
    dict(name="two-notes-runon-hyphenated-d", cols=2, header=True, numbers=True, notes=True, hyph=True, chrome_hf=False, pages=5, runon=True, seed=17),
]
HELDBACK = [
    dict(name="hb-one-all", cols=1, header=True, numbers=True, notes=True, hyph=True, chrome_hf=False, pages=4, runon=True, seed=101),
    dict(name="hb-two-all", cols=2, header=True, numbers=True, notes=True, hyph=True, chrome_hf=False, pages=4, runon=True, seed=102),
    dict(name="hb-one-chromium", cols=1, header=False, numbers=False, notes=True, hyph=True, chrome_hf=True, pages=3, runon=False, seed=103),
    dict(name="hb-two-plain", cols=2, header=True, numbers=False, notes=False, hyph=False, chrome_hf=False, pages=3, runon=True, seed=104),
]

# Layouts beyond the first ones (added 2026-12-03). The classes the held-back part lost on were named from its
# misses, never tuned on its files: a justified line whose word space is wider than the gutter (short
# column at a page's foot, narrow columns) and the same footnote text on two pages (read as a running
# footer). These documents have those classes in new text, and new layouts besides: other fonts and sizes,
# A5 and US Letter, three columns, narrow gutters, bracketed and repeated ("Ibid.") notes, lists, figure
# captions, pull quotes, alternating running heads, "Page n of N" numbers.
# Keys (all optional): paper A4|Letter|A5, font, size (pt), lh, gap (mm), justify, notestyle sup|bracket|ibid,
# maxnotes, lists, figures, quotes (chances per block), headstyle title|alternate|pageof, numstyle plain|dash|pageof.
EXTRA = [
    dict(name="x-two-justified-narrow", cols=2, gap=5, justify=True, header=True, numbers=True, notes=True, hyph=False, chrome_hf=False, pages=4, runon=True, seed=21, size=10),
    dict(name="x-two-ibid", cols=2, header=True, numbers=True, notes=True, notestyle="ibid", maxnotes=3, hyph=True, chrome_hf=False, pages=5, runon=True, seed=22),
    dict(name="x-one-ibid-sans", cols=1, font="'DejaVu Sans', sans-serif", size=9.5, header=True, numbers=True, notes=True, notestyle="ibid", hyph=False, chrome_hf=False, pages=4, runon=True, seed=23),
    dict(name="x-three-cols", cols=3, gap=6, size=9, justify=True, header=True, numbers=True, notes=False, hyph=True, chrome_hf=False, pages=3, runon=True, seed=24),
    dict(name="x-letter-lists", paper="Letter", cols=1, header=True, headstyle="alternate", numbers=True, numstyle="dash", notes=True, hyph=False, chrome_hf=False, pages=4, runon=True, seed=25, lists=0.2),
    dict(name="x-a5-condensed", paper="A5", cols=1, font="'DejaVu Serif Condensed', serif", size=9.5, header=True, numbers=True, numstyle="pageof", notes=True, notestyle="bracket", hyph=True, chrome_hf=False, pages=5, runon=True, seed=26),
    dict(name="x-two-figures-quotes", cols=2, font="'DejaVu Sans Condensed', sans-serif", size=9.5, header=True, numbers=True, notes=True, hyph=False, chrome_hf=False, pages=4, runon=True, seed=27, figures=0.12, quotes=0.1),
    dict(name="x-one-pageof-head", cols=1, size=11.5, header=True, headstyle="pageof", numbers=False, notes=True, hyph=True, chrome_hf=False, pages=4, runon=True, seed=28, justify=True, lists=0.15),
    dict(name="x-letter-two-lists-notes", paper="Letter", cols=2, gap=6, justify=True, header=True, numbers=True, notes=True, notestyle="ibid", maxnotes=3, hyph=True, chrome_hf=False, pages=5, runon=True, seed=29, lists=0.15),
    dict(name="x-two-chromium-figures", cols=2, header=False, numbers=False, notes=True, hyph=True, chrome_hf=True, pages=3, runon=True, seed=30, figures=0.15),
]
# A fresh held-back part (2026-12-03): new seeds and layouts, made after the layout fixes and only measured.
HELDBACK2 = [
    dict(name="hb2-two-justified-ibid", cols=2, gap=6, justify=True, header=True, numbers=True, notes=True, notestyle="ibid", maxnotes=3, hyph=True, chrome_hf=False, pages=5, runon=True, seed=201, size=10),
    dict(name="hb2-one-letter-sans", paper="Letter", cols=1, font="'DejaVu Sans', sans-serif", size=10, header=True, headstyle="alternate", numbers=True, notes=True, hyph=True, chrome_hf=False, pages=4, runon=True, seed=202, lists=0.15, quotes=0.1),
    dict(name="hb2-a5-lists", paper="A5", cols=1, size=9.5, header=True, numbers=True, numstyle="dash", notes=True, notestyle="bracket", hyph=False, chrome_hf=False, pages=5, runon=True, seed=203, lists=0.2),
    dict(name="hb2-three-figures", cols=3, gap=5, size=9, font="'DejaVu Serif Condensed', serif", justify=True, header=True, numbers=True, numstyle="pageof", notes=True, hyph=True, chrome_hf=False, pages=3, runon=True, seed=204, figures=0.12),
    dict(name="hb2-two-chromium", cols=2, font="'DejaVu Sans Condensed', sans-serif", size=9.5, header=False, numbers=False, notes=True, hyph=False, chrome_hf=True, pages=3, runon=True, seed=205, quotes=0.12),
    dict(name="hb2-one-all", cols=1, header=True, headstyle="pageof", numbers=True, notes=True, notestyle="ibid", hyph=True, chrome_hf=False, pages=4, runon=True, seed=206, justify=True, figures=0.1),
]

# A third held-back part (2026-12-03, second stop), made before the note-placement rule was settled and only
# measured: new seeds, every page's last paragraph running on, and more notes a page.
HELDBACK3 = [
    dict(name="hb3-one-notes-lists", cols=1, header=True, numbers=True, notes=True, maxnotes=3, hyph=True, chrome_hf=False, pages=5, runon=True, seed=301, lists=0.15),
    dict(name="hb3-two-bracket", cols=2, header=True, numbers=True, numstyle="dash", notes=True, notestyle="bracket", hyph=False, chrome_hf=False, pages=4, runon=True, seed=302, size=10),
    dict(name="hb3-letter-sans-quotes", paper="Letter", cols=1, font="'DejaVu Sans', sans-serif", size=10, header=True, numbers=True, notes=True, hyph=True, chrome_hf=False, pages=4, runon=True, seed=303, quotes=0.12),
    dict(name="hb3-a5-ibid", paper="A5", cols=1, size=9.5, header=True, headstyle="alternate", numbers=True, notes=True, notestyle="ibid", hyph=True, chrome_hf=False, pages=5, runon=True, seed=304),
    dict(name="hb3-two-chromium-figures", cols=2, header=False, numbers=False, notes=True, maxnotes=3, hyph=True, chrome_hf=True, pages=3, runon=True, seed=305, figures=0.12),
    dict(name="hb3-three-justified", cols=3, gap=6, size=9, justify=True, header=True, headstyle="pageof", numbers=False, notes=True, hyph=True, chrome_hf=False, pages=3, runon=True, seed=306),
]

# Tracked changes as a word processor prints them (2026-12-04): deleted text struck through (a sentence
# between two, a word before its replacement, now and then a whole paragraph), inserted text underlined;
# the truth is the document as accepted (what it reads now). "tracked" is the chance per paragraph;
# "strikecolor" the deleted text's colour (LibreOffice colours each author's changes). They draw from
# their own random stream, so the files made before are the same.
TRACKED = [
    dict(name="t-one-tracked", cols=1, header=True, numbers=True, notes=True, hyph=False, chrome_hf=False, pages=3, runon=True, seed=401, tracked=0.5),
    dict(name="t-two-tracked-hyphenated", cols=2, header=True, numbers=True, notes=True, hyph=True, chrome_hf=False, pages=3, runon=True, seed=402, tracked=0.45, strikecolor="#c5000b"),
    dict(name="t-letter-sans-tracked", paper="Letter", cols=1, font="'DejaVu Sans', sans-serif", size=10, header=True, numbers=True, notes=True, notestyle="bracket", hyph=False, chrome_hf=False, pages=3, runon=True, seed=403, tracked=0.5, lists=0.15),
    dict(name="t-a5-justified-tracked", paper="A5", cols=1, size=9.5, justify=True, header=True, numbers=True, numstyle="dash", notes=True, hyph=True, chrome_hf=False, pages=4, runon=True, seed=404, tracked=0.4, strikecolor="#692b9d"),
]
# Held back, only measured: new seeds and layouts.
HELDBACK4 = [
    dict(name="hb4-two-tracked", cols=2, gap=6, size=10, justify=True, header=True, numbers=True, notes=True, maxnotes=3, hyph=True, chrome_hf=False, pages=4, runon=True, seed=501, tracked=0.45, strikecolor="#c5000b"),
    dict(name="hb4-one-condensed-tracked", cols=1, font="'DejaVu Serif Condensed', serif", size=10, header=True, headstyle="pageof", numbers=False, notes=True, notestyle="ibid", hyph=False, chrome_hf=False, pages=3, runon=True, seed=502, tracked=0.5, quotes=0.1),
    dict(name="hb4-chromium-tracked", cols=1, header=False, numbers=False, notes=True, hyph=True, chrome_hf=True, pages=3, runon=True, seed=503, tracked=0.5, strikecolor="#692b9d"),
]

NOTES_BEFORE_RUNON = True  # False: the order of the truth files made before the rule was settled

PAPERS = {"A4": (210, 297), "Letter": (215.9, 279.4), "A5": (148, 210)}

CSS = """
@page { size: A4; margin: 0; }
html, body { margin: 0; padding: 0; }
body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; line-height: 1.35; }
.page { position: relative; width: 210mm; height: 297mm; box-sizing: border-box; padding: 24mm 20mm 34mm 20mm; break-after: page; overflow: hidden; }
.page:last-child { break-after: auto; }
.run-head { position: absolute; top: 10mm; left: 20mm; right: 20mm; font-size: 8.5pt; border-bottom: 0.4pt solid #888; }
.run-head span { float: right; }
.run-foot { position: absolute; bottom: 10mm; left: 0; right: 0; text-align: center; font-size: 9pt; }
.body { height: 100%; }
.cols { columns: 2; column-gap: 8mm; column-fill: auto; height: 100%; }
.notes { position: absolute; bottom: 18mm; left: 20mm; right: 20mm; font-size: 8pt; border-top: 0.4pt solid #888; padding-top: 1.5mm; }
.notes p { margin: 0 0 1mm 0; }
h1 { font-size: 18pt; margin: 0 0 4mm 0; column-span: all; }
h2 { font-size: 13pt; margin: 4mm 0 2mm 0; break-after: avoid; }
p { margin: 0 0 2.6mm 0; }
.hy p { text-align: justify; }
p.cont { text-indent: 0; }
"""

def para(rng, n, hyph):
    s = rng.sample(SENTENCES, n)
    if hyph:
        s.insert(rng.randrange(len(s) + 1), rng.choice(HYPHEN_SENTENCES))
    return " ".join(s)

def markup(text, hyph, tr=None, chance=0.0):
    """The paragraph's HTML; with tr (tracked changes), deleted text struck through (<del>: not in the
    truth) and inserted text underlined (<ins>: in it). Returns the HTML (and, with tr, the words added)."""
    if tr is None or tr.random() >= chance:
        out = html.escape(text)
        if hyph:
            for w, h in LONG_WORDS.items():
                out = out.replace(w, h).replace(w.capitalize(), h[0].upper() + h[1:])
        return out if tr is None else (out, 0)
    words, added = text.split(" "), 0
    kinds = tr.sample(["sentence", "word", "insert"], tr.randint(1, 3))
    out = []
    sentence_at = tr.randrange(len(words) + 1) if "sentence" in kinds else -1
    word_at = tr.randrange(len(words)) if "word" in kinds else -1
    ins = tr.randrange(len(words)) if "insert" in kinds else -1
    for k, w in enumerate(words):
        if k == sentence_at and (k == 0 or words[k - 1].endswith(".")):
            d = tr.choice(SENTENCES)
            out.append("<del>%s</del>" % html.escape(d))
            added += len(d.split())
        h = html.escape(w)
        if hyph:
            for lw, hw in LONG_WORDS.items():
                h = h.replace(lw, hw).replace(lw.capitalize(), hw[0].upper() + hw[1:])
        if k == word_at:
            old = tr.choice(["seven", "twelve", "former", "regional", "early", "certain", "annual"])
            out.append("<del>%s</del>" % old)
            added += 1
            h = "<ins>%s</ins>" % h
        elif k == ins:
            h = "<ins>%s</ins>" % h
        out.append(h)
    if sentence_at == len(words):
        d = tr.choice(SENTENCES)
        out.append("<del>%s</del>" % html.escape(d))
        added += len(d.split())
    return " ".join(out), added

IBID = ["Ibid.", "See the annex to this report.", "Source: the ministry's own figures."]
QUOTES = ["\u201cWe were told the water was safe, and we believed it.\u201d", "\u201cNobody asked where the money had gone.\u201d",
          "\u201cThe figures speak for themselves.\u201d", "\u201cThis is a matter of public trust.\u201d"]

def css_for(spec):
    """The layout's style sheet; without the 2026-12-03 keys it is the first set's."""
    pw, ph = PAPERS[spec.get("paper", "A4")]
    side = 20 if pw > 160 else 14
    top, bottom = (24, 34) if ph > 250 else (18, 28)
    size = spec.get("size", 10.5)
    css = CSS
    if spec.get("paper", "A4") != "A4" or "font" in spec or "size" in spec or "gap" in spec or "lh" in spec:
        css = (css.replace("size: A4;", "size: %smm %smm;" % (pw, ph))
               .replace("width: 210mm; height: 297mm", "width: %smm; height: %smm" % (pw, ph))
               .replace("padding: 24mm 20mm 34mm 20mm", "padding: %dmm %dmm %dmm %dmm" % (top, side, bottom, side))
               .replace("left: 20mm; right: 20mm", "left: %dmm; right: %dmm" % (side, side))
               .replace("font-family: 'DejaVu Serif', serif; font-size: 10.5pt; line-height: 1.35",
                        "font-family: %s; font-size: %spt; line-height: %s" % (spec.get("font", "'DejaVu Serif', serif"), size, spec.get("lh", 1.35)))
               .replace("column-gap: 8mm", "column-gap: %smm" % spec.get("gap", 8))
               .replace("bottom: 18mm;", "bottom: %dmm;" % (bottom - 16)))
    css = css.replace("columns: 2;", "columns: %d;" % max(2, spec["cols"]))
    if spec.get("justify"):
        css += "\n.body p, .cols p, .cols li, .body li { text-align: justify; }"
    css += """
ul, ol { margin: 0 0 2.6mm 0; padding-left: 6mm; } li { margin: 0 0 1mm 0; }
figure { margin: 1mm 0 3mm 0; break-inside: avoid; } figure .img { background: #ccc; }
figcaption { font-size: 8.5pt; font-style: italic; margin-top: 1mm; }
blockquote.pull { font-size: 13pt; font-style: italic; margin: 2mm 0 3mm 0; padding: 2mm 0; border-top: 1pt solid #444; border-bottom: 1pt solid #444; break-inside: avoid; }
.run-head.even span { float: none; } .run-head.even b { float: right; font-weight: normal; }
"""
    return css

def build(spec, fit=1.0):
    rng = random.Random(spec["seed"])
    tr = random.Random(spec["seed"] * 104729) if spec.get("tracked") else None  # tracked changes' own stream
    xr = random.Random(spec["seed"] * 7919)  # the 2026-12-03 features draw from their own stream
    title = "Report " + str(spec["seed"]) + ": " + rng.choice(["Water quality in the northern district", "The procurement inquiry", "Health services in rural areas", "Coastal employment and housing"])
    truth, pages_html = [], []
    note_no, fig_no = 0, 0
    carry = None  # the second half of a paragraph that runs on to the next page
    pw, ph = PAPERS[spec.get("paper", "A4")]
    area = (pw - (40 if pw > 160 else 28)) * (ph - (58 if ph > 250 else 46)) / (170 * 239)
    size = spec.get("size", 10.5)
    budget = (420 if spec["cols"] == 1 else 400) - (60 if spec["notes"] else 0) - (50 if spec["chrome_hf"] else 0)
    if fit != 1.0 or area != 1 or size != 10.5:
        budget = int(budget * area * (10.5 / size) ** 2 * fit)
    maxnotes = spec.get("maxnotes", 2)
    style = spec.get("notestyle", "sup")
    for pg in range(1, spec["pages"] + 1):
        blocks, words, notes = [], 0, []
        runon_at = None  # where in the truth this page's run-on paragraph (or the heading above it) is
        if pg == 1:
            blocks.append("<h1>%s</h1>" % html.escape(title))
            truth.append(dict(kind="h", text=title, page=1))
        if carry:
            blocks.append('<p class="cont">%s</p>' % markup(carry, spec["hyph"]))
            words += len(carry.split())
            carry = None
        while True:
            heading = None
            if rng.random() < 0.25:
                heading = rng.choice(HEADINGS)
                blocks.append("<h2>%s</h2>" % html.escape(heading))
                truth.append(dict(kind="h", text=heading, page=pg))
                words += 12
            if words < budget * 0.8:  # extras: never the last block of a page
                if xr.random() < spec.get("lists", 0):
                    ordered = xr.random() < 0.5
                    items = xr.sample(SENTENCES, xr.randint(2, 4))
                    blocks.append("<%s>%s</%s>" % ("ol" if ordered else "ul", "".join("<li>%s</li>" % html.escape(s) for s in items), "ol" if ordered else "ul"))
                    for k, s in enumerate(items):
                        truth.append(dict(kind="li", text=("%d. " % (k + 1) if ordered else "\u2022 ") + s, page=pg))
                        words += len(s.split()) + 3
                if xr.random() < spec.get("figures", 0):
                    fig_no += 1
                    cap = "Figure %d. %s" % (fig_no, xr.choice(SENTENCES))
                    h = xr.choice([18, 25, 32])
                    blocks.append('<figure><div class="img" style="height:%dmm"></div><figcaption>%s</figcaption></figure>' % (h, html.escape(cap)))
                    truth.append(dict(kind="cap", text=cap, page=pg))
                    words += len(cap.split()) + int(h * (3 if spec["cols"] == 1 else 1.5) / (size / 10.5))
                if xr.random() < spec.get("quotes", 0):
                    q = xr.choice(QUOTES)
                    blocks.append('<blockquote class="pull">%s</blockquote>' % html.escape(q))
                    truth.append(dict(kind="q", text=q, page=pg))
                    words += 35
            text = para(rng, rng.randint(2, 4), spec["hyph"])
            n = len(text.split())
            if tr is not None and tr.random() < 0.08 and words < budget * 0.7:  # a whole paragraph deleted
                d = para(tr, tr.randint(1, 2), False)
                blocks.append("<p><del>%s</del></p>" % html.escape(d))
                words += len(d.split())
            body_html, extra = markup(text, spec["hyph"], tr, spec.get("tracked", 0)) if tr is not None else (None, 0)
            n += extra
            last = words + n > budget
            if last and spec["runon"] and pg < spec["pages"]:
                cut = max(6, budget - words)
                toks = text.split()
                if cut < len(toks) - 4:
                    first, carry = " ".join(toks[:cut]), " ".join(toks[cut:])
                    blocks.append("<p>%s</p>" % (markup(first, spec["hyph"], tr, spec.get("tracked", 0))[0] if tr is not None else markup(first, spec["hyph"])))
                    # The rule for notes (issue 19, settled 2026-12-03): a page's notes are read at the end of
                    # its text, kept apart; when its last paragraph runs on to the next page they come before
                    # that paragraph (and the heading right above it), so that they stay inside their page's
                    # range of the text and the paragraph stays whole.
                    runon_at = len(truth) - (1 if heading else 0)
                    truth.append(dict(kind="p", text=text, page=pg))
                    break
            if last and words > budget * 0.5:
                if heading:  # a heading never ends a page (Chromium would move it to the next)
                    blocks.pop()
                    truth.pop()
                break
            ref = ""
            if spec["notes"] and len(notes) < maxnotes and rng.random() < 0.5:
                note_no += 1
                ref = ("[%d]" if style == "bracket" else "<sup>%d</sup>") % note_no
                ntext = rng.choice(SENTENCES)
                if style == "ibid":
                    ntext = xr.choice(IBID + [ntext])
                notes.append((note_no, ntext))
            blocks.append("<p>%s%s</p>" % (body_html if body_html is not None else markup(text, spec["hyph"]), ref))
            truth.append(dict(kind="p", text=text + (("[%d]" if style == "bracket" else "%d") % note_no if ref else ""), page=pg))
            words += n
            if last:
                break
        at = runon_at if runon_at is not None and NOTES_BEFORE_RUNON else len(truth)
        for k, (no, ntext) in enumerate(notes):
            truth.insert(at + k, dict(kind="fn", text=("[%d] %s" if style == "bracket" else "%d %s") % (no, ntext), page=pg))
        head = ""
        hs = spec.get("headstyle", "title")
        if spec["header"]:
            if hs == "alternate" and pg % 2 == 0:
                head = '<div class="run-head even">Regional Monitor<b>%s</b></div>' % html.escape(title)
            elif hs == "pageof":
                head = '<div class="run-head">%s<span>Page %d of %d</span></div>' % (html.escape(title), pg, spec["pages"])
            else:
                head = '<div class="run-head">%s<span>Regional Monitor</span></div>' % html.escape(title)
        ns = spec.get("numstyle", "plain")
        label = {"plain": "%d" % pg, "dash": "\u2013 %d \u2013" % pg, "pageof": "Page %d of %d" % (pg, spec["pages"])}[ns]
        foot = '<div class="run-foot">%s</div>' % label if spec["numbers"] else ""
        notes_html = ""
        if notes:
            fmt = "<p>[%d] %s</p>" if style == "bracket" else "<p><sup>%d</sup> %s</p>"
            notes_html = '<div class="notes">%s</div>' % "".join(fmt % (no, html.escape(t)) for no, t in notes)
        inner = "".join(blocks)
        body = '<div class="%s">%s</div>' % ("cols" if spec["cols"] >= 2 else "body", inner)
        pages_html.append('<div class="page%s">%s%s%s%s</div>' % (" hy" if spec["hyph"] else "", head, body, notes_html, foot))
    css = css_for(spec)
    if spec.get("tracked"):
        css += "\ndel { text-decoration: line-through; color: %s; } ins { text-decoration: underline; color: #1c4f9c; }" % spec.get("strikecolor", "inherit")
    if spec["chrome_hf"]:  # Chromium prints its header and footer in the page margins: leave some
        css = css.replace("margin: 0; }", "margin: 12mm 0; }", 1).replace("height: %smm" % ph, "height: %smm" % (ph - 25), 1)
    doc = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title><style>%s</style></head><body>%s</body></html>' % (html.escape(title), css, "".join(pages_html))
    return doc, dict(title=title, pages=spec["pages"], chromeHeaderFooter=spec["chrome_hf"], paragraphs=truth)

def words(text):
    """Words for the fit check: soft hyphens and hyphens out (a word split at a line end reads whole)."""
    text = re.sub(r"[\u2010-]\s*\n\s*", "", text.replace("\u00ad", ""))
    return re.findall(r"\w+", re.sub(r"[\u2010-]", "", text.lower()))

def fits(spec, out, truth):
    """Text the page box clipped (overflow) would be in the truth but not on the page: every word of the
    truth must be on the page it is meant for, and nothing may run past a page's foot."""
    info = subprocess.run(["pdfinfo", out], check=True, capture_output=True, text=True).stdout
    h = float(re.search(r"Page size:\s+[0-9.]+ x ([0-9.]+)", info).group(1))
    if int(re.search(r"Pages:\s+(\d+)", info).group(1)) != spec["pages"]:
        return False
    bbox = subprocess.run(["pdftotext", "-bbox", out, "-"], check=True, capture_output=True, text=True).stdout
    low = [float(y) for y, w in re.findall(r'yMax="([0-9.]+)">([^<]*)<', bbox)
           if not (spec["chrome_hf"] and (w.startswith("file://") or re.match(r"^\d+/\d+$", w)))]
    if low and max(low) > h - (42 if spec["chrome_hf"] else 22):
        return False
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", out, "-"], check=True, capture_output=True, text=True).stdout
    have = {}
    ws = words(text)
    for i, t in enumerate(ws):
        have[t] = have.get(t, 0) + 1
        if i + 1 < len(ws):  # a word PDF text splits inside ("accountabilit y")
            have[t + ws[i + 1]] = have.get(t + ws[i + 1], 0) + 1
    for p in truth["paragraphs"]:
        for t in words(p["text"]):
            if t in LONG_WORDS:  # soft-hyphenated: PDF text may split them anywhere
                continue
            if have.get(t, 0) <= 0:
                return False
            have[t] -= 1
    return True

def render(spec, folder):
    out = os.path.abspath(os.path.join(folder, spec["name"] + ".pdf"))
    old = "paper" not in spec and not set(spec) & {"tracked", "font", "size", "gap", "lh", "justify", "notestyle", "maxnotes", "lists", "figures", "quotes", "headstyle", "numstyle"}
    fit = 1.0
    for _ in range(8):
        doc, truth = build(spec, fit)
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, spec["name"] + ".html")
            with open(src, "w") as f:
                f.write(doc)
            args = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--print-to-pdf=" + out]
            if not spec["chrome_hf"]:
                args.append("--no-pdf-header-footer")
            subprocess.run(args + ["file://" + src], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if fits(spec, out, truth):
            if fit != 1.0:
                print("  %s: %.0f%% of the first word budget fits" % (spec["name"], 100 * fit))
            return truth
        if old:
            sys.exit("%s: text runs past the foot of a page; give it fewer words" % spec["name"])
        fit *= 0.92  # fewer words a page, and try again
    sys.exit("%s: does not fit its pages" % spec["name"])

def retruth(folder, spec):
    """Rewrites a committed file's truth in the settled note order without printing it again (Chromium's
    layout has moved since the files were printed): finds the word budget whose old-order truth is the one
    committed, and writes that budget's truth in the new order."""
    path = os.path.join(folder, spec["name"] + ".truth.json")
    with open(path) as f:
        old = json.load(f)
    global NOTES_BEFORE_RUNON
    fit = 1.0
    for _ in range(8):
        NOTES_BEFORE_RUNON = False
        _, was = build(spec, fit)
        if json.loads(json.dumps(was)) == old:
            NOTES_BEFORE_RUNON = True
            _, truth = build(spec, fit)
            with open(path, "w") as f:
                json.dump(truth, f, indent=1, ensure_ascii=False)
            return
        fit *= 0.92
    sys.exit("%s: no word budget gives its committed truth" % spec["name"])

def main():
    if sys.argv[1:2] == ["--retruth"]:
        for folder, specs in (("set", SPECS + EXTRA), ("heldback", HELDBACK), ("heldback2", HELDBACK2), ("heldback3", HELDBACK3)):
            for spec in specs:
                retruth(folder, spec)
        return
    only = set(sys.argv[1:])  # names to (re)make; none = all
    for folder, specs in (("set", SPECS + EXTRA), ("heldback", HELDBACK), ("heldback2", HELDBACK2), ("heldback3", HELDBACK3), ("tracked", TRACKED), ("heldback4", HELDBACK4)):
        os.makedirs(folder, exist_ok=True)
        for spec in specs:
            if only and spec["name"] not in only:
                continue
            truth = render(spec, folder)
            with open(os.path.join(folder, spec["name"] + ".truth.json"), "w") as f:
                json.dump(truth, f, indent=1, ensure_ascii=False)
            print(folder, spec["name"], os.path.getsize(os.path.join(folder, spec["name"] + ".pdf")), "bytes")

if __name__ == "__main__":
    main()
