/**
 * Upstream OIDC, the back channel: the code for tokens at the provider's token endpoint, with the
 * PKCE verifier (RFC 7636 §4.5) and client authentication. openid-client checks, on the token
 * response: the ID token's presence, `iss` = the discovered issuer, `aud` holding the client id
 * and `azp` when there are several audiences, `exp` and `iat`, `sub`, the `nonce`, and `alg`
 * against the provider's advertised algorithms. It does NOT verify the signature (OIDC Core
 * §3.1.3.7 item 6 lets a TLS client skip it): verifyOidcIdToken does, with the broker's allow-list.
 */
import { authorizationCodeGrant, type Configuration, type TokenEndpointResponse } from 'openid-client';
import { oidcExchangeFailure } from './oidc-exchange-failure.js';
import type { OidcLoginSecret } from './oidc-login-secret.js';

export async function exchangeOidcCode(
  configuration: Configuration,
  entId: string,
  redirectUri: string,
  callbackUrl: URL,
  secret: OidcLoginSecret,
): Promise<TokenEndpointResponse & { readonly id_token: string }> {
  // The redirect_uri sent must be the one of the authorization request (RFC 6749 §4.1.3): the
  // configured callback, whatever host or proxy the callback request came through.
  const received = new URL(redirectUri);
  received.search = callbackUrl.search;
  try {
    const tokens = await authorizationCodeGrant(configuration, received, {
      pkceCodeVerifier: secret.codeVerifier,
      expectedState: secret.state,
      expectedNonce: secret.nonce,
      idTokenExpected: true,
    });
    return tokens as TokenEndpointResponse & { readonly id_token: string };
  } catch (error) {
    throw oidcExchangeFailure(error, 'token', entId);
  }
}
