/**
 * The back-channel logout of CAS tickets whose broker session ended (CAS protocol 3.0 §2.3.3):
 * one LogoutRequest per ticket, SessionIndex = the ticket, to the service's registered logout
 * URL (or its service URL). Shared by the explicit logout and the check of ended sessions.
 *
 * A service removed from the registry since it got its ticket is not contacted: the broker only
 * ever posts to registered addresses. Sent in parallel; each send is bounded by
 * `cas.logoutTimeoutSeconds` and never rejects.
 */
import type { CasDeps } from './cas-deps.js';
import type { CasTicket } from './ports.js';

export async function sendTicketLogouts(cas: CasDeps, tickets: readonly CasTicket[], now: Date): Promise<void> {
  await Promise.all(
    tickets.map(async (ticket) => {
      const service = await cas.services.find(ticket.serviceUrl);
      if (service !== undefined) await cas.sendLogout(service.logoutUrl ?? service.serviceUrl, ticket.ticket, now);
    }),
  );
}
