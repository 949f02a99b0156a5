import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import type { SnapshotBytes } from './snapshot-bytes.js';

/** Why a snapshot whose body does not match its header's CRC-32 is refused. */
export const CHECKSUM_MISMATCH = 'its checksum does not match (the file was edited or torn)';

/** Bytes per read of the running checksum: one buffer, reused, so little fresh memory is touched. */
const STEP = 4 * 1024 * 1024;

/**
 * Plain JavaScript (no build step in a worker): the CRC-32 of the first `length` bytes of the
 * open file `fd` (the process's descriptor, shared with the thread), read a few MB at a time.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { crc32 } = require('node:zlib');
const { fd, length, step } = workerData;
const buffer = Buffer.allocUnsafe(Math.min(step, Math.max(length, 1)));
let crc = 0;
for (let at = 0; at < length; ) {
  const n = readSync(fd, buffer, 0, Math.min(buffer.length, length - at), at);
  if (n === 0) throw new Error('the snapshot ends before its body does');
  crc = crc32(buffer.subarray(0, n), crc);
  at += n;
}
parentPort.postMessage(crc);
`;

/**
 * The CRC-32 of the first `length` bytes of `bytes`: for a file, on a worker thread reading the
 * file itself (at 1M events, ≈ 1.5 s of CPU a start spent before decoding anything, and it
 * needs no copy of the file in memory), while this thread decodes the same bytes; nothing
 * decoded is used before it matches (SnapshotStore.load). The file must stay open until this
 * settles.
 */
export function checksumOffThread(bytes: SnapshotBytes, length: number): Promise<number> {
  if (length === 0) return Promise.resolve(0);
  if (bytes.fd === null) {
    const copy = new Uint8Array(length);
    bytes.read(copy, 0);
    return Promise.resolve(crc32(copy));
  }
  const worker = new Worker(WORKER, { eval: true, workerData: { fd: bytes.fd, length, step: STEP } });
  return new Promise<number>((resolve, reject) => {
    worker.once('message', (crc: number) => resolve(crc));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the checksum worker exited (${code})`)));
  });
}
