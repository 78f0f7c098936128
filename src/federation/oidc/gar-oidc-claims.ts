/**
 * What an OIDC publisher may ask for (gar-reference §4): `scope=openid scope.gar`. `openid` gives
 * `sub` (the IDO); `scope.gar` gives the release under the very names and in the very form of the
 * SAML assertion (`IDO`, `UAI`, `PRO`…, each a list of strings), so a publisher reads the same
 * values whichever protocol it speaks. A code outside the resource's approved contract is never
 * released: the grant's release, not this list, decides what a token carries.
 */
export const garScope = 'scope.gar';

export const oidcScopes: readonly string[] = ['openid', garScope];

export function oidcClaims(releaseCodes: readonly string[]): Record<string, string[]> {
  return { openid: ['sub'], [garScope]: [...releaseCodes] };
}
