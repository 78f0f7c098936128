/**
 * Operator accounts on table `operator_account`. Creating one is audited (never with its hash or
 * TOTP secret). After `maxFailures` failed logins in a row the account is locked for `lockMinutes`.
 */
import type { OperatorAccountStore } from '../../console/index.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { Store } from '../open-store.js';
import { isUniqueViolation } from '../unique-violation.js';
import { definedFields } from '../../core/defined-fields.js';

const maxFailures = 5;
const lockMinutes = 15;

export function createOperatorAccountStore(store: Store): OperatorAccountStore {
  const { db } = store;
  return {
    async createAccount(account, audit) {
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('operator_account')
            .values({
              login: account.login,
              password_hash: account.passwordHash,
              totp_secret: account.totpSecret ?? null,
              last_totp_step: null,
              locked_until: null,
              created_at: audit.at.toISOString(),
              disabled_at: null,
            })
            .execute();
          await recordAuditEvent(trx, audit, {
            action: 'operator.create',
            target: `operator:${account.login}`,
            before: null,
            after: { login: account.login, totp: account.totpSecret !== undefined },
          });
        });
        return 'created';
      } catch (error) {
        if (isUniqueViolation(error)) return 'exists';
        throw error;
      }
    },

    async findAccount(login) {
      const row = await db.selectFrom('operator_account').selectAll().where('login', '=', login).executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        login: row.login,
        passwordHash: row.password_hash,
        failedLogins: Number(row.failed_logins),
        disabled: row.disabled_at !== null,
        ...(row.totp_secret === null ? {} : { totpSecret: row.totp_secret }),
        ...(row.last_totp_step === null ? {} : { lastTotpStep: Number(row.last_totp_step) }),
        ...(row.locked_until === null ? {} : { lockedUntil: row.locked_until }),
      };
    },

    async listAccounts() {
      const rows = await db
        .selectFrom('operator_account')
        .select(['login', 'failed_logins', 'last_totp_step', 'locked_until', 'disabled_at'])
        .orderBy('login')
        .execute();
      return rows.map((r) => ({
        login: r.login,
        failedLogins: Number(r.failed_logins),
        disabled: r.disabled_at !== null,
        ...(r.last_totp_step === null ? {} : { lastTotpStep: Number(r.last_totp_step) }),
        ...(r.locked_until === null ? {} : { lockedUntil: r.locked_until }),
      }));
    },

    async recordLogin(login, outcome, at) {
      if (outcome.ok) {
        const { totpStep } = outcome;
        // The checks made before the password was verified, again in the update itself: two logins
        // racing with one TOTP code cannot both succeed (RFC 6238 §5.2), nor one outrun a lock.
        const result = await db
          .updateTable('operator_account')
          .set({ failed_logins: 0, locked_until: null, ...definedFields({ last_totp_step: totpStep }) })
          .where('login', '=', login)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at.toISOString())]))
          .$if(totpStep !== undefined, (q) =>
            q.where((eb) => eb.or([eb('last_totp_step', 'is', null), eb('last_totp_step', '<', totpStep ?? 0)])),
          )
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      }
      // The attempt was counted by reserveAttempt; the last allowed failure locks the account.
      await db
        .updateTable('operator_account')
        .set({ locked_until: new Date(at.getTime() + lockMinutes * 60_000).toISOString(), failed_logins: 0 })
        .where('login', '=', login)
        .where('failed_logins', '>=', maxFailures)
        .execute();
      return false;
    },

    async reserveAttempt(login, at) {
      // One statement: attempts sent at the same moment each take one of the allowed slots.
      const row = await db
        .updateTable('operator_account')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('login', '=', login)
        .where('failed_logins', '<', maxFailures)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at.toISOString())]))
        .returning('failed_logins')
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
