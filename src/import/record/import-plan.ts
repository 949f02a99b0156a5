import { commandTarget } from '../../app/aggregates.js';
import type { Ulid } from '../../domain/fields.js';
import { itemName } from '../../domain/item-name.js';
import { dateInWords } from '../../lib/date-words.js';
import type { IsoDate, LineNote, ParsedDocument, ParsedInspection } from '../parsed-document.js';
import { inspectionIdFor, normaliseName, planIdFor, sourceIdentity } from './import-ids.js';
import { assignRefs, groupListings } from './item-identities.js';
import { type ItemPlanContext, planItem } from './item-plan.js';
import { orderDrafts, type Receipt } from './order-drafts.js';
import type { Dated, DraftCommand, ImportPlan, PlannedStream } from './planned-command.js';
import { type PresentOptions, planPresentation } from './presented-paper.js';

/**
 * A stream that the importer creates, named by its creating command's target (worked out where
 * every command's is, `commandTarget`), with that command first.
 */
function streamFrom(kind: PlannedStream['kind'], label: string, drafts: DraftCommand[]): DraftStream {
  const first = drafts[0];
  const target = first === undefined ? null : commandTarget(first.command);
  if (target === null) throw new Error(`the ${label} stream is planned without its creating command`);
  return { streamId: target.streamId, kind, label, drafts };
}
/** A name without its directory: provenance never records where a file sat on someone's disk. */
const fileNameOf = (source: string) => source.split(/[\\/]/).pop()?.trim() || 'unnamed';

export interface PlanImportOptions extends PresentOptions {
  /** The date facts fall on when the document holds no date at all (then noted). */
  today: IsoDate;
}

interface DraftStream {
  streamId: string;
  kind: PlannedStream['kind'];
  label: string;
  drafts: DraftCommand[];
  lineKey?: string;
}

const cut = (text: string, max = 500) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** A header field left blank ("Improvement Plan Owner:" with nothing after it) is no owner, not an error. */
const blankIsNull = (text: string | null) => (text === null || text.trim() === '' ? null : cut(text.trim()));

/** "HMIC Police Report Card Inspection" → "HMIC"; the inspectorate is not stated otherwise. */
function inspectorateOf(title: string): string {
  return /^(HMICFRS|HMIC|HMIP|HMI)\b/i.exec(title)?.[1]?.toUpperCase() ?? 'not stated in the source';
}

/** Every date the document gives, so the earliest can anchor what it does not date. */
function datesOf(streams: readonly DraftStream[], paperDate: IsoDate | null): IsoDate[] {
  const dates = streams.flatMap((s) => s.drafts.map((d) => d.effectiveOn).filter((d) => d !== null));
  return paperDate === null ? dates : [...dates, paperDate];
}

