#!/usr/bin/python3
"""One-off: run QualCoder's own REFI-QDA importer (src/qualcoder/refi.py, RefiImport.import_project) headless
on a .qdpx, into a project database made by QualCoder's own create-DB code (MainWindow.new_project's
statements, taken from __main__.py by ast), then print what the database holds as JSON.
With EXPORT.qdpx, QualCoder's own exporter (RefiExport, "project") then writes the project it imported
there (its line-endings dialog answered with its default, its folder dialog with an empty folder), and
its codebook (RefiExport, "codebook") as qualcoder-codebook.qdc beside it.
Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 run_qualcoder.py QUALCODER_SRC FILE.qdpx WORKDIR OUT.json [EXPORT.qdpx]"""
import ast, builtins, datetime, json, os, re, shutil, sqlite3, sys, types

src, qdpx, work = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
sys.path.insert(0, src)
builtins._ = lambda s: s
# Modules refi.py never uses on this path, absent from Debian: PyMuPDF under its new name (Debian's is
# "fitz"), qtawesome (icons) and the AI module (langchain, openai), which app.py imports.
import fitz
sys.modules["pymupdf"] = fitz
sys.modules["qtawesome"] = types.ModuleType("qtawesome")
ai = types.ModuleType("qualcoder.ai_llm")
ai.get_default_ai_models = lambda *a, **k: []
ai.update_ai_models = lambda *a, **k: None
sys.modules["qualcoder.ai_llm"] = ai

from PyQt6 import QtWidgets
qapp = QtWidgets.QApplication(["qualcoder-headless"])
import qualcoder.refi as refi
from qualcoder.app import App

messages = []
class Message:  # helpers.Message is a QMessageBox: exec() would wait for a click
    def __init__(self, app, title, text, icon=None):
        self.t = (title, text, icon)
    def exec(self):
        messages.append(self.t)
refi.Message = Message

class TextEdit:
    def __init__(self): self.lines = []
    def append(self, s): self.lines.append(s)

class FakeApp:
    # App.version as QualCoder sets it (RefiExport writes it as Project@origin)
    version = re.search(r'self\.version = "([^"]+)"', open(os.path.join(src, "qualcoder", "app.py"), encoding="utf8").read()).group(1)
    def __init__(self, project_path):
        self.project_path = project_path
        self.settings = {"directory": os.path.dirname(project_path), "codername": "default", "ai_enable": "False",
                         "fontsize": 10, "font": "Noto Sans"}
        self.project_name = os.path.basename(project_path)
        self.conn = None
        self.ai_models = []
        self.project_events = None
        self.delete_backup = True
    def create_connection(self, path):
        self.conn = sqlite3.connect(os.path.join(path, "data.qda"))
    def write_config_ini(self, settings, ai_models): pass
    get_last_project_coder = App.get_last_project_coder
    get_annotations = App.get_annotations
    update_coder_names = App.update_coder_names

# QualCoder's create-DB code: the statements of MainWindow.new_project from its first "cur = ..." to the
# first commit, run as they are.
tree = ast.parse(open(os.path.join(src, "qualcoder", "__main__.py"), encoding="utf8").read())
fn = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "new_project")
body = fn.body
first = next(i for i, s in enumerate(body) if ast.unparse(s).startswith("cur = self.app.conn.cursor()"))
last = next(i for i, s in enumerate(body) if i > first and ast.unparse(s) == "self.app.conn.commit()")
code = compile(ast.Module(body=body[first:last + 1], type_ignores=[]), "new_project", "exec")

shutil.rmtree(work, ignore_errors=True)
project = os.path.join(work, "gloss.qda")
for d in ("", "images", "audio", "video", "documents"):
    os.makedirs(os.path.join(project, d), exist_ok=True)
app = FakeApp(project)
app.create_connection(project)
exec(code, {"datetime": datetime, "self": types.SimpleNamespace(app=app)})

shutil.copy(qdpx, os.path.join(work, "import.qdpx"))
QtWidgets.QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (os.path.join(work, "import.qdpx"), True))
log = TextEdit()
error = None
try:
    refi.RefiImport(app, log, "qdpx")
except Exception as e:  # report what the importer did before it failed
    import traceback
    error = traceback.format_exc()

export_error = None
if len(sys.argv) > 5 and error is None:
    target = os.path.abspath(sys.argv[5])
    os.environ["HOME"] = work  # RefiExport prepares the archive in ~/.qualcoder/<project>
    os.makedirs(os.path.join(work, ".qualcoder"), exist_ok=True)
    refi.RefiLineEndings.exec = lambda self: 0  # the dialog's default (no MAXQDA line ends)
    outdir = os.path.join(work, "export")  # empty: RefiExport renames its file when one is there
    os.makedirs(outdir)
    QtWidgets.QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: outdir)
    try:
        app.update_coder_names()  # what opening the project does: the annotation_visible view
        refi.RefiExport(app, log, "project")
        written = os.listdir(outdir)
        if len(written) != 1:
            raise RuntimeError("RefiExport wrote %s" % written)
        shutil.move(os.path.join(outdir, written[0]), target)
        # and its codebook, beside it
        refi.RefiExport(app, log, "codebook")
        written = os.listdir(outdir)
        if len(written) != 1:
            raise RuntimeError("RefiExport (codebook) wrote %s" % written)
        shutil.move(os.path.join(outdir, written[0]), os.path.join(os.path.dirname(target), "qualcoder-codebook.qdc"))
    except Exception:
        import traceback
        export_error = traceback.format_exc()

cur = app.conn.cursor()
def rows(sql):
    cur.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]
out = {
    "error": error,
    "export_error": export_error,
    "log": log.lines,
    "messages": messages,
    "project_memo": rows("select memo from project")[0]["memo"],
    "sources": rows("select id, name, length(fulltext) as chars, memo, owner, date, mediapath from source order by id"),
    "documents_folder": sorted(os.listdir(os.path.join(project, "documents"))),
    "categories": rows("select catid, name, supercatid, memo from code_cat order by catid"),
    "codes": rows("select c.cid, c.name, c.color, c.catid, p.name as parent, c.memo from code_name c left join code_name p on p.cid = c.supercid order by c.cid"),
    "codings": rows("select s.name as source, c.name as code, t.seltext, t.pos0, t.pos1, t.owner, t.memo from code_text t "
                    "left join code_name c on c.cid = t.cid left join source s on s.id = t.fid order by t.ctid"),
    "annotations": rows("select s.name as source, a.pos0, a.pos1, substr(s.fulltext, a.pos0 + 1, a.pos1 - a.pos0) as seltext, a.memo, a.owner "
                        "from annotation a left join source s on s.id = a.fid order by a.anid"),
    "journals": rows("select name, jentry, owner from journal order by jid"),
    "attribute_types": rows("select name, caseOrFile, valuetype from attribute_type order by name"),
    "attributes": rows("select s.name as source, a.name, a.value from attribute a left join source s on s.id = a.id where a.attr_type = 'file' order by a.attrid"),
    "coder_names": [r["name"] for r in rows("select name from coder_names order by name")],
}
with open(sys.argv[4], "w", encoding="utf8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
