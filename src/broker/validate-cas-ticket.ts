/**
 * `/cas/p3/serviceValidate` (CAS protocol 3.0 §2.6, §2.5): a service's back end presents the
 * ticket it received and its service URL; the broker answers who the user is and what the
 * resource receives. Never throws for a bad request: every refusal is a CAS failure code.
 *
 * | step   |                                                               | failure code    |
 * |--------|---------------------------------------------------------------|-----------------|
 * | read   | `ticket` and `service` present (§2.5.1)                       | INVALID_REQUEST |
 * |        | the ticket consumed, once, unexpired (§3.1.1: single use)     | INVALID_TICKET  |
 * |        | `service` equals the ticket's exactly (§2.5.3: the ticket is  | INVALID_SERVICE |
 * |        | burnt all the same)                                           |                 |
 * |        | with `renew`: the ticket was issued right after an ENT login  | INVALID_TICKET  |
 * |        | (§2.5.1), not from a session                                  |                 |
 * |        | the service and its resource still registered                 | INVALID_SERVICE |
 * | decide | licence, contract, release again, for the ticket's person,    | INVALID_TICKET  |
 * |        | establishment and resource (access-decision's decideAccessAt) |                 |
 * | answer | the IDO as user, the release as attributes (cas-routes)       |                 |
 *
 * The attributes are the release SAML would send for the same person and resource (one code:
 * access-decision), so `IDC` goes only to a resource whose contract lists it, as in SAML.
 */
import { isBrokerError } from '../core/broker-error.js';
import type { CasFailureCode, CasValidation } from '../federation/index.js';
import { decideAccessAt, type Access } from './access-decision.js';
import { requireCas } from './cas-login.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';

export interface CasValidationRequest {
  readonly service?: string;
  readonly ticket?: string;
  /** §2.5.1: only a ticket issued from the user's primary credentials (a new ENT login) validates. */
  readonly renew?: boolean;
}

type Failure = Extract<CasValidation, { kind: 'failure' }>;

const ticketPattern = /^ST-[A-Za-z0-9_-]{43}$/;

export async function validateCasTicket(
  deps: LoginDeps,
  ctx: LoginContext,
  request: CasValidationRequest,
): Promise<CasValidation> {
  const access = await readTicket(deps, ctx, request);
  if ('kind' in access) return access;
  try {
    const grant = await decideAccessAt(deps, ctx, access);
    ctx.log.info({ event: 'cas.ticket_validated', idRessource: access.resource.idRessource });
    return { kind: 'success', user: grant.ido, attributes: grant.attributes };
  } catch (error) {
    // A licence revoked (or a person gone) in the seconds since the ticket: no attributes now.
    if (isBrokerError(error) && error.status < 500) {
      return refuse(ctx, 'INVALID_TICKET', 'Accès refusé pour cette ressource.', error.code);
    }
    throw error;
  }
}

/** The access the ticket was admitted for, consumed once; or the CAS failure that refuses it. */
async function readTicket(
  deps: LoginDeps,
  ctx: LoginContext,
  request: CasValidationRequest,
): Promise<Access | Failure> {
  const cas = requireCas(deps);
  const { service, ticket } = request;
  if (service === undefined || service === '' || ticket === undefined || ticket === '') {
    return refuse(ctx, 'INVALID_REQUEST', 'Paramètres ticket et service obligatoires.', 'missing');
  }
  if (!ticketPattern.test(ticket)) return refuse(ctx, 'INVALID_TICKET', 'Ticket inconnu.', 'malformed');
  const consumed = await cas.tickets.consume(ticket, ctx.now);
  if ('refused' in consumed) {
    return refuse(ctx, 'INVALID_TICKET', 'Ticket inconnu, expiré ou déjà utilisé.', consumed.refused);
  }
  // §2.5.3 INVALID_SERVICE: the ticket is already consumed above, so a wrong service burns it.
  if (service !== consumed.serviceUrl) {
    return refuse(ctx, 'INVALID_SERVICE', 'Ce ticket a été délivré pour un autre service.', 'service mismatch');
  }
  if (request.renew === true && !consumed.fromNewLogin) {
    return refuse(
      ctx,
      'INVALID_TICKET',
      "Ce ticket ne vient pas d'une nouvelle authentification.",
      'renew: ticket from an existing session',
    );
  }
  const registered = await cas.services.find(service);
  const resource =
    registered?.idRessource === consumed.idRessource
      ? await deps.resources.findResource(consumed.idRessource)
      : undefined;
  if (resource === undefined) {
    return refuse(ctx, 'INVALID_SERVICE', "Ce service n'est plus raccordé.", 'service or resource gone');
  }
  return { person: { entId: consumed.entId, personId: consumed.personId }, uai: consumed.uai, resource };
}

function refuse(ctx: LoginContext, code: CasFailureCode, description: string, reason: string): Failure {
  ctx.log.info({ event: 'cas.validation_refused', code, reason });
  return { kind: 'failure', code, description };
}
