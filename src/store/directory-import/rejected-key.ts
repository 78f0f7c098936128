import { kindForElement } from '../../directory/index.js';
import type { FeedIssue } from '../../directory/index.js';

/**
 * The (uai, person_id, code) key of a record rejected while reading, from the record id the
 * reader gives (`uai`, `personId`, `uai/code` or `uai/personId/code`), so that the previous state
 * of that record is kept. An unreadable id protects nothing.
 */
export function rejectedKeyOf(issue: FeedIssue): [string, string, string] {
  const kind = kindForElement(issue.element);
  const id = issue.recordId ?? '';
  if (id === '' || kind === null) return ['', '', ''];
  const parts = id.split('/');
  switch (kind) {
    case 'person':
    case 'manager':
      return ['', id, ''];
    case 'establishment':
      return [id, '', ''];
    case 'mef':
    case 'subject':
    case 'group':
      return parts.length === 2 ? [parts[0] as string, '', parts[1] as string] : ['', '', ''];
    default:
      return parts.length === 3 ? [parts[0] as string, parts[1] as string, parts[2] as string] : ['', '', ''];
  }
}
