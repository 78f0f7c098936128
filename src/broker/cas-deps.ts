/**
 * What the CAS server side of the login flow needs, one optional field of LoginDeps:
 * the registry of services, the ticket store, the tickets' lifetime, and the back-channel logout.
 */
import type { CasLogoutSender, CasServiceStore } from '../federation/index.js';
import type { CasTicketStore } from './ports.js';

export interface CasDeps {
  readonly services: CasServiceStore;
  readonly tickets: CasTicketStore;
  /** `cas.ticketSeconds`: at most 10 (the schema says so). */
  readonly ticketSeconds: number;
  readonly sendLogout: CasLogoutSender;
}
