/**
 * What an openid-client failure during the code exchange or the userinfo call means for the
 * login, as one coded error. The detail names the check that failed and never holds a token,
 * a code or a claim value: openid-client's messages do not, and its `cause` (which may) is not read
 * beyond the name of the compared claim.
 */
import { ClientError, ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';
import type { BrokerError } from '../core/broker-error.js';
import { fail } from '../core/fail.js';

const transportCodes = new Set([
  'OAUTH_TIMEOUT',
  'OAUTH_ABORT',
  'OAUTH_RESPONSE_IS_NOT_CONFORM',
  'OAUTH_RESPONSE_IS_NOT_JSON',
  'OAUTH_HTTP_REQUEST_FORBIDDEN',
  'OAUTH_REQUEST_PROTOCOL_FORBIDDEN',
]);

export function oidcExchangeFailure(error: unknown, step: 'token' | 'userinfo', entId: string): BrokerError {
  const where = `entId=${entId} ${step}`;
  if (error instanceof ResponseBodyError || error instanceof WWWAuthenticateChallengeError) {
    const oauthError = error instanceof ResponseBodyError ? error.error : 'challenge';
    // RFC 6749 §5.2: invalid_grant is the code's fault (used twice, expired, other client or verifier).
    if (step === 'token' && oauthError === 'invalid_grant') {
      return fail(
        'ERR_OIDC_ENT_CODE_REFUSED',
        "L'ENT a refusé cette réponse d'authentification (déjà utilisée ou expirée) ; recommencez depuis l'ENT.",
        `${where}: invalid_grant`,
      );
    }
    return fail(
      'ERR_OIDC_ENT_TOKEN_REFUSED',
      "L'ENT a refusé la demande du service ; réessayez plus tard.",
      `${where}: ${printable(oauthError)} (HTTP ${error.status})`,
    );
  }
  if (!(error instanceof ClientError) || transportCodes.has(error.code ?? '')) {
    return fail(
      'ERR_OIDC_ENT_UNREACHABLE',
      "Le service d'authentification de l'ENT ne répond pas ; réessayez plus tard.",
      `${where}: ${(error as Error).message}`,
    );
  }
  const comparedClaim = claimOf(error);
  if (step === 'token' && comparedClaim === 'nonce') {
    return fail(
      'ERR_OIDC_ENT_NONCE_MISMATCH',
      "L'ENT a renvoyé une réponse qui n'est pas celle de cette connexion ; recommencez depuis l'ENT.",
      `${where}: ID token nonce is not the login's`,
    );
  }
  const detail =
    `${where}: ${error.code ?? ''} ${error.message}`
    + `${comparedClaim === undefined ? '' : ` (${comparedClaim})`} ${causeMessage(error)}`;
  if (step === 'userinfo')
    return fail(
      'ERR_OIDC_ENT_USERINFO_INVALID',
      "L'ENT a renvoyé une réponse invalide ; recommencez depuis l'ENT.",
      detail,
    );
  return fail(
    'ERR_OIDC_ENT_ID_TOKEN_INVALID',
    "L'ENT a renvoyé une réponse invalide ; recommencez depuis l'ENT.",
    detail,
  );
}

/** The claim or attribute a failed comparison was about (openid-client → oauth4webapi cause). */
function claimOf(error: ClientError): string | undefined {
  const inner = error.cause as { cause?: { claim?: unknown; attribute?: unknown } } | undefined;
  const claim = inner?.cause?.claim ?? inner?.cause?.attribute;
  return typeof claim === 'string' ? printable(claim) : undefined;
}

function causeMessage(error: ClientError): string {
  const cause = error.cause;
  return cause instanceof Error ? `: ${cause.message}` : '';
}

const printable = (value: string): string => (/^[\x20-\x7E]{1,64}$/.test(value) ? value : '?');
