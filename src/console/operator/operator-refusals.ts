/**
 * Refusals an operator page shows in place, keeping the page and its form (a decision another
 * operator took first, a missing reason). Anything else goes to the console's error page.
 */
import { isBrokerError, type BrokerError } from '../../core/broker-error.js';
import { consoleMessages } from '../console-messages.js';
import type { Translate } from './operator-render.js';

const shownInPage = new Set([
  'ERR_CONSOLE_FORM_INVALID',
  'ERR_CONTRACT_STATE',
  'ERR_CONTRACT_UNKNOWN',
  'ERR_CONTRACT_REASON_INVALID',
  'ERR_STORE_BUSY',
  'ERR_STORE_CONFLICT',
]);

export interface PageRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** The error as a refusal to show, when the page should show it; otherwise it is thrown again. */
export function asPageRefusal(error: unknown, t: Translate): PageRefusal {
  if (!isBrokerError(error) || !shownInPage.has(error.code)) throw error;
  return { status: error.status, code: error.code, message: refusalText(error, t) };
}

/** A form's own reason (its detail names a message), else the code's message, else the French one. */
function refusalText(error: BrokerError, t: Translate): string {
  if (error.code === 'ERR_CONSOLE_FORM_INVALID' && error.detail?.startsWith('operator.')) return t(error.detail);
  const key = `operator.error.${error.code}`;
  return Object.hasOwn(consoleMessages.fr, key) ? t(key) : error.message;
}
