/**
 * The date options of the read commands, checked before anything is sent: a board secretary who
 * types `--as-of 27/04/2011` is told which option is wrong and how to write it, not
 * "query.asOf Invalid input".
 */
import { BusinessDate, Instant } from '../domain/fields.js';
import { usageError } from './exit-codes.js';

const EXAMPLE_INSTANT = '2011-04-27T17:00:00.000Z';

/** A calendar date option (`--as-of`, `--from`, `--to`): YYYY-MM-DD, a real day. */
export function dateOption(
  option: string,
  value: string | undefined,
  allowInstant = false,
): string | undefined {
  if (value === undefined) return undefined;
  if (BusinessDate.safeParse(value).success) return value;
  if (allowInstant && Instant.safeParse(value).success) return value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw usageError(`--${option} ${value} is not a real calendar date: write YYYY-MM-DD, e.g. 2011-04-27.`);
  }
  throw usageError(`--${option} ${value} is not a date: write it as YYYY-MM-DD, e.g. 2011-04-27.`);
}

/** `--known-at`: a date (the end of that UTC day) or a UTC instant. */
export function knownAtOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (BusinessDate.safeParse(value).success || Instant.safeParse(value).success) return value;
  const real = /^\d{4}-\d{2}-\d{2}$/.test(value) ? ' real' : '';
  throw usageError(
    `--known-at ${value} is not a${real} date or time: write YYYY-MM-DD (meaning the end of that day, UTC) or a UTC instant such as ${EXAMPLE_INSTANT}.`,
  );
}

/** `--as-of`, `--known-at` and `--reported-on` together, as the query parameters the API takes. */
export function timeOptions(values: {
  'as-of'?: string | undefined;
  'known-at'?: string | undefined;
  'reported-on'?: string | undefined;
}) {
  return {
    asOf: dateOption('as-of', values['as-of']),
    knownAt: knownAtOption(values['known-at']),
    reportedOn: dateOption('reported-on', values['reported-on']),
  };
}
