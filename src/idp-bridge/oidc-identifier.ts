/**
 * An identifier a provider hands over in a token or a URL (`sid`, `sub`, `jti`), as the broker
 * keeps it: a string of 1 to 255 characters without control characters, else undefined. 255 is
 * OIDC Core §2's bound on `sub`; the same bound keeps a session id or a token id that the broker
 * stores (sessions, replay cache) or compares small.
 */
export function oidcIdentifier(value: unknown): string | undefined {
  return typeof value === 'string' && /^[^\x00-\x1F\x7F]{1,255}$/u.test(value) ? value : undefined;
}
