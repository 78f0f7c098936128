/**
 * Upstream, step 1: the signed AuthnRequest (HTTP-Redirect) that sends the browser to the ENT.
 * The broker records the login transaction under the returned `requestId` before redirecting.
 */
import { randomBytes } from 'node:crypto';
import { fail } from '../core/fail.js';
import { buildRedirectAuthnRequest } from '../trust/index.js';
import type { EntIdentityProviders } from './ports.js';
import type { UpstreamSettings } from './upstream-settings.js';

/**
 * `force`: a fresh authentication (ForceAuthn, `prompt=login`); `passive`: no screen at all, only
 * "who is logged in now" (IsPassive, `prompt=none`): the broker's check before reusing a session.
 */
export type EntLoginMode = 'normal' | 'force' | 'passive';

export interface EntAuthenticationRequest {
  /** The ENT project whose IdP was asked (the metadata's, which is the one a Response must come from). */
  readonly entId: string;
  /** The AuthnRequest's ID: the Response's InResponseTo. */
  readonly requestId: string;
  readonly redirectUrl: string;
}

/** Throws ERR_LOGIN_ENT_UNKNOWN when the ENT project has no usable IdP with a Redirect SSO endpoint. */
export async function requestEntAuthentication(
  idps: EntIdentityProviders,
  settings: UpstreamSettings,
  entId: string,
  now: Date,
  mode: EntLoginMode = 'normal',
): Promise<EntAuthenticationRequest> {
  const idp = await idps.ofEnt(entId, now);
  if (idp === undefined)
    throw fail('ERR_LOGIN_ENT_UNKNOWN', "Cet ENT n'est pas (ou plus) raccordé au service.", `entId=${entId}`);
  const endpoint = idp.metadata.singleSignOn.find((e) => e.binding === 'HTTP-Redirect');
  if (endpoint === undefined) {
    throw fail(
      'ERR_LOGIN_ENT_UNKNOWN',
      "Cet ENT n'accepte pas de demande d'authentification par redirection.",
      `entId=${entId} no HTTP-Redirect SSO`,
    );
  }
  const requestId = `_${randomBytes(16).toString('hex')}`;
  const redirectUrl = buildRedirectAuthnRequest(
    {
      id: requestId,
      issueInstant: now,
      issuer: settings.spEntityId,
      acsUrl: settings.acsUrl,
      destination: endpoint.location,
      ...(mode === 'force' ? { forceAuthn: true } : {}),
      ...(mode === 'passive' ? { isPassive: true } : {}),
    },
    undefined,
    { privateKey: settings.signingKey(now) },
  );
  return { entId: idp.entId, requestId, redirectUrl };
}
