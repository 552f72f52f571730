#!/usr/bin/env python3
"""An independent REFI-QDA project reader, written from the standard (REFI-QDA 1.5, Project.xsd) with
QualCoder's reading rules (src/qualcoder/refi.py, RefiImport), sharing no code with Gloss. It reads a
.qdpx the way QualCoder's importer does and prints, as JSON, what QualCoder would hold afterwards:

- codes: one per name (QualCoder's code_name.name is UNIQUE: a second code of the same name is merged
  into the first and its codings point at nothing); isCodable="false" is a category; colour kept;
- sources: TextSource@name is the file name QualCoder stores the text under (documents/<name>.txt), so a
  "/" or "\\" in it, an empty name, or one whose "<name>.txt" is over 255 bytes (no file system makes it:
  QualCoder keeps the source without its file) is an error; a repeated name gets a prefix (an error here);
  qualitative-coding's reader names the file Path(name).with_suffix(".txt"), so a name with a dot
  (which Path takes as a suffix and cuts off) is an error too: two names then share one file;
  text from plainTextPath internal://, relative:// (basePath) or absolute://; Description is the memo;
- PlainTextSelection: positions are code points, end exclusive (fulltext[pos0:pos1]) of the text as
  QualCoder reads it (below); in a file Gloss wrote, whose selection names are their quotes, a quote that
  is not what QualCoder reads there is an error (line ends aside); the coder is
  Users[creatingUser].name (else "default"); its Description is the coding memo; one with no Coding is
  an annotation; Coding/CodeRef to an unknown code is an error;
- TextSource NoteRef to a Note holding a PlainTextSelection: an annotation (QualCoder's form);
- Notes with plainTextPath and a name, not annotations: journals, their text read from the file; a
  journal name that repeats is an error (QualCoder's journal names are unique, and its importer fails
  on the second one, ending the import before the cases and sets);
- VariableValue (VariableRef to Variables/Variable): file attributes;
- Project/Description: the project memo.
Beyond QualCoder, NoteRefs of selections are followed (MAXQDA's form) and reported as selection notes.
Usage: qdpx_reader.py FILE.qdpx  (exit 1 with the errors on stderr if QualCoder would lose something)
"""
import json
import sys
import zipfile
from pathlib import PurePosixPath
import xml.etree.ElementTree as ET

NS = "{urn:QDA-XML:project:1.0}"


def line_ends(s):
    """s with its line ends as one LF each (QualCoder shows a CRLF as LF and a space)."""
    return s.replace("\r\n", "\n").replace("\r", "\n").replace("\n ", "\n")


