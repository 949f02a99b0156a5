import type { Rag } from '../src/domain/fields.js';
import { type GeneratedEvent, generateEvents } from './generator.js';

/** Column titles as the seed plans spell them (the importer recognises these). */
const HEADER = [
  'Inspection',
  'Ref',
  'Recommendation',
  'Portfolio',
  'Strategic Lead',
  'Action Owner',
  'Due Date',
  'Timescale',
  'Management Response',
  'Latest Update',
  'Date of Update',
  'Complete',
  'RAG Status',
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2015-01-08" → "8 Jan 2015", the form dated updates take inside a cell. */
const longDate = (iso: string) =>
  `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
/** "2015-03-31" → "31-Mar-15", the seeds' spreadsheet form. */
const shortDate = (iso: string) =>
  `${iso.slice(8, 10)}-${MONTHS[Number(iso.slice(5, 7)) - 1]}-${iso.slice(2, 4)}`;

const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

interface Row {
  inspection: string;
  ref: string;
  text: string;
  portfolio: string;
  lead: string;
  owner: string;
  due: string;
  timescale: string;
  response: string;
  updates: { date: string; text: string }[];
  complete: string;
  rag: Rag | 'COMPLETE' | '';
}

/**
 * A plan spreadsheet of `rows` items as CSV, derived from the generated ledger so it has the
 * same shape (portfolios, refs, owners, dated updates). Each row carries the item's last three
 * updates in one cell, newest first, as the seed exports do.
 */
export function generateCsv(rows: number, seed: string): string {
  const inspections = new Map<string, string>();
  const portfolios = new Map<string, string>();
  const items = new Map<string, Row>();
  const touch = (event: GeneratedEvent, apply: (row: Row) => void) => {
    const row = items.get(event.streamId);
    if (row) apply(row);
  };
  for (const event of generateEvents({ events: rows * 40, seed })) {
    const body = event.body;
    if (body.type === 'InspectionRegistered') inspections.set(body.data.inspectionId, body.data.title);
    else if (body.type === 'PlanOpened') portfolios.set(body.data.planId, body.data.portfolio);
    else if (body.type === 'RecommendationReceived') {
      if (items.size >= rows) break;
      items.set(event.streamId, {
        inspection: inspections.get(body.data.inspectionId) ?? 'Inspection',
        ref: body.data.ref,
        text: body.data.text,
        portfolio: portfolios.get(body.data.planId) ?? 'Territorial Policing',
        lead: '',
        owner: '',
        due: body.data.dueDate ? shortDate(body.data.dueDate) : '',
        timescale: body.data.timescale ?? '',
        response: '',
        updates: [],
        complete: 'No',
        rag: '',
      });
    } else if (body.type === 'OwnerAssigned')
      touch(event, (r) => {
        r.lead = body.data.strategicLead ?? '';
        r.owner = body.data.actionOwner ?? '';
      });
    else if (body.type === 'ResponseRecorded') touch(event, (r) => (r.response = body.data.response));
    else if (body.type === 'UpdatePosted')
      touch(event, (r) => r.updates.unshift({ date: event.effectiveOn, text: body.data.text }));
    else if (body.type === 'RagChanged') touch(event, (r) => (r.rag = body.data.to));
    else if (body.type === 'MarkedComplete') touch(event, (r) => (r.complete = 'Yes'));
    else if (body.type === 'MarkedNotApplicable') touch(event, (r) => (r.complete = 'N/A'));
  }
  const lines = [HEADER.join(',')];
  for (const r of items.values()) {
    const latest = r.updates.slice(0, 3);
    lines.push(
      [
        r.inspection,
        r.ref,
        r.text,
        r.portfolio,
        r.lead,
        r.owner,
        r.due,
        r.timescale,
        r.response,
        latest.map((u) => `${longDate(u.date)} - ${u.text}`).join(' '),
        latest[0] ? shortDate(latest[0].date) : '',
        r.complete,
        r.complete === 'Yes' ? 'COMPLETE' : r.rag,
      ]
        .map(quote)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
