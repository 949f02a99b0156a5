import { CorruptEventError, RuleViolation } from '../errors.js';
import { canonicalJson } from '../lib/canonical-json.js';
import { dateInWords } from '../lib/date-words.js';
import type { CorrectionCommand } from './correction-commands.js';
import {
  compareFacts,
  correctBody,
  correctedEffectiveOn,
  isCorrectable,
  isCorrectionType,
  isCreationType,
  isIdentityKey,
  isRetractable,
} from './corrections.js';
import { unreachable } from './decider.js';
import { ENTRY_WORDS, entryWordsCapitalised } from './entry-words.js';
import type { BusinessDate } from './fields.js';
import type { LedgerEvent, LedgerEventBody } from './ledger-event.js';

/**
 * One event of a stream as it stands after every correction recorded so far. Aggregates
 * derive their state from these (not from the raw log) so that a retracted completion or a
 * corrected RAG is what the next command is judged against.
 */
export interface JournalEntry {
  readonly eventId: string;
  readonly revision: number;
  /** The body with corrections applied (re-validated against its schema). */
  readonly body: LedgerEventBody;
  /** The business date, corrected when a correction named one. */
  readonly effectiveOn: BusinessDate;
  readonly retracted: boolean;
}

/** Every event of one stream by id, in stream order (a Map keeps insertion order). */
export interface Journal {
  readonly entries: ReadonlyMap<string, JournalEntry>;
}

export const emptyJournal: Journal = { entries: new Map() };

function withEntry(journal: Journal, entry: JournalEntry): Journal {
  const entries = new Map(journal.entries);
  entries.set(entry.eventId, entry);
  return { entries };
}

/** Adds a stored event to the journal; corrections and retractions amend their target. */
export function recordInJournal(journal: Journal, event: LedgerEvent): Journal {
  const body: LedgerEventBody = event;
  const own: JournalEntry = {
    eventId: event.eventId,
    revision: event.revision,
    body,
    effectiveOn: event.effectiveOn,
    retracted: false,
  };
  if (body.type === 'EntryCorrected') {
    const target = journal.entries.get(body.data.correctsEventId);
    if (!target) throw new CorruptEventError(event.eventId, body.type, 'corrects an event not in its stream');
    const parsed = correctBody(target.body, body.data.fields);
    if (!parsed.success) throw new CorruptEventError(event.eventId, body.type, 'corrected data is invalid');
    const corrected = {
      ...target,
      body: parsed.data,
      effectiveOn: correctedEffectiveOn(body.data.effectiveOn, target.effectiveOn),
    };
    return withEntry(withEntry(journal, corrected), own);
  }
  if (body.type === 'EntryRetracted') {
    const target = journal.entries.get(body.data.retractsEventId);
    if (!target) throw new CorruptEventError(event.eventId, body.type, 'retracts an event not in its stream');
    return withEntry(withEntry(journal, { ...target, retracted: true }), own);
  }
  return withEntry(journal, own);
}

/**
 * The facts that count: not retracted, not corrections themselves, in the order a reader at
 * "now" folds them (`compareFacts`), so that a back-dated entry lands where it belongs in
 * business time. The creating event is kept first: the rules never let a fact be dated before
 * it, so this only guards a stream written around the deciders.
 */
export function liveFacts(journal: Journal): JournalEntry[] {
  const facts = [...journal.entries.values()].filter((e) => !e.retracted && !isCorrectionType(e.body.type));
  const rank = (e: JournalEntry) => (isCreationType(e.body.type) ? 0 : 1);
  return facts.sort(
    (a, b) => rank(a) - rank(b) || compareFacts(a.effectiveOn, a.revision, b.effectiveOn, b.revision),
  );
}

/** The target of a correction or retraction: in this stream, a fact, not already void. */
function targetOf(journal: Journal, eventId: string, field: string): JournalEntry {
  const target = journal.entries.get(eventId);
  if (!target) {
    throw new RuleViolation(
      'correction.target_not_found',
      "the entry to correct is not in this record's history",
      field,
      { eventId },
    );
  }
  if (!isCorrectable(target.body.type)) {
    throw new RuleViolation(
      'correction.target_is_correction',
      `the entry named is itself ${ENTRY_WORDS[target.body.type]}; correct or retract the original entry instead`,
      field,
      { eventId },
    );
  }
  if (target.retracted) {
    throw new RuleViolation('correction.target_retracted', 'the entry named is already retracted', field, {
      eventId,
    });
  }
  return target;
}

