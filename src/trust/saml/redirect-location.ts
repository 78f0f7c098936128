/**
 * A partner's endpoint with a signed Redirect query appended (saml-bindings §3.4.4.1): the
 * endpoint's own query is kept and joined with `&`; a fragment is dropped, since the browser
 * never sends it and parameters written after it would be lost.
 */
export function redirectLocation(location: string, signedQuery: string): string {
  const [base = ''] = location.split('#', 1);
  const joiner = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
  return `${base}${joiner}${signedQuery}`;
}
