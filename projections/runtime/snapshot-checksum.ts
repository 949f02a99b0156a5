import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';

/** Why a snapshot whose body does not match its header's CRC-32 is refused. */
export const CHECKSUM_MISMATCH = 'its checksum does not match (the file was edited or torn)';

/**
 * Reads a whole file into memory a worker thread can read too (a SharedArrayBuffer): the
 * snapshot's checksum is then computed beside its decoding (`checksumOffThread`) instead of
 * before it, on the same bytes. Null when there is no file.
 */
export async function readShared(path: string): Promise<Buffer | null> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const { size } = await handle.stat();
    const file = Buffer.from(new SharedArrayBuffer(size));
    for (let at = 0; at < size; ) {
      const { bytesRead } = await handle.read(file, at, size - at, at);
      if (bytesRead === 0) return file.subarray(0, at); // shrank meanwhile: read as truncated
      at += bytesRead;
    }
    return file;
  } finally {
    await handle.close();
  }
}

/** Plain JavaScript (no build step in a worker): the CRC-32 of the shared bytes, posted back. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { crc32 } = require('node:zlib');
const { buffer, offset, length } = workerData;
parentPort.postMessage(length === 0 ? 0 : crc32(new Uint8Array(buffer, offset, length)));
`;

/**
 * The CRC-32 of `bytes`, on a worker thread when they live in a SharedArrayBuffer (at 1M
 * events, ≈ 1.5 s of CPU a start spent before decoding anything), else here.
 */
export function checksumOffThread(bytes: Uint8Array): Promise<number> {
  if (!(bytes.buffer instanceof SharedArrayBuffer) || bytes.length === 0)
    return Promise.resolve(bytes.length === 0 ? 0 : crc32(bytes));
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { buffer: bytes.buffer, offset: bytes.byteOffset, length: bytes.length },
  });
  return new Promise<number>((resolve, reject) => {
    worker.once('message', (crc: number) => resolve(crc));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the checksum worker exited (${code})`)));
  });
}