function planInspection(
  inspection: ParsedInspection,
  source: string,
  paper: ParsedDocument['paper'],
): { streams: DraftStream[]; planIds: Ulid[]; notes: LineNote[] } {
  const inspectionId = inspectionIdFor(inspection.title);
  const planIds = inspection.plans.map((p) => planIdFor(inspectionId, p.portfolio, p.label ?? null));
  const streams: DraftStream[] = [
    streamFrom('inspection', `the inspection "${inspection.title}"`, [
      {
        command: {
          type: 'RegisterInspection',
          data: {
            inspectionId,
            title: cut(inspection.title),
            inspectorate: inspectorateOf(inspection.title),
            fieldworkFrom: null,
            fieldworkTo: null,
            publishedOn: publishedOn(inspection, paper),
            source: cut(source, 20_000),
          },
        },
        effectiveOn: null,
        line: null,
        rank: 0,
        atReceipt: true,
      },
    ]),
  ];
  const headerNotes: LineNote[] = [];
  inspection.plans.forEach((plan, i) => {
    const planId = planIds[i];
    if (planId === undefined) return;
    const portfolio = plan.label ? `${plan.portfolio} (${plan.label})` : plan.portfolio;
    const firstLine = plan.items[0]?.line ?? null;
    for (const [field, value] of [
      ['Improvement Plan Owner', plan.planOwner],
      ['Portfolio Owner', plan.portfolioOwner],
    ] as const) {
      if (value !== null && value.trim() === '')
        headerNotes.push({
          line: firstLine ?? 1,
          reason: `the plan header's ${field} is blank: the ${portfolio} plan was imported without one. If the paper names one, fill it in and import again`,
        });
    }
    streams.push(
      streamFrom('plan', `the ${portfolio} plan`, [
        {
          command: {
            type: 'OpenPlan',
            data: {
              planId,
              inspectionId,
              portfolio: cut(portfolio),
              portfolioOwner: blankIsNull(plan.portfolioOwner),
              planOwner: blankIsNull(plan.planOwner),
            },
          },
          effectiveOn: null,
          line: firstLine,
          rank: 0,
          atReceipt: true,
        },
      ]),
    );
  });
  const byName = new Map<string, number>();
  inspection.plans.forEach((p, i) => {
    if (!byName.has(normaliseName(p.portfolio))) byName.set(normaliseName(p.portfolio), i);
  });
  const ctx: ItemPlanContext = {
    inspectionId,
    paperDate: paper?.date ?? null,
    planIds,
    portfolios: inspection.plans.map((p) => p.portfolio),
    planOf(name) {
      const planIndex = byName.get(normaliseName(name));
      const planId = planIndex === undefined ? undefined : planIds[planIndex];
      return planIndex === undefined || planId === undefined ? null : { planId, planIndex };
    },
  };
  const grouped = groupListings(inspection);
  const named = assignRefs(inspection, grouped.groups);
  const notes = [...headerNotes, ...grouped.notes, ...named.notes];
  for (const identity of named.identities) {
    const { commands: drafts, notes: itemNotes } = planItem(identity, ctx);
    notes.push(...itemNotes);
    const receive = drafts[0]?.command;
    if (receive?.type !== 'ReceiveRecommendation') continue;
    // The ref as recorded (it may have been cut to fit) decides the item's identity.
    // The stream is the receipt's target, worked out where every command's is.
    const streamId = commandTarget(receive)?.streamId;
    if (streamId === undefined) continue;
    const lineKey = identity.listings[0]?.item.lineKey;
    streams.push({
      streamId,
      kind: 'item',
      label:
        lineKey === undefined
          ? itemName(receive.data.ref)
          : `the item without a ref at ${lineKey.replace('-', ' ')}`,
      drafts,
      ...(lineKey === undefined ? {} : { lineKey }),
    });
  }
  return { streams, planIds, notes };
}

/** Inspections, then plans, then items, then boards: a prefix of this order never leaves an orphan. */
const KIND_ORDER: Record<PlannedStream['kind'], number> = { inspection: 0, plan: 1, item: 2, board: 3 };

/**
 * Turns a parsed document into the commands that record it, stream by stream (pure: nothing is
 * read or written). Every fact gets its own business date: updates their own, RAG and completion
 * the row's Date of Update, a response the earliest date it or its row gives, transfers the date
 * in their wording, the board report the paper's date. What the document does not date (the
 * inspection, its plans, the items and their owners) is recorded as of the earliest date the
 * document holds, its start date.
 */
