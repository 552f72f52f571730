#!/usr/bin/env python3
"""LibreOffice-made files for the Word/OpenDocument quality set: documents of known text from gen.py's build()
(new seeds), written to .docx by pandoc and edited as gen.py does (endnotes, dates), then opened and saved by
LibreOffice (Debian's libreoffice-writer-nogui, 7.4) as Word 2007-365 .docx, as .odt and as PDF, so each file is
LibreOffice's own writing (its styles, numbering, notes, tracked changes and comments), not pandoc's. The truth
(NAME.EXT.truth.json) is gen.py's for the document. set/ is measured and fixed against; heldback/ only measured.

    python3 gen_lo.py        # needs pandoc and soffice; writes set/lo-* and heldback/lo-*
"""
import json, os, random, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402

HERE = gen.HERE
ALL = gen.ALL
SETS = {
    "set": [
        ("lo-report", 201, {"sections": 5, "blocks": ALL + ["nested", "deflist"], "notes": "fn", "emph": 1}),
        ("lo-review", 202, {"sections": 4, "blocks": ALL + ["break"], "track": 1, "comments": 1}),
        ("lo-lists-tables", 203, {"sections": 4, "blocks": ["ol", "ul", "alpha", "roman", "nested", "table", "p"]}),
        ("lo-notes", 204, {"sections": 3, "blocks": ALL, "notes": "fn"}),
        ("lo-tracked", 205, {"sections": 4, "blocks": ["p", "p", "quote"], "track": 1, "emph": 1}),
        ("lo-everything", 206, {"sections": 5, "blocks": ALL + ["alpha", "nested", "break", "deflist"], "notes": "fn", "emph": 1}),
        ("lo-comments", 207, {"sections": 4, "blocks": ALL + ["alpha", "nested"], "emph": 1, "track": 1, "comments": 1}),
    ],
    "heldback": [
        ("lo-hb-report", 301, {"sections": 5, "blocks": ALL + ["nested", "deflist", "break"], "notes": "fn", "emph": 1}),
        ("lo-hb-review", 302, {"sections": 4, "blocks": ALL + ["alpha", "roman"], "track": 1, "comments": 1}),
        ("lo-hb-tables", 303, {"sections": 3, "blocks": ["table", "p", "ol", "table"], "notes": "fn"}),
    ],
}


def pandoc_docx(part, name, seed, features, tmp):
    md, truth, d = gen.build(name, seed, features, odt=False)
    src = os.path.join(tmp, part, name + ".docx")
    os.makedirs(os.path.dirname(src), exist_ok=True)
    gen.pandoc(md, src)

    # Notes stay pandoc's footnotes, in documents without comments and tracked changes: LibreOffice 7.4 drops
    # the text of the endnotes gen.make_endnotes writes, and of pandoc's footnotes in a document with comments
    # (its own PDF shows them empty), so the set has no LibreOffice endnotes, nor notes beside comments.
    gen.rezip(src, lambda files: gen.dated(files, truth["date"]))
    return src, truth


def soffice(fmt, srcs, outdir, home):
    subprocess.run(["soffice", "-env:UserInstallation=file://" + home, "--headless", "--norestore",
                    "--convert-to", fmt, "--outdir", outdir] + srcs, check=True, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    tmp = tempfile.mkdtemp()
    home = os.path.join(tmp, "profile")
    for part, docs in SETS.items():
        srcs, truths = [], {}
        for name, seed, features in docs:
            src, truth = pandoc_docx(part, name, seed, features, tmp)
            srcs.append(src)
            truths[name] = truth
        out = os.path.join(tmp, "out", part)
        for fmt in ('docx:MS Word 2007 XML', "odt", "pdf:writer_pdf_Export"):
            soffice(fmt, srcs, out, home)
        for name, truth in truths.items():
            for ext in (".docx", ".odt", ".pdf"):
                shutil.copy(os.path.join(out, name + ext), os.path.join(HERE, part, name + ext))
                with open(os.path.join(HERE, part, name + ext + ".truth.json"), "w") as f:
                    json.dump(truth, f, indent=1, ensure_ascii=False)
    shutil.rmtree(tmp)
    print("written", file=sys.stderr)
