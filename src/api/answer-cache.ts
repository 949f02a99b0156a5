/**
 * Serialized answers, kept as JSON text per (route, query, time point) and the version of what
 * they were read from: a dashboard polling the same board summary or plan gets the bytes of the
 * first answer until an event changes what that answer reads (or a rebuild swaps the index,
 * which empties the cache). Bounded in bytes (and entries), least recently used first out.
 *
 * The version is the route's own (`answerCache: { version }`): a plan answer is kept per
 * `planVersion` (projections/plan-version.ts), which only an event on the plan or one of its
 * items moves, so writes elsewhere leave it cached; every other cached route is kept per log
 * position (any event moves it). A stale entry is never served: its version no longer matches
 * the version computed for the request, so it is dropped and the answer built afresh.
 *
 * The bodies are strings, not Buffers: a string answer goes to the socket without a JS Buffer
 * made per request, while a Buffer per answer (allocated, then the time point and the kept
 * bytes copied in) cost more than the rest of the hit path (1M HTTP bench profile:
 * `createUnsafeBuffer` and the copy, 14–38% of the subject runs' samples). A kept string is
 * promoted into the old generation once and stays; the admission rule below keeps a full cache
 * from churning.
 *
 * When the cache is full, an answer is admitted only if its key has been asked for more often
 * (recently) than the least recently used entry it would push out: a one-off question (an
 * auditor's random past date) does not displace what dashboards keep asking, and a reader
 * cycling through more answers than fit (every plan in turn) leaves the kept ones kept instead
 * of replacing each just before it is asked again (plain LRU would then never hit).
 */
export class AnswerCache {
  private readonly entries = new Map<string, Kept>();
  /** How often each key was asked for lately (admission when full); halved as it fills up. */
  private readonly asked = new Map<string, number>();
  private bytes = 0;
  private index: object | null = null;
  hits = 0;
  misses = 0;

  constructor(readonly limits: AnswerCacheLimits = DEFAULT_LIMITS) {}

  /** The bytes kept for `key` at `version` of this index, if any. */
  get(index: object, key: string, version: number): string | undefined {
    this.follow(index);
    this.count(key);
    const kept = this.entries.get(key);
    if (kept === undefined || kept.version !== version) {
      if (kept !== undefined) this.drop(key, kept);
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, kept);
    return kept.body;
  }

  /**
   * Keeps `body` for `key` at `version` of this index, if it fits (a quarter of the bytes at
   * most) and, when the cache is full, if the key was asked for more often than the entry it
   * would push out first.
   */
  set(index: object, key: string, version: number, body: string): void {
    this.follow(index);
    const size = body.length + key.length;
    if (size > this.limits.bytes / 4) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) this.drop(key, previous);
    const full = this.entries.size >= this.limits.entries || this.bytes + size > this.limits.bytes;
    if (full) {
      const victim = this.entries.keys().next().value;
      if (victim !== undefined && (this.asked.get(key) ?? 0) <= (this.asked.get(victim) ?? 0)) return;
    }
    this.entries.set(key, { version, body, size });
    this.bytes += size;
    for (const [oldest, kept] of this.entries) {
      if (this.entries.size <= this.limits.entries && this.bytes <= this.limits.bytes) break;
      this.drop(oldest, kept);
    }
  }

  /** Characters held (bodies and keys): bytes, for the ASCII JSON the ledger writes. */
  get size(): number {
    return this.bytes;
  }

  private count(key: string): void {
    this.asked.set(key, (this.asked.get(key) ?? 0) + 1);
    if (this.asked.size <= 4 * this.limits.entries) return;
    // Ageing: what was asked often long ago weighs half, what was asked once is forgotten.
    for (const [k, n] of this.asked) {
      if (n <= 1) this.asked.delete(k);
      else this.asked.set(k, n >> 1);
    }
  }

  private drop(key: string, kept: Kept): void {
    this.entries.delete(key);
    this.bytes -= kept.size;
  }

  private follow(index: object): void {
    if (index === this.index) return;
    this.entries.clear();
    this.asked.clear();
    this.bytes = 0;
    this.index = index;
  }
}

/** How much the cache may hold. */
export interface AnswerCacheLimits {
  /** Answers kept at most. */
  entries: number;
  /** Characters of bodies and keys kept at most; one answer may take a quarter of it. */
  bytes: number;
}

/**
 * 32 MB (the bound it had when it counted entries first): at 1M events a plan answer is a few
 * KB (15 KB on average at now), so a couple of thousand plans at their polled time points fit.
 */
const DEFAULT_LIMITS: AnswerCacheLimits = { entries: 16_384, bytes: 32 << 20 };

interface Kept {
  version: number;
  body: string;
  size: number;
}