export function planImport(document: ParsedDocument, options: PlanImportOptions): ImportPlan {
  const notes: LineNote[] = [];
  const streams: DraftStream[] = [];
  const allPlanIds: Ulid[] = [];
  const receiptOf = new Map<string, ParsedInspection['receipt']>();
  for (const inspection of document.inspections) {
    const planned = planInspection(inspection, document.source, document.paper);
    for (const s of planned.streams)
      if (!receiptOf.has(s.streamId)) receiptOf.set(s.streamId, inspection.receipt);
    streams.push(...planned.streams);
    allPlanIds.push(...planned.planIds);
    notes.push(...planned.notes);
  }
  const dates = datesOf(streams, document.paper?.date ?? null).sort();
  const earliest = dates[0];
  if (earliest === undefined && streams.length > 0) {
    notes.push({
      line: 1,
      reason: `the paper holds no date at all: its facts were recorded as of today, ${dateInWords(options.today)}. Import it with --board-date, or add the paper's date, if that is wrong`,
    });
  }
  const startDate = earliest ?? options.today;
  const undated: Dated = { from: earliest === undefined ? 'import-day' : 'document-start', stated: false };
  const receipts = new Map(
    [...receiptOf].map(([id, own]) => [id, receiptDate(own, document.paper, earliest)]),
  );
  const presented = planPresentation(
    document,
    allPlanIds,
    { latest: dates.at(-1), start: startDate },
    options,
  );
  if (presented) {
    const { draft, presentation } = presented;
    streams.push(streamFrom('board', `the report to ${presentation.boardName}`, [draft]));
    notes.push(...presented.notes);
  }
  const merged = mergeStreams(streams);
  const fileName = document.file?.name ?? fileNameOf(document.source);
  const planned: PlannedStream[] = merged
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind])
    .map((s) => ({
      streamId: s.streamId,
      kind: s.kind,
      label: s.label,
      ...(s.lineKey === undefined ? {} : { lineKey: s.lineKey }),
      commands: orderDrafts(s.drafts, {
        receipt: receipts.get(s.streamId) ?? null,
        start: startDate,
        startFrom: undated.from,
        presentation: presented?.presentation ?? null,
        fileName,
      }),
    }));
  const rowsRead = document.inspections.reduce(
    (n, i) => n + i.plans.reduce((m, p) => m + p.items.length, 0),
    0,
  );
  return {
    source: document.source,
    sourceId: sourceIdentity(document),
    file: document.file ?? { name: fileName, digest: sourceIdentity(document) },
    // What the document records first: its receipt when the paper states it, else its earliest date.
    startDate: [...receipts.values()].reduce((d, r) => (r !== null && r.on < d ? r.on : d), startDate),
    presentation: presented?.presentation ?? null,
    streams: planned,
    rowsRead,
    notes: notes.sort((a, b) => a.line - b.line),
  };
}

/** Two inspections of one document with the same title are one stream (kept stable, first wins). */
function mergeStreams(streams: readonly DraftStream[]): DraftStream[] {
  const byId = new Map<string, DraftStream>();
  for (const s of streams) {
    const existing = byId.get(s.streamId);
    if (existing) existing.drafts.push(...s.drafts);
    else byId.set(s.streamId, { ...s, drafts: [...s.drafts] });
  }
  return [...byId.values()];
}

/**
 * When the report reached the force, as the paper states it: what it says about this inspection
 * (`inspection.receipt`, read per inspection when a paper covers several; a month-only statement
 * is its last day, imputed), else the date it was received or distributed, else the date it was
 * published (seed 002: distributed 16 March 2011, published 23 February 2011) — never later than
 * a fact the document dates, so nothing is recorded before the item exists. Null when the paper
 * states none (then the document's earliest date).
 */
function receiptDate(
  own: ParsedInspection['receipt'],
  paper: ParsedDocument['paper'],
  earliest: IsoDate | undefined,
): Receipt | null {
  if (own && fits(own.on, earliest))
    return own.precision === 'day'
      ? { on: own.on, stated: true, from: 'paper-date' }
      : { on: own.on, stated: false, from: 'stated-month' };
  for (const stated of [paper?.received, paper?.published]) {
    if (fits(stated, earliest)) return { on: stated, stated: true, from: 'paper-date' };
  }
  return null;
}

/** A stated date no later than the document's earliest (a module function: called per stream). */
function fits(date: IsoDate | null | undefined, earliest: IsoDate | undefined): date is IsoDate {
  return !!date && (earliest === undefined || date <= earliest);
}

/** The day the inspection's report was published, when the paper states that day for it. */
function publishedOn(inspection: ParsedInspection, paper: ParsedDocument['paper']): IsoDate | null {
  const own = inspection.receipt;
  if (own === undefined) return paper?.published ?? null;
  return own.event === 'published' && own.precision === 'day' ? own.on : null;
}
