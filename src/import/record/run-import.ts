import type { ListedItem } from '../../../projections/runtime/log-index.js';
import type { SnapshotDigester } from '../../../projections/runtime/presented-snapshot.js';
import { latestRecordedAt } from '../../../projections/runtime/presented-snapshot.js';
import { BoardReportPresented } from '../../domain/board-events.js';
import type { Actor, NewEvent } from '../../domain/envelope.js';
import { breather } from '../../lib/breather.js';
import type { EventStore } from '../../store/event-store.js';
import type { ParsedDocument } from '../parsed-document.js';
import { appendDecided } from './append-decided.js';
import { type DecidedImport, decidePlanBreathing } from './decide-plan.js';
import { planImport } from './import-plan.js';
import type { ImportFailure, ImportReport, ImportStatus } from './import-report.js';
import { heldPlans, missingItems, olderPaper } from './later-paper.js';
import { adoptLineKeyedItems } from './line-keyed-items.js';
import type { ImportPlan } from './planned-command.js';
import { readPlannedStreams } from './planned-reads.js';
import type { Presentation, PresentOptions } from './presented-paper.js';
import { namedReport } from './report-words.js';

export interface RunImportOptions extends PresentOptions {
  /** The importing principal; every event's actor (method `import`). */
  actor: Actor;
  /** The correlation id of every event. Default `import:<sourceId>`, the same on a re-run. */
  importId?: string;
  /** Decide everything, append nothing. */
  dryRun?: boolean;
  /**
   * `--no-corrections`: where the document states a fact differently from what the ledger holds
   * for the same date, refuse the whole document (one failure per contradiction) instead of
   * recording corrections.
   */
  refuseCorrections?: boolean;
  /** The date undated facts fall on when the document holds no date. Default: today (UTC). */
  today?: string;
  /**
   * The digest of the snapshot the paper presents, computed once the document's facts are
   * appended. Without it the report records no digest.
   */
  snapshotDigest?: SnapshotDigester;
  /**
   * The items the ledger lists now under these plans (before this import's appends), to report
   * those a later paper no longer lists. Without it, missing items are not looked for.
   */
  listedItems?: (planIds: readonly string[]) => Promise<readonly ListedItem[]>;
  /**
   * The plan, when it was already made from the document (on the import thread, see
   * src/import/off-thread/); otherwise planned here.
   */
  plan?: ImportPlan;
  /**
   * Events per shared commit (default: append-decided.ts's). A server answering other requests
   * meanwhile takes smaller groups: each group is prepared in one turn of its event loop.
   */
  eventsPerCommit?: number;
  /** Streams read / decided / appended so far, of the total. */
  onProgress?: (phase: 'read' | 'append', done: number, total: number) => void;
}

export interface ImportOutcome {
  report: ImportReport;
  plan: ImportPlan;
  decided: DecidedImport;
}

function countByType(decided: DecidedImport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const stream of decided.streams) {
    for (const event of stream.events) counts[event.type] = (counts[event.type] ?? 0) + 1;
  }
  return counts;
}

/**
 * Imports one parsed document: plans every command, decides all of them against the ledger's
 * current state, and appends only if none was refused — all or nothing per document. Each
 * stream's events go in ONE append at exactly the revision they were decided on, in the plan's
 * order (inspections, plans, items, boards), many streams of one kind sharing a commit
 * (`append-decided.ts`). The store has no transaction across a whole document: if an append
 * fails part-way (a concurrent writer, a crash) the streams written before it keep their events,
 * the report says `interrupted`, and running the same import again completes it, because event
 * ids derive from the source and the row, so what is stored is recognised and not repeated.
 */
