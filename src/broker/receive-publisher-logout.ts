/**
 * `/saml/idp/slo`: a SAML publisher's LogoutResponse to the LogoutRequest the broker sent it in a
 * front-channel logout (logout-run.ts), verified against its metadata; the frame then says done.
 * A LogoutRequest from a publisher (SP-initiated logout) is not accepted: publishers end the
 * broker session through CAS or OIDC logout, or the ENT's.
 */
import { fail } from '../core/fail.js';
import { readPublisherLogoutResponse } from '../federation/index.js';
import type { IncomingSamlMessage } from '../trust/index.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';

export async function receivePublisherLogout(
  deps: LoginDeps, ctx: LoginContext, incoming: IncomingSamlMessage, message: 'request' | 'response',
): Promise<void> {
  if (message === 'request') {
    throw fail('ERR_LOGOUT_METHOD',
      'La déconnexion à l’initiative de la ressource n’est pas prise en charge : déconnectez-vous de l’ENT.',
      'SP-initiated LogoutRequest');
  }
  const settings = { ...deps.downstream, sloUrl: deps.logout.idpSloUrl };
  const response = await readPublisherLogoutResponse(deps.partners, settings, incoming, ctx.now);
  ctx.log.info({ event: 'logout.publisher_answered', sp: response.issuer, status: response.status });
}
