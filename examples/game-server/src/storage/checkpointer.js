// The WAL checkpoints of the SQLite storage, in a worker thread with its own connection, so that
// the server's event loop never runs one. SQLite's automatic checkpoint runs inside the COMMIT
// that crosses the threshold: it copies the WAL's pages into the database and fsyncs both, which
// held the event loop for 25-50 ms every few seconds under load, and every request in flight
// waited for it (the p99 of the load script). SQLite's documentation suggests this arrangement:
// automatic checkpoints off (wal_autocheckpoint = 0 on the server's connection) and
// `PRAGMA wal_checkpoint(PASSIVE)` from another thread, which waits for no reader or writer; the
// writer then starts the WAL over once a checkpoint has copied all of it.
//
// Under a steady load PASSIVE alone never lets the WAL start over: SQLite writes from the start of
// the WAL again only when a write begins just after a checkpoint that copied all of it, and with
// writes every few milliseconds one always lands during the checkpoint. The WAL then grew by
// 20 MB a second (to 280 MB in a 15 s load run), and an fdatasync of a growing file costs more
// than one of a file overwritten in place. So once the WAL holds `restartFrames` pages (65 536:
// 256 MB), the thread checkpoints with RESTART: it waits for the server's write in progress, and
// the server's next write waits for it (PASSIVE copied most of the WAL already, but the RESTART
// fsyncs the database while it holds the write lock: 10-50 ms under load), then starts the WAL
// over, in the same file. At 256 MB that stall comes every 12 s under the load script's 2 000
// syncs a second; at 32 MB it came every 1.5 s and made the load script's p99.
//
// The thread is started and stopped by SqliteStorage (sqlite.js); `workerData` is
// {path, intervalMs, restartFrames, busyTimeoutMs}. It answers {type: 'checkpoint', log, checkpointed, busy,
// seconds} after each checkpoint, for the metrics and the tests, and {type: 'error', message}
// when one fails (the next one is tried all the same: a failed checkpoint loses nothing, the WAL
// keeps every committed page).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { path, intervalMs, restartFrames, busyTimeoutMs } = workerData;
const db = new Database(path, { timeout: busyTimeoutMs });

function checkpoint() {
  const started = process.hrtime.bigint();
  try {
    let [{ busy, log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
    let mode = 'passive';
    if (restartFrames > 0 && log >= restartFrames) {
      [{ busy, log, checkpointed }] = db.pragma('wal_checkpoint(RESTART)');
      mode = 'restart';
    }
    parentPort.postMessage({ type: 'checkpoint', mode, busy, log, checkpointed, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: error.message });
  }
}

const timer = setInterval(checkpoint, intervalMs);
parentPort.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
