/**
 * The callback's first check: the ENT project still has the registration its login started with
 * (same issuer and client). A registration removed, or moved to another provider or client, while
 * the user was away: the answer is not for it.
 */
import { fail } from '../core/fail.js';
import type { OidcLoginSecret } from './oidc-login-secret.js';
import type { OidcEntRegistration } from './ports.js';

export function sameOidcRegistration(
  registration: OidcEntRegistration | undefined,
  entId: string,
  secret: OidcLoginSecret,
): OidcEntRegistration {
  if (registration === undefined) {
    throw fail(
      'ERR_OIDC_ENT_UNKNOWN',
      "Cet ENT n'est pas (ou plus) raccordé au service.",
      `entId=${entId}: no OIDC registration at callback`,
    );
  }
  if (registration.issuer !== secret.issuer || registration.clientId !== secret.clientId) {
    throw fail(
      'ERR_OIDC_ENT_ISSUER_MISMATCH',
      "La réponse ne vient pas du service d'authentification de cet ENT.",
      `entId=${entId}: registration changed during the login`,
    );
  }
  return registration;
}
