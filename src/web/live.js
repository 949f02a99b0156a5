// @ts-check
// Live updates over server-sent events. EventSource cannot send an Authorization header, so the
// page first asks POST /stream/tickets (with the key, as a header) for a short-lived HttpOnly
// cookie scoped to /stream; the key never appears in the stream's URL.

import { ApiError, post } from './api.js';

/** @import { LedgerEventType, LiveEvent } from './types.js' */

/** Every ledger event type (docs/architecture.md, "Events and the envelope"): EventSource only delivers named events we listen for. */
/** @type {readonly LedgerEventType[]} */
const EVENT_TYPES = [
  'InspectionRegistered',
  'PlanOpened',
  'PlanOwnerChanged',
  'RecommendationReceived',
  'OwnerAssigned',
  'DueDateChanged',
  'ResponseRecorded',
  'UpdatePosted',
  'RagChanged',
  'MarkedComplete',
  'Reopened',
  'MarkedNotApplicable',
  'TransferredBetweenPortfolios',
  'JointlyAllocated',
  'BoardReportPresented',
  'EntryCorrected',
  'EntryRetracted',
];

/**
 * Connects and keeps connected. `onEvent(event)` gets each new ledger event (parsed);
 * `onState('connecting' | 'live' | 'down', detail)` reports the connection for the header.
 * Returns a function that disconnects for good.
 * @param {{
 *   onEvent: (event: LiveEvent) => void,
 *   onState: (state: 'connecting' | 'live' | 'down', detail?: string) => void,
 * }} handlers
 * @returns {() => void}
 */
export function connectLive({ onEvent, onState }) {
  /** @type {EventSource | null} */
  let source = null;
  let stopped = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retryTimer;
  let failures = 0;

  /** @param {MessageEvent<string>} message */
  const handle = (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    onEvent(event);
  };

  async function open() {
    if (stopped) return;
    onState('connecting');
    try {
      await post('/stream/tickets');
    } catch (error) {
      // A refused key is the page's business (it asks again); anything else: try later.
      onState('down', error instanceof Error ? error.message : String(error));
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return;
      return retry();
    }
    if (stopped) return;
    source = new EventSource('/stream');
    let opened = false;
    source.addEventListener('open', () => {
      opened = true;
      failures = 0;
      onState('live');
    });
    for (const type of EVENT_TYPES) source.addEventListener(type, handle);
    source.addEventListener('message', handle);
    source.addEventListener('error', () => {
      // CONNECTING: the browser retries by itself with the same cookie (and Last-Event-ID).
      // CLOSED: it gave up, usually because the ticket expired (401); get a new one.
      if (source?.readyState === EventSource.CLOSED) {
        source = null;
        onState('down', 'Live updates interrupted; reconnecting…');
        retry();
      } else if (!opened) {
        // Never connected (or lost and not back): the server is not answering. Say so, rather
        // than "connecting…" for ever; the browser keeps retrying and 'open' says when it is back.
        onState('down', 'Live updates: off. The ledger server is not answering; retrying…');
      } else {
        opened = false;
        onState('down', 'Live updates: off. The connection to the ledger server was lost; retrying…');
      }
    });
  }

  function retry() {
    if (stopped) return;
    failures++;
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));
    clearTimeout(retryTimer);
    retryTimer = setTimeout(open, delay);
  }

  open();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    source?.close();
    source = null;
  };
}
