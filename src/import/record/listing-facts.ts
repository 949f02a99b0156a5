import type { Ulid } from '../../domain/fields.js';
import { dateInWords } from '../../lib/date-words.js';
import type { IsoDate, ParsedItem, ParsedUpdate } from '../parsed-document.js';
import type { Listing } from './item-identities.js';
import { LONG, notebook, type Planned, SHORT } from './notes.js';
import { cellOf, type Dated, PAPER_REASON, RANK } from './planned-command.js';

const RAG_TO = { red: 'RED', amber: 'AMBER', green: 'GREEN' } as const;

/** The row's own date; without one, its latest dated update; without that, null (the document start). */
function rowDateOf(item: ParsedItem, paperDate: IsoDate | null): { on: IsoDate | null; dated: Dated | null } {
  if (item.dateOfUpdate !== null)
    return { on: item.dateOfUpdate, dated: { from: 'date-of-update', stated: true } };
  const latest = item.updates
    .map((u) => u.effectiveOn)
    .filter((d) => d !== null)
    .at(-1);
  if (latest !== undefined) return { on: latest, dated: { from: 'latest-update', stated: false } };
  // A status the row does not date is what the paper reports as of its own date.
  return paperDate === null
    ? { on: null, dated: null }
    : { on: paperDate, dated: { from: 'paper-date', stated: false } };
}

/** How an update's own date was found: written at its head, else the row's Date of Update. */
function datedOf(update: ParsedUpdate): Dated | null {
  if (update.effectiveOn === null) return null;
  return update.dateStated === false
    ? { from: 'date-of-update', stated: false }
    : { from: 'stated', stated: true };
}

/**
 * An Initial Response beside a Latest Update column is the first answer to the item; when the
 * paper does not date it, it is dated at the item's receipt — a basis that later exports do not
 * move (a first update or a Date of Update moves as updates are added), so next month's export
 * dates it as this month's did. Without a Latest Update column the response cell is the row's
 * progress and its Date of Update dates it (seeds 001, 002).
 */
const beforeUpdates = (item: ParsedItem) => item.columns?.latestUpdate !== undefined;

/** Dated at the item's receipt (filled in by `planImport`): imputed. */
const AT_RECEIPT = { effectiveOn: null, dated: null, atReceipt: true } as const;

/** The response a row gives, and the updates left to post after it. */
function responseOf(item: ParsedItem, paperDate: IsoDate | null) {
  if (item.updatesFrom === 'initial-response') {
    // The response cell was split into dated entries: its first entry is the response, the
    // others are updates, so no text is recorded twice.
    const [head, ...rest] = item.updates;
    const text = head?.text ?? item.initialResponse;
    if (head?.dateStated !== false && head?.effectiveOn)
      return { response: { text, effectiveOn: head.effectiveOn, dated: datedOf(head) }, updates: rest };
    if (beforeUpdates(item)) return { response: { text, ...AT_RECEIPT }, updates: rest };
    // Nothing dates it: it is what the paper reports as of its own date.
    const undated = (head?.effectiveOn ?? null) === null && paperDate !== null;
    return {
      response: {
        text,
        effectiveOn: undated ? paperDate : (head?.effectiveOn ?? null),
        dated: undated ? ({ from: 'paper-date', stated: false } as const) : head ? datedOf(head) : null,
      },
      updates: rest,
    };
  }
  if (item.initialResponse === null)
    return { response: { text: null, effectiveOn: null, dated: null }, updates: item.updates };
  // A date written at the head of the response is what the paper states: it wins.
  if (item.responseDate)
    return {
      response: {
        text: item.initialResponse,
        effectiveOn: item.responseDate,
        dated: { from: 'stated', stated: true } as const,
      },
      updates: item.updates,
    };
  if (beforeUpdates(item))
    return { response: { text: item.initialResponse, ...AT_RECEIPT }, updates: item.updates };
  // A row read without its columns: the earliest of its first dated update and its Date of Update.
  const first = item.updates.find((u) => u.effectiveOn !== null);
  const candidates: { on: IsoDate; dated: Dated }[] = [];
  if (first?.effectiveOn)
    candidates.push({ on: first.effectiveOn, dated: { from: 'first-update', stated: false } });
  if (item.dateOfUpdate !== null)
    candidates.push({ on: item.dateOfUpdate, dated: { from: 'date-of-update', stated: false } });
  // Nothing dates it: it is what the paper reports as of its own date.
  if (candidates.length === 0 && paperDate !== null)
    candidates.push({ on: paperDate, dated: { from: 'paper-date', stated: false } });
  const earliest = candidates.sort((x, y) => (x.on < y.on ? -1 : x.on > y.on ? 1 : 0))[0];
  return {
    response: {
      text: item.initialResponse,
      effectiveOn: earliest?.on ?? null,
      dated: earliest?.dated ?? null,
    },
    updates: item.updates,
  };
}

