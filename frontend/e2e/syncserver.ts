import { spawn, type ChildProcess } from 'node:child_process'

// The CouchDB-protocol server team sync's specs run against (teams/sync/testserver: express-pouchdb, in
// memory, on a free loopback port). env reaches the server (GLOSS_TESTSERVER_USERS: users who must sign in).
export function startSyncServer(env: Record<string, string> = {}): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn('node', ['server.js', '0'], {
    cwd: '../teams/sync/testserver', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env },
  })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('the sync test server did not start in 20 s')), 20_000)
    proc.on('exit', (code) => reject(new Error(`the sync test server exited (${code}); run scripts/deps.sh test`)))
    proc.stdout!.on('data', (d) => {
      out += String(d)
      const m = /listening (\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ url: `http://127.0.0.1:${m[1]}`, proc })
      }
    })
  })
}
