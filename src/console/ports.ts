/**
 * What the console needs from storage (src/store implements it): operator accounts, console
 * sessions (only digests of cookie values are stored), and which establishments a licence manager
 * manages (the ENT feed's `GAR-ENT-RespAff`, re-read on each request so a feed change applies at once).
 */
import type { AuditContext } from '../subscriptions/index.js';

export interface OperatorAccount {
  readonly login: string;
  readonly passwordHash: string;
  readonly totpSecret?: string;
  readonly lastTotpStep?: number;
  readonly failedLogins: number;
  readonly lockedUntil?: string;
  readonly disabled: boolean;
}

export type LoginOutcome =
  | { readonly ok: true; readonly totpStep?: number }
  | { readonly ok: false; readonly lockedUntil?: Date };

export interface OperatorAccountStore {
  createAccount(
    account: { readonly login: string; readonly passwordHash: string; readonly totpSecret?: string },
    audit: AuditContext,
  ): Promise<'created' | 'exists'>;
  findAccount(login: string): Promise<OperatorAccount | undefined>;
  listAccounts(): Promise<readonly Omit<OperatorAccount, 'passwordHash' | 'totpSecret'>[]>;
  /**
   * Records the attempt: a failure counts and may lock. A success resets the count and keeps its TOTP
   * step, only if the account is not locked at `at` and the step is newer than the last one kept, in
   * one statement; answers whether it did (false: a concurrent login spent the code, or locked the account).
   */
  recordLogin(login: string, outcome: LoginOutcome, at: Date): Promise<boolean>;
  /**
   * Counts an attempt before its password is checked, only while fewer than the allowed failures
   * are counted and the account is not locked: at most that many guesses are ever in flight, even
   * sent at once. False: refuse without checking anything.
   */
  reserveAttempt(login: string, at: Date): Promise<boolean>;
}

/** Who a console session belongs to. */
export type ConsoleSubject =
  | { readonly kind: 'operator'; readonly login: string }
  | { readonly kind: 'manager'; readonly entId: string; readonly personId: string };

export interface ConsoleSessionRecord {
  readonly subject: ConsoleSubject;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface ConsoleSessionStore {
  create(
    idHash: string,
    subject: ConsoleSubject,
    times: { readonly createdAt: Date; readonly expiresAt: Date; readonly idleExpiresAt: Date },
  ): Promise<void>;
  /** The live session (neither expired nor idle too long), its idle expiry moved to `idleUntil`; else undefined. */
  use(idHash: string, now: Date, idleUntil: Date): Promise<ConsoleSessionRecord | undefined>;
  end(idHash: string): Promise<void>;
  purgeExpired(now: Date): Promise<number>;
}

export interface ManagedEstablishment {
  readonly uai: string;
  readonly name: string;
}

export interface ManagerScopeSource {
  /**
   * The live manager's display name and live establishments, or undefined when the feed no longer lists
   * them as a manager.
   */
  managerScope(
    entId: string,
    personId: string,
  ): Promise<{ readonly displayName: string; readonly establishments: readonly ManagedEstablishment[] } | undefined>;
}
