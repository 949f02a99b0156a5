/**
 * The one error catalogue of the ledger. Every failure a caller can act on is one of these,
 * with a stable `code`; the HTTP layer maps them to problem+json in a single handler, so the
 * codes (not the messages) are the contract.
 */

export * from './errors/ledger-error.js';
export * from './errors/record-errors.js';
export * from './errors/request-errors.js';