/** A creating event must stay the stream's earliest fact; nothing may move before it. */
function checkDateOrder(journal: Journal, target: JournalEntry, effectiveOn: BusinessDate): void {
  const facts = liveFacts(journal).filter((f) => f.eventId !== target.eventId);
  const creation = facts.find((f) => isCreationType(f.body.type));
  const tooEarly = isCreationType(target.body.type)
    ? facts.some((f) => f.effectiveOn < effectiveOn)
    : creation !== undefined && effectiveOn < creation.effectiveOn;
  if (tooEarly) {
    throw new RuleViolation(
      'correction.effective_before_creation',
      `${dateInWords(effectiveOn)} would put a fact of this record before ${creation ? ENTRY_WORDS[creation.body.type] : 'the entry that created it'}`,
      'data.effectiveOn',
      { effectiveOn, ...(creation ? { createdOn: creation.effectiveOn } : {}) },
    );
  }
}

function decideCorrect(command: Extract<CorrectionCommand, { type: 'CorrectEntry' }>, journal: Journal) {
  const { correctsEventId, fields, effectiveOn, reason } = command.data;
  const target = targetOf(journal, correctsEventId, 'data.correctsEventId');
  for (const key of Object.keys(fields)) {
    if (isIdentityKey(key)) {
      throw new RuleViolation(
        'correction.immutable_field',
        `the ${key} field says which record this is and cannot be corrected`,
        `data.fields.${key}`,
      );
    }
  }
  const parsed = correctBody(target.body, fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Issue paths start at the body (`data.x`); the command carries them under `data.fields.x`.
    const path = issue ? issue.path.slice(1).map(String).join('.') : '';
    throw new RuleViolation(
      'correction.invalid_fields',
      `the corrected entry (${ENTRY_WORDS[target.body.type]}) would be invalid: ${issue?.message ?? 'invalid'}`,
      path ? `data.fields.${path}` : 'data.fields',
    );
  }
  if (effectiveOn !== null) checkDateOrder(journal, target, effectiveOn);
  const sameData = canonicalJson(parsed.data.data) === canonicalJson(target.body.data);
  if (sameData && (effectiveOn === null || effectiveOn === target.effectiveOn)) {
    throw new RuleViolation(
      'correction.changes_nothing',
      'the correction leaves the event as it is',
      'data.fields',
    );
  }
  const event: LedgerEventBody = {
    type: 'EntryCorrected',
    data: { correctsEventId, fields, effectiveOn, reason },
  };
  return event;
}

function decideRetract(command: Extract<CorrectionCommand, { type: 'RetractEntry' }>, journal: Journal) {
  const { retractsEventId, reason } = command.data;
  const existing = journal.entries.get(retractsEventId);
  if (existing?.retracted) {
    throw new RuleViolation(
      'correction.already_retracted',
      'the entry named is already retracted',
      'data.retractsEventId',
      { eventId: retractsEventId },
    );
  }
  const target = targetOf(journal, retractsEventId, 'data.retractsEventId');
  if (!isRetractable(target.body.type)) {
    // Retracting the creating event would leave a stream with no subject; close it instead
    // (MarkNotApplicable) or correct its fields.
    throw new RuleViolation(
      'correction.cannot_retract_creation',
      `${entryWordsCapitalised(target.body.type)} creates this record and cannot be retracted`,
      'data.retractsEventId',
    );
  }
  const event: LedgerEventBody = { type: 'EntryRetracted', data: { retractsEventId, reason } };
  return event;
}

/** Shared decision for CorrectEntry / RetractEntry on any stream kind. */
export function decideCorrection(command: CorrectionCommand, journal: Journal): LedgerEventBody[] {
  switch (command.type) {
    case 'CorrectEntry':
      return [decideCorrect(command, journal)];
    case 'RetractEntry':
      return [decideRetract(command, journal)];
    default:
      return unreachable(command);
  }
}
