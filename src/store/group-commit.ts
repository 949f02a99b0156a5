/**
 * Group commit: appends that arrive while the event loop is busy (typically while the previous
 * commit's fsync held it) are written in ONE transaction, so they share one durable commit. Each
 * append still runs its own checks inside the batch (a savepoint each, see the SQLite store), so
 * a conflict fails only its own append; every caller is answered only after the commit that
 * covers its events has returned, i.e. after its fsync.
 */

/** How one queued append ended inside the batch. */
export type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

interface Queued<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<I, O> {
  private queue: Queued<I, O>[] = [];
  private scheduled: Promise<void> | null = null;
  /** Transactions committed and appends they carried: the batching a benchmark or test can see. */
  readonly stats = { commits: 0, appends: 0 };

  /**
   * @param commit runs every queued input in one transaction and returns one outcome per input,
   * in order; it throws only when the transaction as a whole failed (then every input fails).
   */
  constructor(private readonly commit: (inputs: I[]) => Outcome<O>[]) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      // setImmediate runs after the I/O callbacks already waiting: requests that were ready in
      // the same turn of the loop join this batch.
      this.scheduled ??= new Promise<void>((done) =>
        setImmediate(() => {
          this.scheduled = null;
          this.flush();
          done();
        }),
      );
    });
  }

  /** Resolves once everything submitted so far has been committed (or has failed). */
  async drain(): Promise<void> {
    while (this.scheduled) await this.scheduled;
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: Outcome<O>[];
    try {
      outcomes = this.commit(batch.map((q) => q.input));
    } catch (error) {
      for (const q of batch) q.reject(error);
      return;
    }
    this.stats.commits++;
    this.stats.appends += batch.length;
    batch.forEach((q, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) q.resolve(outcome.value);
      else q.reject(outcome ? outcome.error : new Error('group commit: no outcome for an append'));
    });
  }
}
