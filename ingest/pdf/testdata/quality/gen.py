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

def markup(text, hyph):
    out = html.escape(text)
    if hyph:
        for w, h in LONG_WORDS.items():
            out = out.replace(w, h).replace(w.capitalize(), h[0].upper() + h[1:])
    return out

def build(spec):
    rng = random.Random(spec["seed"])
    title = "Report " + str(spec["seed"]) + ": " + rng.choice(["Water quality in the northern district", "The procurement inquiry", "Health services in rural areas", "Coastal employment and housing"])
    truth, pages_html = [], []
    note_no = 0
    carry = None  # the second half of a paragraph that runs on to the next page
    budget = (420 if spec["cols"] == 1 else 400) - (60 if spec["notes"] else 0) - (50 if spec["chrome_hf"] else 0)
    for pg in range(1, spec["pages"] + 1):
        blocks, words, notes = [], 0, []
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
            text = para(rng, rng.randint(2, 4), spec["hyph"])
            n = len(text.split())
            last = words + n > budget
            if last and spec["runon"] and pg < spec["pages"]:
                cut = max(6, budget - words)
                toks = text.split()
                if cut < len(toks) - 4:
                    first, carry = " ".join(toks[:cut]), " ".join(toks[cut:])
                    blocks.append("<p>%s</p>" % markup(first, spec["hyph"]))
                    truth.append(dict(kind="p", text=text, page=pg))
                    break
            if last and words > budget * 0.5:
                if heading:  # a heading never ends a page (Chromium would move it to the next)
                    blocks.pop()
                    truth.pop()
                break
            ref = ""
            if spec["notes"] and len(notes) < 2 and rng.random() < 0.5:
                note_no += 1
                ref = "<sup>%d</sup>" % note_no
                ntext = rng.choice(SENTENCES)
                notes.append((note_no, ntext))
            blocks.append("<p>%s%s</p>" % (markup(text, spec["hyph"]), ref))
            truth.append(dict(kind="p", text=text + (str(note_no) if ref else ""), page=pg))
            words += n
            if last:
                break
        for no, ntext in notes:
            truth.append(dict(kind="fn", text="%d %s" % (no, ntext), page=pg))
        head = ""
        if spec["header"]:
            head = '<div class="run-head">%s<span>Regional Monitor</span></div>' % html.escape(title)
        foot = '<div class="run-foot">%d</div>' % pg if spec["numbers"] else ""
        notes_html = ""
        if notes:
            notes_html = '<div class="notes">%s</div>' % "".join("<p><sup>%d</sup> %s</p>" % (no, html.escape(t)) for no, t in notes)
        inner = "".join(blocks)
        body = '<div class="%s">%s</div>' % ("cols" if spec["cols"] == 2 else "body", inner)
        pages_html.append('<div class="page%s">%s%s%s%s</div>' % (" hy" if spec["hyph"] else "", head, body, notes_html, foot))
    css = CSS
    if spec["chrome_hf"]:  # Chromium prints its header and footer in the page margins: leave some
        css = css.replace("@page { size: A4; margin: 0; }", "@page { size: A4; margin: 12mm 0; }").replace("height: 297mm", "height: 272mm")
    doc = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title><style>%s</style></head><body>%s</body></html>' % (html.escape(title), css, "".join(pages_html))
    return doc, dict(title=title, pages=spec["pages"], chromeHeaderFooter=spec["chrome_hf"], paragraphs=truth)

def main():
    only = set(sys.argv[1:])  # names to (re)make; none = all
    for folder, specs in (("set", SPECS), ("heldback", HELDBACK)):
        os.makedirs(folder, exist_ok=True)
        for spec in specs:
            if only and spec["name"] not in only:
                continue
            doc, truth = build(spec)
            with tempfile.TemporaryDirectory() as tmp:
                src = os.path.join(tmp, spec["name"] + ".html")
                with open(src, "w") as f:
                    f.write(doc)
                out = os.path.abspath(os.path.join(folder, spec["name"] + ".pdf"))
                args = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--print-to-pdf=" + out]
                if not spec["chrome_hf"]:
                    args.append("--no-pdf-header-footer")
                subprocess.run(args + ["file://" + src], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # Text the page box clipped (overflow) would be in the truth but not on the page: refuse it.
            bbox = subprocess.run(["pdftotext", "-bbox", out, "-"], check=True, capture_output=True, text=True).stdout
            low = [float(y) for y, w in re.findall(r'yMax="([0-9.]+)">([^<]*)<', bbox)
                   if not (spec["chrome_hf"] and (w.startswith("file://") or re.match(r"^\d+/\d+$", w)))]
            if low and max(low) > (800 if spec["chrome_hf"] else 820):
                sys.exit("%s: text runs past the foot of a page (y %.0f); give it fewer words" % (spec["name"], max(low)))
            with open(os.path.join(folder, spec["name"] + ".truth.json"), "w") as f:
                json.dump(truth, f, indent=1, ensure_ascii=False)
            print(folder, spec["name"], os.path.getsize(out), "bytes")

if __name__ == "__main__":
    main()
