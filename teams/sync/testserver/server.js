// A CouchDB-protocol server for Gloss's sync tests: express-pouchdb (4.2.0) in express 4 (express 5 breaks
// its _changes route) on pouchdb-core 9. It listens on 127.0.0.1 only, on the port given as the first
// argument or in PORT (0: a free one), and prints "listening <port>" once it accepts connections.
//
// GLOSS_TESTSERVER_DATA=<folder>: the databases live there (the LevelDB adapter), so a server stopped and
// started again on that folder keeps them; without it they live in memory and a restart starts empty.
// GLOSS_TESTSERVER_AUTH=<user>:<password>: every request must carry that user's HTTP basic credentials;
// others get CouchDB's 401 answers ("Name or password is incorrect.", or "Authentication required.").
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

const app = express();
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
app.use('/', require('express-pouchdb')(PouchDB, {
  mode: 'minimumForPouchDB',
  inMemoryConfig: true,
  logPath: data ? path.join(path.resolve(data), 'log.txt') : undefined,
}));
const server = app.listen(port, '127.0.0.1', () => {
  console.log('listening ' + server.address().port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
