#!/usr/bin/python3
"""One-off: run qualitative-coding's REFI-QDA reader (qualitative_coding/refi_qda/reader.py, REFIQDAReader:
its schema validation and unpack_xml as they are) on a .qdpx. Its corpus database needs SQLAlchemy 2,
which Debian 12 lacks, so QCCorpus is replaced by a recorder of what the reader hands it (coders, codes,
the files it imports under source/import/, coded lines per coder); a file name that two sources share
or that cannot be written is reported.
Usage: /usr/bin/python3 run_qc.py QC_SRC FILE.qdpx WORKDIR OUT.json  (QC_SRC: a qualitative-coding checkout)"""
import json, os, shutil, sys, types, zipfile
from pathlib import Path
import xml.etree.ElementTree as ET

src, qdpx, work, outpath = sys.argv[1], os.path.abspath(sys.argv[2]), Path(sys.argv[3]).absolute(), sys.argv[4]
sys.path.insert(0, src)

class RecordingCorpus:
    def __init__(self, root):
        self.corpus_dir = root / "corpus"
        self.corpus_dir.mkdir()
        self.codebook_path = root / "codebook.yaml"
        self.coders, self.codes, self.documents, self.coded, self.problems = [], [], [], {}, []
    def get_or_create_coder(self, name):
        if name not in self.coders: self.coders.append(name)
    def get_or_create_code(self, name):
        if name not in self.codes: self.codes.append(name)
    def import_media(self, path, importer=None):
        path = Path(path)
        if path.name in self.documents:
            self.problems.append("two sources imported as the one file %s: the second overwrote the first" % path.name)
        self.documents.append(path.name)
        shutil.copyfile(path, self.corpus_dir / path.name)  # the "verbatim" importer's copy
    def update_coded_lines(self, name, coder, lines):
        self.coded.setdefault(name, {}).setdefault(coder, []).extend(lines)

corpus_mod = types.ModuleType("qualitative_coding.corpus")
corpus_mod.QCCorpus = RecordingCorpus
sys.modules["qualitative_coding.corpus"] = corpus_mod
from qualitative_coding.refi_qda.reader import REFIQDAReader

shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
out = {"validation": None, "error": None}
try:
    reader = REFIQDAReader(qdpx)  # validates project.qde against qualitative-coding's schema.xsd
    out["validation"] = "ok"
    reader.dest_path = work
    reader.corpus = RecordingCorpus(work)
    (work / "source" / "import").mkdir(parents=True)
    with zipfile.ZipFile(qdpx) as zf:
        zf.extractall(work / "source")
    reader.unpack_xml(ET.parse(work / "source" / "project.qde").getroot())
except Exception as e:
    import traceback
    out["error"] = traceback.format_exc()
c = getattr(locals().get("reader"), "corpus", None)
if c is not None:
    out.update(coders=c.coders, codes=c.codes, documents=c.documents, problems=c.problems,
               coded={d: {k: [(l["line"], l["code_id"]) for l in v] for k, v in cs.items()} for d, cs in c.coded.items()},
               codebook=c.codebook_path.read_text() if c.codebook_path.exists() else None)
with open(outpath, "w", encoding="utf8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
