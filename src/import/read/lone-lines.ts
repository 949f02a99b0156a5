import { kindOfHeading } from './refs.js';

/**
 * What a line (or row) holding a single piece of text is. Tables in board papers interleave
 * such lines with rows: page banners, plan headers, headings that apply to the rows below.
 */
export type LoneLine =
  | { type: 'page-header' }
  | { type: 'rule' }
  | { type: 'footnote' }
  | { type: 'plan-heading'; title: string; label: string | null }
  | { type: 'inspection-title'; title: string }
  | { type: 'portfolio-owner'; value: string }
  | { type: 'plan-owner'; value: string }
  | { type: 'kind-heading'; text: string }
  | { type: 'timescale'; text: string }
  | { type: 'section'; text: string }
  | { type: 'long-text'; text: string };

/** Protective markings and page numbers printed on every page of a paper. */
const PAGE_BANNER =
  /(protective marking|protectively marked|^official(-sensitive)?$|^restricted$|^page \d+( of \d+)?$)/i;
/** Timescale headings that group rows by urgency rather than topic. */
const TIMESCALE =
  /^(immediate(ly)?|with immediate effect|now|short[- ]term|medium[- ]term|long[- ]term|ongoing|within (one|two|three|four|six|nine|twelve|\d+) (days?|weeks?|months?|years?)|(by|before) (the )?end of \w+( \d{4})?|\d+ (days?|weeks?|months?))$/i;
const PORTFOLIO_OWNER = /\bPortfolio\s+(?:Owner|Holder)(?:\s*\/\s*(?:Owner|Holder))?\s*:\s*(.*)$/i;
const PLAN_OWNER = /\bPlan\s+Owner\s*:\s*(.*)$/i;
/** Longest a heading may be; longer single cells are displaced text, not headings. */
const HEADING_MAX = 200;

/**
 * `X IMPROVEMENT PLAN (Label)`: X names the inspection (may be empty, as in "IMPROVEMENT PLAN
 * 2011"), the parenthesis a plan of several for one portfolio. Case-sensitive on purpose: prose
 * says "the improvement plan" in lower case.
 */
function readPlanHeading(text: string): LoneLine | null {
  const m = /^(.*?)\bIMPROVEMENT PLAN\b(.*)$/.exec(text);
  if (!m) return null;
  const title = (m[1] ?? '').trim();
  const label = /\(([^)]+)\)/.exec(m[2] ?? '')?.[1]?.trim() ?? null;
  return { type: 'plan-heading', title, label };
}

/** Classifies one piece of lone text, already flattened (no HTML, no `**`, no `#`). */
export function classifyLone(text: string): LoneLine {
  if (PAGE_BANNER.test(text)) return { type: 'page-header' };
  if (/^[-=_*]{3,}$/.test(text)) return { type: 'rule' };
  if (/^(N\.\s?B\.?|Note:)/i.test(text)) return { type: 'footnote' };
  const portfolio = PORTFOLIO_OWNER.exec(text);
  if (portfolio) return { type: 'portfolio-owner', value: (portfolio[1] ?? '').trim() };
  const planOwner = PLAN_OWNER.exec(text);
  if (planOwner) return { type: 'plan-owner', value: (planOwner[1] ?? '').trim() };
  const heading = readPlanHeading(text);
  if (heading) return heading;
  if (/^HMIC\b/.test(text) && text.length <= 120) return { type: 'inspection-title', title: text };
  if (text.length <= HEADING_MAX && kindOfHeading(text) !== null) return { type: 'kind-heading', text };
  if (TIMESCALE.test(text)) return { type: 'timescale', text };
  if (text.length <= HEADING_MAX || text.endsWith('?'))
    return { type: 'section', text: text.replace(/:$/, '') };
  return { type: 'long-text', text };
}

/** A portfolio line's value split into the portfolio's name and its owner. */
export interface PortfolioOwner {
  portfolio: string;
  owner: string;
}

/**
 * `ACC Alan Pacey, Territorial Policing` → owner "ACC Alan Pacey", portfolio "Territorial
 * Policing"; `Sharon Burd, Director - Finance & Corporate Services` → portfolio after the dash;
 * `Deputy Chief Constable` (a title only) → the title is both.
 */
export function splitPortfolioOwner(value: string): PortfolioOwner {
  const v = value.replace(/\s+/g, ' ').replace(/,$/, '').trim();
  const dash = v.lastIndexOf(' - ');
  if (dash > 0)
    return { owner: v.slice(0, dash).replace(/,$/, '').trim(), portfolio: v.slice(dash + 3).trim() };
  const comma = v.lastIndexOf(', ');
  if (comma > 0) return { owner: v.slice(0, comma).trim(), portfolio: v.slice(comma + 2).trim() };
  return { owner: v, portfolio: v };
}

/** Glued headers (`**A****B**`) are several lines printed as one: split them back. */
export function splitGluedHeaders(line: string): string[] {
  if (!/\*\*\*\*/.test(line)) return [line];
  return line
    .split(/\*\*/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
