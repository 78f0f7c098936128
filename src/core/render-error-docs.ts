import { errorCodes } from './error-codes.js';

/** Renders docs/errors.md from the code table. */
export function renderErrorDocs(): string {
  return [
    '# Error codes',
    '',
    '<!-- Generated from src/core/error-codes.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'Every error the broker raises has a stable code. Clients and tests match on the code, never on the',
    'message. A 5xx answer never shows its message: only a correlation id to find in the logs.',
    '',
    '| Code | HTTP status | Meaning |',
    '| --- | --- | --- |',
    ...Object.entries(errorCodes).map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.description} |`),
    '',
  ].join('\n');
}