/**
 * The dated facts of every listing of one item: response, updates, RAG, completion. A sharing
 * plan's response is its own listing's. A response or an update listed in several plans is
 * recorded once; a RAG dated on or after the day an
 * earlier listing closed the item is noted, not recorded.
 */
export function listingFacts(
  itemId: Ulid,
  listings: readonly Listing[],
  ctx: {
    readonly portfolios: readonly string[];
    readonly paperDate: IsoDate | null;
    /** A sharing plan's row answers for its own listing (its response is that plan's). */
    readonly sharingPlanOf: (planIndex: number) => Ulid | null;
  },
): Planned {
  const { portfolios, paperDate, sharingPlanOf } = ctx;
  const book = notebook();
  const commands: Planned['commands'] = [];
  const seenResponses = new Set<string>();
  const seenUpdates = new Set<string>();
  let closedOn: IsoDate | null = null;
  for (const { item, planIndex } of listings) {
    const line = item.line;
    const row = rowDateOf(item, paperDate);
    const rowDate = row.on;
    const updateCell = item.updatesFrom === 'initial-response' ? 'initialResponse' : 'latestUpdate';
    const { response, updates } = responseOf(item, paperDate);
    const responseText = book.fit(response.text, LONG, line, 'the response');
    const listingPlanId = sharingPlanOf(planIndex);
    const responseKey = `${listingPlanId ?? ''}\u0000${responseText}`;
    if (responseText !== null && !seenResponses.has(responseKey)) {
      seenResponses.add(responseKey);
      if ('atReceipt' in response)
        book.note(
          line,
          'the response gives no date of its own: it was recorded as of the day the item was received, marked as an imputed date. If you know when it was given, write that date at the start of the response and import again',
        );
      else if (response.effectiveOn === null)
        book.note(
          line,
          'the response gives no date of its own: it was recorded as of the earliest date the paper holds. If you know when it was given, write that date at the start of the response and import again',
        );
      else if (response.dated?.from === 'paper-date')
        book.note(
          line,
          `the response gives no date of its own: it was recorded as of the paper's date, ${dateInWords(response.effectiveOn)}, marked as an imputed date. If you know when it was given, write that date at the start of the response and import again`,
        );
      commands.push({
        command: {
          type: 'RecordResponse',
          data: { itemId, listingPlanId, response: responseText },
        },
        effectiveOn: response.effectiveOn,
        line,
        rank: RANK.response,
        ...cellOf(item, 'initialResponse'),
        dated: response.dated,
        ...('atReceipt' in response ? { atReceipt: true, imputed: true } : {}),
      });
    }
    for (const update of updates) {
      const text = book.fit(update.text, LONG, line, 'an update');
      if (text === null) continue;
      const effectiveOn = update.effectiveOn ?? rowDate;
      const dated =
        update.effectiveOn === null ? row.dated && { ...row.dated, stated: false } : datedOf(update);
      const id = `${effectiveOn ?? ''}\u0000${text}`;
      if (seenUpdates.has(id)) {
        book.note(
          line,
          `the update "${text.slice(0, 40)}…" is also listed under another plan of this paper: it was recorded once`,
        );
        continue;
      }
      seenUpdates.add(id);
      if (effectiveOn === null)
        book.note(
          line,
          `the update "${text.slice(0, 40)}…" gives no date and the row has no Date of Update: it was recorded as of the earliest date the paper holds. Write its date at the start of the update and import again if that is wrong`,
        );
      commands.push({
        command: { type: 'PostUpdate', data: { itemId, text } },
        effectiveOn,
        line,
        rank: RANK.update,
        ...cellOf(item, updateCell),
        dated,
      });
    }
    if (item.rag === null && item.complete === null) continue;
    if (rowDate === null)
      book.note(
        line,
        'the row has no Date of Update: its RAG status and completion were recorded as of the earliest date the paper holds. Fill in the Date of Update and import again if that is wrong',
      );
    else if (row.dated?.from === 'paper-date')
      book.note(
        line,
        `the row has no Date of Update: its RAG status and completion were recorded as of the paper's date, ${dateInWords(rowDate)}, marked as an imputed date. Fill in the Date of Update and import again if that is wrong`,
      );
    const rag = item.rag;
    const completed = item.complete === 'yes' || rag === 'complete';
    const notApplicable = !completed && (item.complete === 'n/a' || rag === 'n/a');
    if (item.complete === 'yes' && rag === 'n/a')
      book.note(
        line,
        'the Complete column says Yes and the RAG Status says N/A: the item was recorded as complete. If it does not apply instead, correct the Complete column and import again',
      );
    const open =
      item.complete === 'no' ||
      (item.complete === null && (rag === 'red' || rag === 'amber' || rag === 'green'));
    if (open && closedOn === null) {
      // An item an earlier paper closed, reported open again: reopened on the row's date
      // (tried only when the ledger holds the item: a new item has nothing to reopen).
      commands.push({
        command: { type: 'Reopen', data: { itemId, reason: PAPER_REASON } },
        effectiveOn: rowDate,
        line,
        rank: RANK.reopen,
        ...cellOf(item, item.complete === 'no' ? 'complete' : 'rag'),
        dated: row.dated,
        whenHeld: 'only',
      });
    }
    if (rag === 'red' || rag === 'amber' || rag === 'green') {
      if (closedOn !== null && (rowDate ?? '') >= closedOn) {
        book.note(
          line,
          `the RAG Status says ${rag[0]?.toUpperCase()}${rag.slice(1)}, but the item was closed on ${dateInWords(closedOn)} by an earlier row: the RAG was not recorded`,
        );
      } else {
        commands.push({
          command: { type: 'ChangeRag', data: { itemId, to: RAG_TO[rag], reason: null } },
          effectiveOn: rowDate,
          line,
          rank: RANK.rag,
          ...cellOf(item, 'rag'),
          dated: row.dated,
        });
      }
    }
    if (completed) {
      commands.push({
        command: { type: 'MarkComplete', data: { itemId, evidence: null } },
        effectiveOn: rowDate,
        line,
        rank: RANK.close,
        ...cellOf(item, item.complete === 'yes' ? 'complete' : 'rag'),
        dated: row.dated,
      });
    } else if (notApplicable) {
      const reason = `marked N/A in the ${portfolios[planIndex] ?? ''} plan (line ${line})`.slice(0, SHORT);
      commands.push({
        command: { type: 'MarkNotApplicable', data: { itemId, reason } },
        effectiveOn: rowDate,
        line,
        rank: RANK.close,
        ...cellOf(item, item.complete === 'n/a' ? 'complete' : 'rag'),
        dated: row.dated,
      });
    }
    if (completed || notApplicable) closedOn = rowDate ?? '';
  }
  return { commands, notes: book.notes };
}
