// A CouchDB-protocol server for Gloss's sync tests: express-pouchdb (4.2.0) in express 4 (express 5 breaks
// its _changes route) on pouchdb-core 9 with the in-memory adapter. It listens on 127.0.0.1 only, on the
// port given as the first argument or in PORT, and prints "listening <port>" once it accepts connections.
// Data lives in memory: a restart starts empty.
'use strict';
const express = require('express');
const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-mapreduce'))
  .plugin(require('pouchdb-replication'));

const port = Number(process.argv[2] || process.env.PORT || 0);
const MemPouch = PouchDB.defaults({ adapter: 'memory' });
const app = express();
app.use('/', require('express-pouchdb')(MemPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true }));
const server = app.listen(port, '127.0.0.1', () => {
  console.log('listening ' + server.address().port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
