#!/usr/bin/python3
"""Compares what a Gloss .qdpx holds with what QualCoder's importer (run_qualcoder.py's JSON) and
qualitative-coding's reader (run_qc.py's JSON) kept, and prints one line per kind of thing and each loss.
Usage: summary.py FILE.qdpx QUALCODER.json QC.json   (exit 1 when a reader lost something, colours aside)"""
import json, sys, zipfile
import xml.etree.ElementTree as ET

NS = "{urn:QDA-XML:project:1.0}"
qdpx, qcr, qcj = sys.argv[1:4]
z = zipfile.ZipFile(qdpx)
root = ET.fromstring(z.read("project.qde"))
users = {u.get("guid"): u.get("name") for u in root.iter(NS + "User")}
codes = {c.get("guid"): c for c in root.iter(NS + "Code")}
parent = {}
for c in codes.values():
    for k in c.findall(NS + "Code"):
        parent[k.get("name")] = c.get("name")
sources = root.findall(NS + "Sources/" + NS + "TextSource")
texts = {s.get("name"): z.read("sources/" + s.get("plainTextPath")[len("internal://"):]).decode() for s in sources}
codings, annotations = [], []
for s in sources:
    for sel in s.findall(NS + "PlainTextSelection"):
        cs = sel.findall(NS + "Coding")
        quote = texts[s.get("name")][int(sel.get("startPosition")):int(sel.get("endPosition"))]
        for c in cs:
            codings.append((s.get("name"), codes[c.find(NS + "CodeRef").get("targetGUID")].get("name"), users[c.get("creatingUser")], quote))
        if not cs:
            annotations.append((s.get("name"), users[sel.get("creatingUser")], quote))
memos = {s.get("name"): s.find(NS + "Description").text for s in sources if s.find(NS + "Description") is not None}
journals = [n for n in root.iter(NS + "Note") if n.get("plainTextPath")]
values = [(s.get("name"), vv.find(NS + "TextValue").text) for s in sources for vv in s.findall(NS + "VariableValue")]

lost = []
def line(what, exported, kept, extra="", counted=True):
    print("%-34s %8s %10s  %s" % (what, exported, kept, extra))
    if kept != exported and counted:
        lost.append(what)

q = json.load(open(qcr, encoding="utf8"))
print("QualCoder (RefiImport.import_project): %s" % ("failed: " + q["error"].strip().splitlines()[-1] if q["error"] else "finished"))
print("%-34s %8s %10s" % ("", "exported", "kept"))
line("sources", len(sources), len(q["sources"]))
line("source files in documents/", len(sources), len(q["documents_folder"]))
line("source memos", len(memos), sum(1 for s in q["sources"] if s["memo"]))
line("codes", len(codes), len(q["codes"]))
line("code hierarchy (parent kept)", len(parent), sum(1 for c in q["codes"] if c["parent"] and parent.get(c["name"]) == c["parent"]))
line("code colours kept exactly", len(codes), sum(1 for c in q["codes"] for g in codes.values() if g.get("name") == c["name"] and g.get("color", "").lower() == (c["color"] or "").lower()),
     "(not counted: QualCoder maps every colour to the nearest of its palette)", counted=False)
qc_codings = [(c["source"], c["code"], c["owner"], c["seltext"]) for c in q["codings"]]
line("codings (source, code, coder, quote)", len(codings), sum(1 for c in codings if c in qc_codings))
qa = [(a["source"], a["owner"], a["seltext"]) for a in q["annotations"]]
line("annotations without a code", len(annotations), sum(1 for a in annotations if a in qa))
line("coders", len(set(c[2] for c in codings + [(0, 0, a[1]) for a in annotations])),
     len(set(c["owner"] for c in q["codings"] + q["annotations"])))
line("journals (project notes)", len(journals), len(q["journals"]))
qv = [(a["source"], a["value"]) for a in q["attributes"]]
line("variable values (date, URL, ...)", len(values), sum(1 for v in values if v in qv))
for l in q["log"]:
    if any(w in l for w in ("Cannot", "rror", "uplicated")):
        print("  log:", l.splitlines()[0][:160])

c = json.load(open(qcj, encoding="utf8"))
print("\nqualitative-coding (REFIQDAReader): validation %s, %s" % (c["validation"], "failed: " + c["error"].strip().splitlines()[-1][:160] if c["error"] else "finished"))
line("coders", len(users), len(c.get("coders", [])))
line("codes", len(codes), len(c.get("codes", [])))
line("sources imported", len(sources), len(set(c.get("documents", []))))
coded = sum(len(v) for cs in c.get("coded", {}).values() for v in cs.values())
line("coded lines (one per coding)", len(codings), coded)
for p in c.get("problems", []):
    print("  problem:", p)
print("\nlost:", ", ".join(lost) if lost else "nothing")
sys.exit(1 if lost else 0)
