// The fdatasync of the WAL for synchronous FULL (sqlite.js, "Group commit"), in a worker thread
// that keeps the file open: the server posts a number, the thread makes the WAL durable and posts
// the number back. One message each way per fsync. Through libuv's thread pool it took three round
// trips (open, fdatasync, close), each waiting for the event loop to be free to start the next:
// under load the "fsync" took 10 ms on average while the fdatasync itself took 0.1 ms.
//
// The descriptor is checked against the path before each fdatasync and opened again if the file
// was replaced (SQLite deletes the WAL when its last connection closes and makes a new one at the
// next open): an fdatasync must reach the file SQLite writes, never a deleted one.
import { closeSync, fdatasyncSync, fstatSync, openSync, statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const { path } = workerData;
let fd = -1;
let inode = -1;

parentPort.on('message', (id) => {
  if (id === 'stop') {
    if (fd >= 0) closeSync(fd);
    parentPort.close();
    return;
  }
  try {
    if (fd < 0 || statSync(path).ino !== inode) {
      if (fd >= 0) closeSync(fd);
      fd = -1;
      fd = openSync(path, 'r');
      inode = fstatSync(fd).ino;
    }
    fdatasyncSync(fd);
    parentPort.postMessage({ id, ok: true });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: error.message });
  }
});
