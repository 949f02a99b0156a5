import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/**
 * Where a snapshot's bytes are read from, a piece at a time: the open snapshot file
 * (`SnapshotFile`), or bytes already in memory (`BytesInMemory`, for tests and tools).
 *
 * Why not the whole file in one buffer (docs/architecture.md, "Runner and persistence"): at 1M
 * events a snapshot is ≈ 400 MB, and a start that read it whole, then copied the bodies and
 * columns out of it, touched ≈ 700 MB of fresh memory, which on the machines measured costs
 * more than the reading (first touch of a page ran at 100–400 MB/s). Read piece by piece, each
 * column lands once in the array that keeps it, and the bodies (60% of the file) are not read
 * at all until a read needs them.
 */
export interface SnapshotBytes {
  /** Its length in bytes. */
  readonly size: number;
  /** Fills `into` with the bytes from `offset`; throws when they are not all there. */
  read(into: Uint8Array, offset: number): void;
  /** A file descriptor another thread may read the same bytes from (null: in memory). */
  readonly fd: number | null;
  /** Lets go of the file (reads after this throw). */
  close(): void;
}

/** Bytes in memory: reads copy out of them. */
export class BytesInMemory implements SnapshotBytes {
  readonly fd = null;
  constructor(private readonly bytes: Uint8Array) {}

  get size(): number {
    return this.bytes.length;
  }

  read(into: Uint8Array, offset: number): void {
    if (offset + into.length > this.bytes.length) throw new Error('the snapshot ends before its sections do');
    into.set(this.bytes.subarray(offset, offset + into.length));
  }

  close(): void {}
}

/** Closes the descriptor of a SnapshotFile nobody holds any more (its bodies all parsed). */
const orphans = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/**
 * The open snapshot file, kept open for as long as a restored index may still read bodies
 * from it (closed when the last reader lets go of it). The runner's next snapshot is written
 * under another name and renamed over this one, which leaves this open file as it was; a file
 * changed in place after it was checked (its size or modification time moved) is refused at
 * the next read rather than misread.
 */
export class SnapshotFile implements SnapshotBytes {
  private open: number | null;
  private readonly stat: Stats;
  private readonly token = {};

  private constructor(fd: number) {
    this.open = fd;
    this.stat = fstatSync(fd);
    orphans.register(this, fd, this.token);
  }

  /** The file at `path`, open for reading; null when there is none. */
  static open(path: string): SnapshotFile | null {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return null;
    }
    return new SnapshotFile(fd);
  }

  get size(): number {
    return this.stat.size;
  }

  get fd(): number | null {
    return this.open;
  }

  read(into: Uint8Array, offset: number): void {
    const fd = this.open;
    if (fd === null) throw new Error('the snapshot file was closed');
    const now = fstatSync(fd);
    if (now.size !== this.stat.size || now.mtimeMs !== this.stat.mtimeMs)
      throw new Error('the snapshot file was changed after it was checked');
    for (let at = 0; at < into.length; ) {
      const n = readSync(fd, into, at, into.length - at, offset + at);
      if (n === 0) throw new Error('the snapshot ends before its sections do');
      at += n;
    }
  }

  close(): void {
    if (this.open === null) return;
    orphans.unregister(this.token);
    closeSync(this.open);
    this.open = null;
  }
}
