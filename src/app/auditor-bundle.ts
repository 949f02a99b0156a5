import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AsOfIndex } from '../../projections/as-of-index.js';
import type { BoardReportView } from '../../projections/board-report-view.js';
import { planSnapshot } from '../../projections/current-plans.js';
import { TrustedDecoder } from '../../projections/runtime/trusted-decode.js';
import type { RecordedEvent } from '../domain/envelope.js';
import { isSystemStream } from '../domain/system-streams.js';
import { NotFoundError } from '../errors.js';
import { canonicalJson } from '../lib/canonical-json.js';
import { sha256Hex } from '../lib/hash.js';
import { consistencyProof, MerkleAccumulator } from '../lib/merkle.js';
import type { EventStore } from '../store/event-store.js';
import { readLogPages } from '../store/read-log.js';
import { signDigest } from './signed-digest.js';
import type { SigningKey } from './signing-key.js';

/** The standalone verifier shipped inside every bundle (plain Node, no dependencies). */
export const VERIFIER = new URL('../../tools/verify-bundle.mjs', import.meta.url);

export interface BundleRequest {
  /** The latest board report presented on or before this date: its events, snapshot and digest. */
  reportedOn?: string;
  /** Or: everything recorded by the end of this date, and the board summary as then known. */
  asOf?: string;
}

const endOfDay = (date: string) => `${date}T23:59:59.999Z`;

/**
 * Writes an auditor's bundle into `dir`: the events up to the report (events.ndjson, exactly as
 * stored), the snapshot shown (snapshot.json: the presented plans at the report's time point,
 * whose SHA-256 the report recorded), a digest of those events signed by the server's key, a
 * consistency proof from it to the whole ledger today (with today's signed digest), the public
 * key, a manifest of file hashes, and `verify-bundle.mjs`, which checks all of it offline.
 */
export async function writeAuditorBundle(
  store: EventStore,
  key: SigningKey,
  request: BundleRequest,
  dir: string,
  now: () => Date,
  onProgress?: (done: number) => void,
): Promise<{ events: number; report: BoardReportView | null; files: string[] }> {
  const index = new AsOfIndex();
  const decoder = new TrustedDecoder();
  const all: RecordedEvent[] = [];
  for await (const page of readLogPages(store, { pageSize: 5000 })) {
    for (const e of page) {
      // Key and idempotency records are ledger events too (hashed, in the digest the bundle
      // proves), but not plan facts: the read model never folds them.
      if (!isSystemStream(e.streamId)) index.apply(decoder.decode(e));
      all.push(e);
    }
    onProgress?.(all.length);
  }
  let report: BoardReportView | null = null;
  let cutoff: (e: RecordedEvent) => boolean;
  let snapshot: unknown;
  if (request.reportedOn !== undefined) {
    const reports = index
      .boardReportsAt({ asOf: request.reportedOn, knownAt: now().toISOString() })
      .filter((r) => r.boardDate <= (request.reportedOn ?? ''))
      .sort((a, b) => (a.boardDate + a.recordedAt < b.boardDate + b.recordedAt ? -1 : 1));
    report = reports.at(-1) ?? null;
    if (report === null) throw new NotFoundError('board report on or before', request.reportedOn);
    const shown = report;
    const reportEvent = all.find(
      (e) =>
        e.type === 'BoardReportPresented' &&
        e.streamId === `board-${shown.boardId}` &&
        e.revision === shown.revision,
    );
    const lastPosition = reportEvent?.position ?? Number.POSITIVE_INFINITY;
    cutoff = (e) => e.position <= lastPosition;
    const at = { asOf: shown.asOf, knownAt: shown.knownAt };
    snapshot = {
      report: shown,
      plans: [...shown.planIds].sort().map((planId) => planSnapshot(index, planId, at)),
    };
  } else {
    const date = request.asOf ?? now().toISOString().slice(0, 10);
    cutoff = (e) => e.recordedAt <= endOfDay(date);
    snapshot = { report: null, asOf: date, knownAt: endOfDay(date) };
  }
  const events = all.filter(cutoff);
  const tree = new MerkleAccumulator();
  for (const e of events) tree.add(Buffer.from(e.hash, 'hex'));
  const signedAt = now().toISOString();
  const digest = signDigest(
    {
      treeSize: tree.size,
      rootHash: tree.root().toString('hex'),
      headPosition: events.at(-1)?.position ?? -1,
      signedAt,
      keyId: key.keyId,
    },
    key,
  );
  const leaves = all.map((e) => Buffer.from(e.hash, 'hex'));
  const today = new MerkleAccumulator();
  for (const l of leaves) today.add(l);
  const todayDigest = signDigest(
    {
      treeSize: today.size,
      rootHash: today.root().toString('hex'),
      headPosition: all.at(-1)?.position ?? -1,
      signedAt,
      keyId: key.keyId,
    },
    key,
  );
  const consistency = {
    oldSize: tree.size,
    newSize: today.size,
    proof: consistencyProof(tree.size, leaves).map((b) => b.toString('hex')),
  };
  const { readFile } = await import('node:fs/promises');
  const files: Record<string, string> = {
    'events.ndjson': events.map((e) => `${JSON.stringify(e)}\n`).join(''),
    'snapshot.json': `${JSON.stringify(snapshot, null, 2)}\n`,
    'digest.json': `${JSON.stringify(digest, null, 2)}\n`,
    'ledger-digest-today.json': `${JSON.stringify(todayDigest, null, 2)}\n`,
    'consistency.json': `${JSON.stringify(consistency, null, 2)}\n`,
    'public-key.pem': key.publicKeyPem,
    'verify-bundle.mjs': await readFile(VERIFIER, 'utf8'),
  };
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const manifest = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, sha256Hex(text)]));
  await writeFile(join(dir, 'manifest.json'), `${canonicalJson(manifest)}\n`);
  return { events: events.length, report, files: [...Object.keys(files), 'manifest.json'] };
}
