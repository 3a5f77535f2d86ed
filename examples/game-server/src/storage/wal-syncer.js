// The fdatasync of the WAL for synchronous FULL (sqlite.js, "Group commit"), in a worker thread
// that keeps the file open and runs on its own, without waiting for the event loop:
//
//   the server, after each COMMIT, stores the group's number in shared memory (COMMITTED) and
//   wakes the thread; the thread reads the newest number, makes the WAL durable, posts
//   {upTo: that number}, and starts the next fdatasync at once if more groups were committed
//   meanwhile, else sleeps until one is.
//
// So an fdatasync always starts after the COMMIT of every group it answers for, one runs at a
// time, and each covers every group committed while the one before ran (a group commit of the
// fsyncs). The loop is the thread's, not the event loop's: when the thread waited for the server
// to read its answer before it could be asked for the next fdatasync, a busy event loop (a burst
// of requests) stretched every cycle, and under load the server saw an "fsync" of 1.6 ms for an
// fdatasync of 0.5 ms. (Through libuv's thread pool it was worse: open, fdatasync and close, three
// round trips through the event loop, 10 ms for an fdatasync of 0.1 ms.)
//
// The descriptor is checked against the path before each fdatasync and opened again if the file
// was replaced (SQLite deletes the WAL when its last connection closes and makes a new one at the
// next open): an fdatasync must reach the file SQLite writes, never a deleted one.
//
// workerData: {path, shared, gate}. shared: a SharedArrayBuffer of three BigInt64s: [COMMITTED]
// the newest committed group (STOP: close the file and end), written by the server; [DURABLE] the
// newest group an fdatasync made durable and [FAILED] 1 once an fdatasync failed, written by the
// thread before it posts its answer, so that the server can see a group durable between two of its
// own requests without waiting for the message (sqlite.js, #pollDurable). gate (tests only,
// test/storage.test.mjs): a SharedArrayBuffer of three Int32s [fdatasyncs started, fdatasyncs allowed, fail: 1 to fail the
// allowed ones with EIO]; each fdatasync waits until the test allows it.
import { closeSync, fdatasyncSync, fstatSync, openSync, statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

export const STOP = -1n;
export const COMMITTED = 0;
export const DURABLE = 1;
export const FAILED = 2;

function waitForTheGate(gate, target) {
  const started = Atomics.add(gate, 0, 1) + 1;
  parentPort.postMessage({ type: 'gate', target: String(target) });
  while (Atomics.load(gate, 1) < started) Atomics.wait(gate, 1, Atomics.load(gate, 1));
  if (Atomics.load(gate, 2) === 1) throw new Error('EIO: input/output error (the test failed this fdatasync)');
}

function run({ path, shared, gate }) {
  const slots = new BigInt64Array(shared);
  const held = gate ? new Int32Array(gate) : null;
  let fd = -1;
  let inode = -1;
  let synced = 0n;
  for (;;) {
    Atomics.wait(slots, COMMITTED, synced);  // returns at once if a group was committed since
    const target = Atomics.load(slots, COMMITTED);
    if (target === STOP) break;
    if (target === synced) continue;
    const started = process.hrtime.bigint();
    try {
      if (held) waitForTheGate(held, target);
      if (fd < 0 || statSync(path).ino !== inode) {
        if (fd >= 0) closeSync(fd);
        fd = -1;
        fd = openSync(path, 'r');
        inode = fstatSync(fd).ino;
      }
      fdatasyncSync(fd);
      Atomics.store(slots, DURABLE, target);
      parentPort.postMessage({ upTo: target, ok: true, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    } catch (error) {
      // After a failed fdatasync, a later one that succeeds proves nothing about the pages the
      // failed one was asked for (the kernel may have dropped them): the server stops reading
      // DURABLE and goes by the messages, which come in order, this failure first.
      Atomics.store(slots, FAILED, 1n);
      parentPort.postMessage({ upTo: target, ok: false, message: error.message });
    }
    synced = target;
  }
  if (fd >= 0) closeSync(fd);
}

if (parentPort && workerData?.shared) run(workerData);
