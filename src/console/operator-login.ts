/**
 * The operator's login: a local account (`gar-broker admin create`), its scrypt password and,
 * when enrolled, a TOTP code usable once. Every failure gets the same message (no hint of which
 * part was wrong, nor whether the login exists); five failures in a row lock the account 15 minutes.
 */
import type { Clock } from '../core/clock.js';
import { fail } from '../core/fail.js';
import type { Logger } from '../core/logger.js';
import type { OperatorAccountStore } from './ports.js';
import { verifyPassword, verifyTotp } from '../trust/index.js';
import { definedFields } from '../core/defined-fields.js';

export interface OperatorCredentials {
  readonly login: string;
  readonly password: string;
  readonly totp: string;
}

// Spent on unknown logins too, so the answer time does not tell which logins exist.
const decoyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export async function checkOperatorLogin(
  accounts: OperatorAccountStore,
  credentials: OperatorCredentials,
  clock: Clock,
  logger: Logger,
): Promise<string> {
  const now = clock.now();
  const account = await accounts.findAccount(credentials.login);
  if (account?.lockedUntil !== undefined && Date.parse(account.lockedUntil) > now.getTime()) {
    logger.info({ event: 'console.operator_login_locked' });
    throw fail('ERR_CONSOLE_ACCOUNT_LOCKED', 'Trop d’essais : ce compte est bloqué pour quelques minutes.');
  }
  // Counted before the slow check, so parallel guesses cannot outrun the lock-out.
  if (account !== undefined && !(await accounts.reserveAttempt(account.login, now))) {
    await accounts.recordLogin(account.login, { ok: false }, now);
    logger.info({ event: 'console.operator_login_locked' });
    throw fail('ERR_CONSOLE_ACCOUNT_LOCKED', 'Trop d’essais : ce compte est bloqué pour quelques minutes.');
  }
  const passwordOk = await verifyPassword(credentials.password, account?.passwordHash ?? decoyHash);
  const step = account?.totpSecret === undefined ? undefined : verifyTotp(account.totpSecret, credentials.totp, now);
  const totpOk =
    account?.totpSecret === undefined
    || (step !== undefined && (account.lastTotpStep === undefined || step > account.lastTotpStep));
  if (account === undefined || account.disabled || !passwordOk || !totpOk) {
    if (account !== undefined) await accounts.recordLogin(account.login, { ok: false }, now);
    throw loginFailed(logger);
  }
  // Refused when a concurrent login spent the same code (or locked the account) since it was read.
  if (!(await accounts.recordLogin(account.login, { ok: true, ...definedFields({ totpStep: step }) }, now)))
    throw loginFailed(logger);
  logger.info({ event: 'console.operator_logged_in' });
  return account.login;
}

function loginFailed(logger: Logger) {
  logger.info({ event: 'console.operator_login_failed' });
  return fail('ERR_CONSOLE_LOGIN_FAILED', 'Identifiant, mot de passe ou code incorrect.');
}
