#!/usr/bin/env node
// Plan Ledger auditor bundle verifier. Standalone on purpose: plain Node (20+), no packages,
// no database, and none of the ledger's own code, so it is an independent check of what the
// ledger exported. Usage: node verify-bundle.mjs [BUNDLE_DIR]   (default: this file's folder)
// Exit 0 when every check passes; 1 names the first that fails.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Canonical JSON: keys sorted by UTF-16 code units, no whitespace, undefined members dropped. */
export function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value)
    .sort()
    .filter((k) => value[k] !== undefined);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const GENESIS = '0'.repeat(64);

/** What an event's hash covers: everything but its position and the hash itself. */
export function eventHash(e) {
  const covered = {
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    streamId: e.streamId,
    revision: e.revision,
    effectiveOn: e.effectiveOn,
    recordedAt: e.recordedAt,
    actor: e.actor,
    correlationId: e.correlationId,
    causationId: e.causationId,
    data: e.data,
    prevHash: e.prevHash,
    provenance: e.provenance,
  };
  return sha256(canonicalJson(covered)).toString('hex');
}

// RFC 6962 Merkle tree: leaf = SHA-256(0x00 || hash), node = SHA-256(0x01 || left || right).
const leafHash = (b) => sha256(Buffer.from([0]), b);
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r);
export function merkleRoot(leaves) {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leafHash(leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(merkleRoot(leaves.slice(0, k)), merkleRoot(leaves.slice(k)));
}

/** RFC 9162 §2.1.4.2 consistency proof check. */
export function verifyConsistency(m, n, firstRoot, secondRoot, proof) {
  if (m < 0 || n < m) return false;
  if (m === n) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (m === 0) return proof.length === 0;
  const path = (m & (m - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = m - 1;
  let sn = n - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!(fn & 1))
        while (!(fn & 1) && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

function signatureHolds(digest, publicKeyPem) {
  const { signature, algorithm, ...statement } = digest;
  if (algorithm !== 'Ed25519') return false;
  try {
    return verify(
      null,
      Buffer.from(canonicalJson(statement)),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** Every check, in order; returns a list of { check, ok, detail }. */
export function verifyBundle(dir) {
  const results = [];
  const check = (name, ok, detail) => results.push({ check: name, ok, detail });
  const read = (name) => readFileSync(join(dir, name), 'utf8');
  const manifest = JSON.parse(read('manifest.json'));
  for (const [name, expected] of Object.entries(manifest)) {
    const actual = sha256(read(name)).toString('hex');
    check(
      `manifest: ${name}`,
      actual === expected,
      actual === expected ? 'unchanged' : `SHA-256 ${actual}, manifest says ${expected}`,
    );
  }
  const events = read('events.ndjson')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
  const streams = new Map();
  let firstBad = null;
  events.forEach((e, i) => {
    if (firstBad) return;
    const last = streams.get(e.streamId);
    const problems = [];
    if (e.position !== i) problems.push(`position ${e.position} where ${i} was expected`);
    if (e.revision !== (last ? last.revision + 1 : 0))
      problems.push(`revision ${e.revision} does not follow ${last ? last.revision : 'the start'}`);
    if (e.prevHash !== (last ? last.hash : GENESIS))
      problems.push('prevHash does not chain to the previous event of its stream');
    if (eventHash(e) !== e.hash) problems.push('its hash does not match its content');
    if (problems.length > 0) firstBad = `event ${e.eventId} (position ${e.position}): ${problems.join('; ')}`;
    streams.set(e.streamId, { revision: e.revision, hash: e.hash });
  });
  check(
    'events: positions, revisions, chain links and hashes',
    firstBad === null,
    firstBad ?? `${events.length} events in ${streams.size} streams`,
  );
  const digest = JSON.parse(read('digest.json'));
  const today = JSON.parse(read('ledger-digest-today.json'));
  const publicKey = read('public-key.pem');
  const root = merkleRoot(events.map((e) => Buffer.from(e.hash, 'hex'))).toString('hex');
  check(
    'digest: Merkle root of the events',
    digest.treeSize === events.length && digest.rootHash === root,
    `tree size ${events.length}, root ${root}; the digest says ${digest.treeSize}, ${digest.rootHash}`,
  );
  check('digest: signed by the ledger key', signatureHolds(digest, publicKey), `key ${digest.keyId}`);
  check(
    "today's digest: signed by the ledger key",
    signatureHolds(today, publicKey),
    `tree size ${today.treeSize}`,
  );
  const consistency = JSON.parse(read('consistency.json'));
  const consistent =
    consistency.oldSize === digest.treeSize &&
    consistency.newSize === today.treeSize &&
    verifyConsistency(
      digest.treeSize,
      today.treeSize,
      Buffer.from(digest.rootHash, 'hex'),
      Buffer.from(today.rootHash, 'hex'),
      consistency.proof.map((p) => Buffer.from(p, 'hex')),
    );
  check(
    'consistency: these events are a prefix of the ledger at export',
    consistent,
    `${digest.treeSize} of ${today.treeSize} events`,
  );
  const snapshot = JSON.parse(read('snapshot.json'));
  if (snapshot.report) {
    const presented = events.some(
      (e) =>
        e.type === 'BoardReportPresented' &&
        e.streamId === `board-${snapshot.report.boardId}` &&
        e.revision === snapshot.report.revision &&
        e.data.snapshotDigest === snapshot.report.snapshotDigest,
    );
    check(
      'snapshot: the report is one of the events',
      presented,
      `board ${snapshot.report.boardName}, ${snapshot.report.boardDate}`,
    );
    if (snapshot.report.snapshotDigest !== null) {
      const recomputed = sha256(canonicalJson(snapshot.plans)).toString('hex');
      check(
        'snapshot: what the board was shown (its SHA-256 is the one the report recorded)',
        recomputed === snapshot.report.snapshotDigest,
        recomputed,
      );
    }
  }
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
  let results;
  try {
    results = verifyBundle(dir);
  } catch (error) {
    console.error(
      `Cannot read the bundle in ${dir}: ${error.message}. Give the folder that holds manifest.json.`,
    );
    process.exit(2);
  }
  for (const r of results) console.log(`${r.ok ? 'OK  ' : 'FAIL'} ${r.check}: ${r.detail}`);
  const failed = results.filter((r) => !r.ok);
  console.log(
    failed.length === 0
      ? `\nBundle verified: all ${results.length} checks pass.`
      : `\nBundle NOT verified: ${failed.length} of ${results.length} checks fail. Do not rely on it; ask the ledger's operator for a fresh export.`,
  );
  process.exit(failed.length === 0 ? 0 : 1);
}