export async function runImport(
  store: EventStore,
  document: ParsedDocument,
  options: RunImportOptions,
): Promise<ImportOutcome> {
  let plan =
    options.plan ??
    planImport(document, {
      today: options.today ?? new Date().toISOString().slice(0, 10),
      board: options.board,
      boardDate: options.boardDate,
    });
  // Thousands of streams are read, decided and appended: a server keeps answering meanwhile.
  const breathe = breather();
  const importId = options.importId ?? `import:${plan.sourceId}`;
  const headBefore = await store.headPosition();
  const existing = await readPlannedStreams(
    store,
    plan.streams.map((s) => s.streamId),
    breathe,
    (done, total) => options.onProgress?.('read', done, total),
  );
  // Rows without a ref that a ledger holds under their former `line-N` key stay those items.
  const listed = options.listedItems;
  plan = await adoptLineKeyedItems(plan, existing, {
    readStream: (streamId) => store.readStream(streamId),
    ...(listed ? { listedRefs: () => listed([...heldPlans(plan, existing).keys()]) } : {}),
  });
  const meta = {
    actor: options.actor,
    correlationId: importId,
    refuseCorrections: options.refuseCorrections ?? false,
  };
  const decided = await decidePlanBreathing(plan, existing, meta, breathe);
  const failures: ImportFailure[] = [...decided.failures];
  if (plan.rowsRead === 0) {
    // An empty file, garbage, or a document with no plan table is refused, never "unchanged".
    failures.push({
      line: null,
      streamId: '',
      command: 'read',
      rule: 'import.no_plan',
      message: `${plan.file.name} holds no improvement plan: no table was found whose title row names a Ref column and at least two of Area for Improvement / Recommendation, Due Date, Action Owner, Response, RAG Status. Check it is the plan itself (text export, CSV or XLSX)`,
    });
  }
  const planned = decided.streams.reduce((n, s) => n + s.events.length, 0);
  // Next month's export read as a whole paper: older than the latest imported? Items it dropped?
  const boardStream = plan.streams.find((s) => s.kind === 'board');
  const older = olderPaper(plan, boardStream ? (existing.get(boardStream.streamId) ?? []) : []);
  const plans = heldPlans(plan, existing);
  const missing =
    plans.size > 0 && options.listedItems
      ? missingItems(plan, plans, await options.listedItems([...plans.keys()]))
      : [];
  let appendedEvents = 0;
  let appendedStreams = 0;
  let status: ImportStatus;
  // A new report only: a re-import finds its report already recorded; a refused one records none.
  // An older paper is not recorded at all: neither its new facts nor its refusals (a fact dated
  // before what the ledger now holds) matter; the report says which paper superseded it.
  const superseded = older !== null && plan.rowsRead > 0 && (planned > 0 || failures.length > 0);
  if (superseded) failures.splice(0);
  const newReport =
    failures.length === 0 && !superseded && decided.streams.some((s) => s.events.some(isReport));
  let presented: Presentation | null = newReport ? plan.presentation : null;
  if (failures.length > 0) status = 'failed';
  else if (superseded) status = 'superseded';
  else if (options.dryRun) status = 'dry-run';
  else if (planned === 0) status = 'unchanged';
  else {
    // Many streams share one commit (one fsync), in the plan's order: append-decided.ts.
    const kinds = new Map(plan.streams.map((s) => [s.streamId, s.kind]));
    const appended = await appendDecided(store, decided.streams, {
      kindOf: (streamId) => kinds.get(streamId),
      isReport,
      beforeReport: async (stream) => {
        presented = await fixPresentation(store, stream.events, options.snapshotDigest, plan.presentation);
      },
      onProgress: (done, total) => options.onProgress?.('append', done, total),
      breathe,
      ...(options.eventsPerCommit === undefined ? {} : { eventsPerCommit: options.eventsPerCommit }),
    });
    appendedEvents = appended.events;
    appendedStreams = appended.streams;
    failures.push(...appended.failures);
    status = appended.failures.length > 0 ? 'interrupted' : 'imported';
  }
  // Every line of it names the file, dates in words (`report-words.ts`).
  const report = namedReport({
    source: document.source,
    sourceId: plan.sourceId,
    importId,
    status,
    startDate: plan.startDate,
    presented,
    rows: {
      read: plan.rowsRead,
      skipped: document.skipped.length,
      doubtful: document.warnings.length + decided.asReported.length,
    },
    events: {
      planned,
      appended: appendedEvents,
      alreadyImported: decided.alreadyImported,
      alreadyTrue: decided.alreadyTrue,
      byType: countByType(decided),
    },
    streams: { planned: plan.streams.length, changed: decided.streams.length, appended: appendedStreams },
    headBefore,
    headAfter: await store.headPosition(),
    skipped: document.skipped,
    // Facts recorded as the paper reported them although the item was closed: doubtful rows too.
    warnings: [...document.warnings, ...decided.asReported].sort((a, b) => a.line - b.line),
    notes: [...plan.notes],
    older,
    missing,
    corrections: decided.corrections,
    failures,
  });
  return { report, plan, decided };
}

const isReport = (event: NewEvent) => event.type === 'BoardReportPresented';

/**
 * A paper's report shows the document as imported: everything recorded up to this moment (the
 * document's own facts were appended just before), and the digest of that snapshot. Fixed here,
 * just before its append, because neither is known when the import is decided.
 */
async function fixPresentation(
  store: EventStore,
  events: NewEvent[],
  digester: SnapshotDigester | undefined,
  planned: Presentation | null,
): Promise<Presentation | null> {
  let fixed = planned;
  for (const event of events) {
    if (!isReport(event)) continue;
    const body = BoardReportPresented.parse({ type: event.type, data: event.data });
    const knownAt = (await latestRecordedAt(store)) || new Date().toISOString();
    const at = { asOf: body.data.asOf, knownAt };
    const snapshotDigest = digester ? await digester(body.data.planIds, at) : null;
    event.data = { ...body.data, knownAt, snapshotDigest };
    if (fixed) fixed = { ...fixed, knownAt, snapshotDigest };
  }
  return fixed;
}