def main(path):
    errors = []
    z = zipfile.ZipFile(path)
    names = z.namelist()
    qde = [n for n in names if n.endswith(".qde")]
    if "project.qde" not in names:
        errors.append("project.qde is not at the root (found %s)" % qde)
    root = ET.fromstring(z.read(qde[0]))
    if root.tag != NS + "Project":
        errors.append("root element is %s" % root.tag)
    base_path = root.get("basePath") or ""
    gloss = root.get("origin") == "Gloss"
    folder = "sources" if any(n.startswith("sources/") for n in names) else "Sources"

    def read_path(p):
        if p.startswith("internal://"):
            member = folder + "/" + p[len("internal://"):]
        elif p.startswith("relative://"):
            member = (base_path.strip("/") + "/" if base_path else "") + p[len("relative://"):]
        else:
            errors.append("path %s is not inside the project" % p)
            return ""
        if member not in names:
            errors.append("%s is missing from the archive" % member)
            return ""
        return z.read(member).decode("utf-8", errors="replace")

    users = {}
    for u in root.findall(NS + "Users/" + NS + "User"):
        users[u.get("guid")] = u.get("name")

    codes, code_by_guid, categories = [], {}, []

    def walk(el, parent):
        name = el.get("name")
        desc = el.find(NS + "Description")
        desc = desc.text if desc is not None and desc.text else ""
        if el.get("isCodable") == "false":
            categories.append(name)
        elif any(c["name"] == name for c in codes):
            errors.append("code name %r repeats: QualCoder merges it into the first and loses its codings" % name)
        else:
            codes.append({"name": name, "color": el.get("color"), "parent": parent, "memo": desc})
            code_by_guid[el.get("guid")] = name
        for child in el.findall(NS + "Code"):
            walk(child, name)

    codes_el = root.find(NS + "CodeBook/" + NS + "Codes")
    if codes_el is not None:
        for c in codes_el.findall(NS + "Code"):
            walk(c, None)

    variables = {v.get("guid"): v.get("name") for v in root.findall(NS + "Variables/" + NS + "Variable")}
    notes = {n.get("guid"): n for n in root.findall(NS + "Notes/" + NS + "Note")}

    def note_text(n):
        content = n.find(NS + "PlainTextContent")
        if content is not None:
            return content.text or ""
        if n.get("plainTextPath"):
            return read_path(n.get("plainTextPath"))
        return ""

    sources, codings, annotations, selection_notes, memo_notes = [], [], [], [], []
    annotation_notes = set()
    for s in root.findall(NS + "Sources/*"):
        if s.tag != NS + "TextSource":
            continue
        name = s.get("name") or ""
        if name == "" or "/" in name or "\\" in name:
            errors.append("source name %r cannot be a file name" % name)
        if any(x["name"] == name for x in sources):
            errors.append("source name %r repeats: QualCoder renames the second" % name)
        if len((name + ".txt").encode("utf-8")) > 255:
            errors.append("source name %r is too long for a file name (%d bytes)" % (name, len(name.encode("utf-8"))))
        if PurePosixPath(name).suffix:
            errors.append("source name %r has a suffix %r: qualitative-coding's file for it is %r" % (
                name, PurePosixPath(name).suffix, PurePosixPath(name).with_suffix(".txt").name))
        if s.get("plainTextPath"):
            raw = read_path(s.get("plainTextPath"))
            # QualCoder opens the file in text mode (universal newlines: CRLF and CR become LF), then,
            # when the first line ended in CRLF, writes each LF as LF + space, so that positions
            # counted with two code points per line end still fit.
            first = raw.split("\n", 1)[0]
            text = raw.replace("\r\n", "\n").replace("\r", "\n")
            if first.endswith("\r") and "ATLAS" not in (root.get("origin") or "").upper():
                text = text.replace("\n", "\n ")
        else:
            content = s.find(NS + "PlainTextContent")
            text = content.text if content is not None and content.text else ""
        desc = s.find(NS + "Description")
        attrs = {}
        for vv in s.findall(NS + "VariableValue"):
            ref = vv.find(NS + "VariableRef").get("targetGUID")
            if ref not in variables:
                errors.append("VariableValue of %r refers to no Variable" % name)
            for child in vv:
                if child.tag != NS + "VariableRef":
                    attrs[variables.get(ref, ref)] = (child.text or "").strip()
        sources.append({"name": name, "text": text, "memo": desc.text if desc is not None and desc.text else "",
                        "attributes": attrs})
        for sel in s.findall(NS + "PlainTextSelection"):
            pos0, pos1 = int(sel.get("startPosition")), int(sel.get("endPosition"))
            if not 0 <= pos0 <= pos1 <= len(text):
                errors.append("selection %s [%d,%d) is outside %r (%d code points)" % (sel.get("guid"), pos0, pos1, name, len(text)))
            elif gloss and line_ends(text[pos0:pos1]) != line_ends(sel.get("name") or ""):
                errors.append("selection %s: QualCoder reads %r at [%d,%d) of %r, the quote is %r" % (
                    sel.get("guid"), text[pos0:pos1], pos0, pos1, name, sel.get("name")))
            owner = users.get(sel.get("creatingUser") or sel.get("modifyingUser"), "default")
            d = sel.find(NS + "Description")
            memo = d.text if d is not None and d.text else ""
            coded = sel.findall(NS + "Coding")
            for c in coded:
                ref = c.find(NS + "CodeRef").get("targetGUID")
                if ref not in code_by_guid:
                    errors.append("coding %s refers to no code QualCoder kept" % c.get("guid"))
                coder = users.get(c.get("creatingUser"), owner)
                codings.append({"source": name, "code": code_by_guid.get(ref), "pos0": pos0, "pos1": pos1,
                                "seltext": text[pos0:pos1], "owner": coder, "memo": memo})
            if not coded:
                annotations.append({"source": name, "pos0": pos0, "pos1": pos1, "memo": memo, "owner": owner})
            for nr in sel.findall(NS + "NoteRef"):
                n = notes.get(nr.get("targetGUID"))
                if n is None:
                    errors.append("selection %s refers to a missing Note" % sel.get("guid"))
                    continue
                annotation_notes.add(nr.get("targetGUID"))
                selection_notes.append({"source": name, "pos0": pos0, "pos1": pos1, "text": note_text(n)})
        for nr in s.findall(NS + "NoteRef"):
            n = notes.get(nr.get("targetGUID"))
            if n is None:
                errors.append("source %r refers to a missing Note" % name)
                continue
            ps = n.find(NS + "PlainTextSelection")
            if ps is not None:  # QualCoder's annotation Note
                annotation_notes.add(n.get("guid"))
                annotations.append({"source": name, "pos0": int(ps.get("startPosition")), "pos1": int(ps.get("endPosition")),
                                    "memo": note_text(n), "owner": users.get(n.get("modifyingUser") or n.get("creatingUser"), "default")})
            else:
                annotation_notes.add(n.get("guid"))  # a document memo held as a Note (MAXQDA)
                memo_notes.append({"source": name, "text": note_text(n),
                                   "owner": users.get(n.get("creatingUser") or n.get("modifyingUser"), "default")})

    journals = []
    for guid, n in notes.items():
        if guid in annotation_notes:
            continue
        # QualCoder reads a journal only from plainTextPath, and only when the Note has a name.
        if n.get("plainTextPath") and n.get("name"):
            if any(j["name"] == n.get("name") for j in journals):
                errors.append("journal name %r repeats: QualCoder's importer fails on the second" % n.get("name"))
            journals.append({"name": n.get("name"), "text": read_path(n.get("plainTextPath")),
                             "owner": users.get(n.get("creatingUser"), "default")})
        else:
            errors.append("Note %s (%r) is neither a journal nor an annotation: QualCoder drops it" % (guid, n.get("name")))
    d = root.find(NS + "Description")
    out = {"users": sorted(users.values()), "codes": codes, "categories": categories, "sources": sources,
           "codings": codings, "annotations": annotations, "selection_notes": selection_notes, "journals": journals,
           "memo_notes": memo_notes,
           "project_memo": d.text if d is not None and d.text else "", "errors": errors}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    if errors:
        sys.stderr.write("\n".join(errors) + "\n")
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1])
