/**
 * The callback's parameters, checked before anything is sent to the provider: one `state`, the
 * login's (RFC 6749 §10.12); `iss`, when present or advertised, the provider's (RFC 9207 §2.4,
 * against mix-up); then an `error` is the provider's refusal (RFC 6749 §4.1.2.1), or, to a passive
 * request, its saying it has no session (OIDC Core §3.1.2.6); else exactly one `code`, and no token
 * in the URL (the broker asked for the code flow only). openid-client repeats the state and iss
 * checks; these come first so that each failure has its own code.
 */
import type { ServerMetadata } from 'openid-client';
import { fail } from '../core/fail.js';
import type { OidcLoginSecret } from './oidc-login-secret.js';

export function readOidcCallback(callbackUrl: URL, secret: OidcLoginSecret, server: ServerMetadata): string {
  const params = callbackUrl.searchParams;
  const state = params.getAll('state');
  if (state.length !== 1 || state[0] !== secret.state) {
    throw fail(
      'ERR_OIDC_ENT_STATE_MISMATCH',
      "La réponse de l'ENT ne correspond pas à cette connexion ; recommencez depuis l'ENT.",
      `state: ${state.length} value(s), not the login's`,
    );
  }
  const iss = params.getAll('iss');
  if (
    iss.length > 1
    || (iss.length === 1 && iss[0] !== server.issuer)
    || (iss.length === 0 && server.authorization_response_iss_parameter_supported === true)
  ) {
    throw fail(
      'ERR_OIDC_ENT_ISSUER_MISMATCH',
      "La réponse ne vient pas du service d'authentification de cet ENT.",
      `iss parameter ${iss.length === 0 ? 'missing' : 'not the provider'}`,
    );
  }
  const error = params.getAll('error');
  if (error.length > 0 && secret.passive === true && noSessionErrors.has(error[0] ?? '')) {
    throw fail(
      'ERR_OIDC_ENT_NO_SESSION',
      "Vous n'êtes pas connecté à votre ENT ; connectez-vous depuis l'ENT.",
      `passive login: provider error ${error[0] ?? ''}`,
    );
  }
  if (error.length > 0) {
    const shown = knownErrors.has(error[0] ?? '') ? ` (${error[0] ?? ''})` : '';
    throw fail(
      'ERR_OIDC_ENT_ERROR',
      `L'ENT n'a pas authentifié l'utilisateur${shown} ; recommencez depuis l'ENT.`,
      `provider error ${readableError(error[0] ?? '')}`,
    );
  }
  const code = params.getAll('code');
  if (
    code.length !== 1
    || code[0] === ''
    || params.has('id_token')
    || params.has('access_token')
    || params.has('response')
  ) {
    throw fail(
      'ERR_OIDC_ENT_RESPONSE_INVALID',
      "L'ENT a renvoyé une réponse invalide ; recommencez depuis l'ENT.",
      `code: ${code.length} value(s), or tokens in the callback`,
    );
  }
  return code[0] as string;
}

/**
 * OIDC Core §3.1.2.6: the answers to prompt=none when the provider would have to show a page (log
 * in, consent, choose an account). To a passive request they mean "no usable session there", which
 * the broker handles as such; to any other request they stay the provider's refusal, so a broker
 * that answers "no session" with a new login cannot loop on a provider that sends them anyway.
 */
const noSessionErrors = new Set([
  'login_required',
  'interaction_required',
  'consent_required',
  'account_selection_required',
]);

/** The codes of RFC 6749 §4.1.2.1 and OIDC Core §3.1.2.6: only these reach the page (the URL is anyone's to write). */
const knownErrors = new Set([
  'invalid_request',
  'unauthorized_client',
  'access_denied',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
  'interaction_required',
  'login_required',
  'account_selection_required',
  'consent_required',
  'invalid_request_uri',
  'invalid_request_object',
  'request_not_supported',
  'request_uri_not_supported',
  'registration_not_supported',
]);

/** The error code as logged: the RFC 6749 §4.1.2.1 character set, bounded (it comes from the URL). */
function readableError(value: string): string {
  return /^[\x20-\x21\x23-\x5B\x5D-\x7E]{1,64}$/.test(value) ? value : 'erreur illisible';
}
