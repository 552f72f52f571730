// A CouchDB-protocol server for Gloss's sync tests: express-pouchdb (4.2.0) in express 4 (express 5 breaks
// its _changes route) on pouchdb-core 9. It listens on 127.0.0.1 only, on the port given as the first
// argument or in PORT (0: a free one), and prints "listening <port>" once it accepts connections.
//
// GLOSS_TESTSERVER_DATA=<folder>: the databases live there (the LevelDB adapter), so a server stopped and
// started again on that folder keeps them; without it they live in memory and a restart starts empty.
// GLOSS_TESTSERVER_AUTH=<user>:<password>: every request must carry that user's HTTP basic credentials;
// others get CouchDB's 401 answers ("Name or password is incorrect.", or "Authentication required.").
// GLOSS_TESTSERVER_USERS=<user>:<password>,…: the server's users, each request's basic credentials making
// its user context (as CouchDB's _users would), and validate_doc_update functions enforced on every write
// (express-pouchdb's validation part, pouchdb-validation 4.2.0). pouchdb-validation overwrites a written
// document's _revisions with the stored one's before it validates, which breaks replication writes
// (new_edits=false: a Gloss push); here each written document's own _revisions is held fixed while it is
// validated, so the revision history written is the one sent.
'use strict';
const path = require('path');
const express = require('express');

const port = Number(process.argv[2] || process.env.PORT || 0);
const data = process.env.GLOSS_TESTSERVER_DATA || '';
const auth = process.env.GLOSS_TESTSERVER_AUTH || '';

let PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-mapreduce'))
  .plugin(require('pouchdb-replication'));
if (data) {
  PouchDB = PouchDB.plugin(require('pouchdb-adapter-leveldb'))
    .defaults({ adapter: 'leveldb', prefix: path.resolve(data) + path.sep });
} else {
  PouchDB = PouchDB.plugin(require('pouchdb-adapter-memory')).defaults({ adapter: 'memory' });
}

const users = {};
for (const up of (process.env.GLOSS_TESTSERVER_USERS || '').split(',').filter(Boolean)) {
  const sep = up.indexOf(':');
  users[up.slice(0, sep)] = up.slice(sep + 1);
}
const validating = Object.keys(users).length > 0;

const app = express();
if (validating) {
  app.use((req, res, next) => {
    const m = /^Basic (.+)$/i.exec(req.headers.authorization || '');
    if (!m) {
      res.status(401).json({ error: 'unauthorized', reason: 'Authentication required.' });
      return;
    }
    const given = Buffer.from(m[1], 'base64').toString('utf8');
    const sep = given.indexOf(':');
    const name = given.slice(0, sep);
    if (!(name in users) || users[name] !== given.slice(sep + 1)) {
      res.status(401).json({ error: 'unauthorized', reason: 'Name or password is incorrect.' });
      return;
    }
    req.couchSession = { ok: true, userCtx: { name, roles: [] }, info: { authenticated: 'default' } };
    next();
  });
}
if (auth) {
  const sep = auth.indexOf(':');
  const user = auth.slice(0, sep), password = auth.slice(sep + 1);
  app.use((req, res, next) => {
    const m = /^Basic (.+)$/i.exec(req.headers.authorization || '');
    if (!m) {
      res.status(401).set('WWW-Authenticate', 'Basic realm="server"')
        .json({ error: 'unauthorized', reason: 'Authentication required.' });
      return;
    }
    const given = Buffer.from(m[1], 'base64').toString('utf8');
    if (given !== user + ':' + password) {
      res.status(401).json({ error: 'unauthorized', reason: 'Name or password is incorrect.' });
      return;
    }
    next();
  });
}
const pouchApp = require('express-pouchdb')(PouchDB, {
  mode: 'minimumForPouchDB',
  overrideMode: validating ? { include: ['validation'] } : undefined,
  inMemoryConfig: true,
  logPath: data ? path.join(path.resolve(data), 'log.txt') : undefined,
});
if (validating) {
  // registered after the validation part's, so this wraps the validating bulkDocs: each document's own
  // _revisions stays what was sent while pouchdb-validation assigns the stored one's to it
  pouchApp.dbWrapper.registerWrapper((name, db, next) => {
    const inner = db.bulkDocs;
    db.bulkDocs = function (req, ...rest) {
      const docs = Array.isArray(req) ? req : (req && req.docs) || [];
      for (const doc of docs) {
        if (doc && doc._revisions) {
          const own = doc._revisions;
          Object.defineProperty(doc, '_revisions', { get: () => own, set: () => {}, enumerable: true, configurable: true });
        }
      }
      return inner.call(this, req, ...rest);
    };
    next();
  });
}
app.use('/', pouchApp);
const server = app.listen(port, '127.0.0.1', () => {
  console.log('listening ' + server.address().port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
