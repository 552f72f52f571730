package sync

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-kivik/kivik/v4"

	"gloss/storetest"
	"gloss/teams/sync/synctest"
)

// A round that creates the project installs the guard with its user as the lead.
func TestRoundInstallsTheGuard(t *testing.T) {
	srv := synctest.Start(t)
	a := storetest.Open(t)
	o := Options{Server: srv.URL, Project: "guarded", User: "ana", Password: "unused by the test server"}
	rounds(t, o, a)
	client, err := kivik.New("couch", srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	db := client.DB("guarded")
	var ddoc, project map[string]any
	if err := db.Get(context.Background(), guardID).ScanDoc(&ddoc); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(context.Background(), projectID).ScanDoc(&project); err != nil {
		t.Fatal(err)
	}
	if ddoc["validate_doc_update"] != guardJS("ana") || ddoc["lead"] != "ana" || project["lead"] != "ana" {
		t.Fatalf("guard %v, project %v", ddoc, project)
	}
	if err := InstallGuard(context.Background(), o, "bea"); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(context.Background(), guardID).ScanDoc(&ddoc); err != nil || ddoc["lead"] != "bea" {
		t.Fatalf("a new lead: %v %v", ddoc, err)
	}
}

// guardHarness runs the design document's validate_doc_update inside PouchDB's own validation plugin
// (pouchdb-validation, the one express-pouchdb uses when its "validation" part is on) with each case's
// user context. It writes with ordinary edits (new_edits=true): pouchdb-validation replaces a written
// document's _revisions with the stored one's before validating, which breaks new_edits=false writes
// (a push's); the test server holds each document's own history fixed while validating, and
// TestGuardEnforcedOnPushes runs the guard on real pushes there.
const guardHarness = `
const PouchDB = require('pouchdb-core').plugin(require('pouchdb-adapter-memory')).plugin(require('pouchdb-validation'));
const fs = require('fs');
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
(async () => {
  const db = new PouchDB('guard', {adapter: 'memory'});
  db.installValidationMethods();
  await db.put(Object.assign({_id: '_design/gloss'}, input.ddoc));
  const out = [];
  for (const c of input.cases) {
    const doc = Object.assign({}, c.doc);
    try {
      const cur = await db.get(doc._id).catch(() => null);
      if (cur) doc._rev = cur._rev;
      await db.put(doc, {userCtx: c.user, secObj: c.sec || {}});
      out.push('ok');
    } catch (e) {
      out.push('refused: ' + (e.status || '') + ' ' + (e.message || e.name));
    }
  }
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
`

func TestGuardHoldsCodersToTheirOwnAnnotations(t *testing.T) {
	node, err := exec.LookPath("node")
	mods := filepath.Join(synctest.Dir(), "node_modules")
	if _, serr := os.Stat(filepath.Join(mods, "pouchdb-validation")); err != nil || serr != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node or the sync test server's node_modules are missing (scripts/deps.sh test)")
		}
		t.Skip("node or the sync test server's node_modules are missing")
	}
	user := func(name string, roles ...string) map[string]any {
		return map[string]any{"name": name, "roles": append([]string{}, roles...)}
	}
	ann := func(id, owner string) map[string]any {
		return map[string]any{"_id": id, "type": "annotation", "owner": owner, "note": "n"}
	}
	gone := func(id string) map[string]any { return map[string]any{"_id": id, "_deleted": true} }
	type guardCase struct {
		User map[string]any `json:"user"`
		Sec  map[string]any `json:"sec,omitempty"`
		Doc  map[string]any `json:"doc"`
		want string
	}
	cases := []guardCase{
		{User: user("bob"), Doc: ann("ann:1", "bob"), want: "ok"},                                                                            // makes his own
		{User: user("bob"), Doc: ann("ann:1", "bob"), want: "ok"},                                                                            // edits his own
		{User: user("carl"), Doc: ann("ann:1", "bob"), want: "made by bob"},                                                                  // edits bob's
		{User: user("carl"), Doc: gone("ann:1"), want: "made by bob"},                                                                        // deletes bob's
		{User: user("carl"), Doc: ann("ann:2", "bob"), want: "must name its maker carl"},                                                     // makes one in bob's name
		{User: user("ana"), Doc: ann("ann:1", "bob"), want: "ok"},                                                                            // the lead edits bob's
		{User: user("dora"), Sec: map[string]any{"admins": map[string]any{"names": []string{"dora"}}}, Doc: ann("ann:1", "bob"), want: "ok"}, // a project admin
		{User: user("root", "_admin"), Doc: ann("ann:1", "bob"), want: "ok"},                                                                 // a server admin
		{User: user("carl"), Doc: map[string]any{"_id": "tag:claims", "type": "tag", "path": "Claims"}, want: "ok"},                          // tags are shared
		{User: user("carl"), Doc: map[string]any{"_id": "gloss:project", "lead": "carl"}, want: "only the project lead (ana)"},
		{User: user("bob"), Doc: gone("ann:1"), want: "ok"},         // deletes his own
		{User: user("carl"), Doc: ann("ann:1", "carl"), want: "ok"}, // after a deletion, a new one is his
	}
	input, err := json.Marshal(map[string]any{"ddoc": guardDoc("ana"), "cases": cases})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, body := range map[string]string{"harness.js": guardHarness, "input.json": string(input)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(node, filepath.Join(dir, "harness.js"), filepath.Join(dir, "input.json"))
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(), "NODE_PATH="+mods)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("harness: %v %s", err, out)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(cases) {
		t.Fatalf("harness said %s (%v)", out, err)
	}
	for i, c := range cases {
		if c.want == "ok" && got[i] != "ok" || c.want != "ok" && (!strings.HasPrefix(got[i], "refused: 403") || !strings.Contains(got[i], c.want)) {
			t.Errorf("case %d (%v writes %v): %s, want %s", i, c.User["name"], c.Doc["_id"], got[i], c.want)
		}
	}
}
