/**
 * Refusals a licence manager page shows in place (gar-reference §7: several RAs work at once; a
 * refused change keeps the page and its form, and says why in French). Anything else goes to the
 * console's error page.
 */
import { isBrokerError, type BrokerError } from '../../core/broker-error.js';
import type { Translate } from './manager-format.js';

const shownInPage = new Set([
  'ERR_ASSIGN_ETABL',
  'ERR_ASSIGN_WRONG_ESTABLISHMENT',
  'ERR_ASSIGN_TARGET_UNKNOWN',
  'ERR_ASSIGN_TARGET_INVALID',
  'ERR_ASSIGN_AUDIENCE_EXCLUDED',
  'ERR_ASSIGN_DUPLICATE',
  'ERR_ASSIGN_UNKNOWN',
  'ERR_ASSIGN_NOT_TRANSFERABLE',
  'ERR_ASSIGN_SUBSCRIPTION_UNKNOWN',
  'ERR_STORE_CONFLICT',
  'ERR_STORE_BUSY',
  'ERR_CONSOLE_FORM_INVALID',
]);

/** The error when the page should show it in place; otherwise it is thrown again. */
export function asRefusal(error: unknown): BrokerError {
  if (isBrokerError(error) && shownInPage.has(error.code)) return error;
  throw error;
}

/** The refusal in the page's language: a form's own reason (its detail names a message) or the code's. */
export function refusalText(error: BrokerError, t: Translate): string {
  const reason =
    error.code === 'ERR_CONSOLE_FORM_INVALID' && error.detail?.startsWith('manager.error.')
      ? error.detail
      : `manager.error.${error.code}`;
  return t(reason);
}

export interface PageRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** Per target, when a form named several: what was done, what was refused. */
  readonly outcomes?: readonly string[];
  /** Some of the form's changes were made (the others refused). */
  readonly partial?: boolean;
}

export function pageRefusal(
  error: BrokerError,
  t: Translate,
  outcomes?: readonly string[],
  partial = false,
): PageRefusal {
  return {
    status: error.status,
    code: error.code,
    message: partial ? t('manager.refused.partial') : refusalText(error, t),
    ...(outcomes ? { outcomes } : {}),
    ...(partial ? { partial } : {}),
  };
}
