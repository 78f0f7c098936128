/**
 * What the licence managers' login needs: the console's own SP (its entityID and ACS,
 * with the broker's keys and the brokered login's settings), the ENTs' identity providers, the
 * login transaction store and replay cache shared with the brokered login, the feed's managers,
 * and the console sessions. Built by the composition root (compose-console.ts).
 */
import type { LoginTransactionStore, ReplayCache } from '../../broker/index.js';
import type { Logger } from '../../core/logger.js';
import type { ManagerScopeSource } from '../ports.js';
import type { EntIdentityProviders, UpstreamSettings } from '../../idp-bridge/index.js';
import type { ConsoleSessionOptions } from '../console-session.js';

export interface ManagerLoginDeps {
  /**
   * The console as SP: `spEntityId` is the console's entityID, `acsUrl` its ACS; keys and times as the
   * brokered login.
   */
  readonly sp: UpstreamSettings;
  /** The console SP's metadata for `now` (published keys change on rotation). */
  readonly metadata: (now: Date) => string;
  readonly idps: EntIdentityProviders;
  readonly transactions: LoginTransactionStore;
  readonly replay: ReplayCache;
  readonly managers: ManagerScopeSource;
  readonly session: Pick<ConsoleSessionOptions, 'sessions' | 'clock' | 'idleMinutes' | 'maxHours'>;
  readonly logger: Logger;
}
