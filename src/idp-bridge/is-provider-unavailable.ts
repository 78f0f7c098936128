import { errors } from 'jose';

/**
 * Whether a jose failure while verifying a provider's token is the provider's unavailability (its
 * key set could not be fetched, timed out, or is not a JWKS) rather than the token's fault: the
 * caller answers ERR_OIDC_ENT_UNREACHABLE for those, its own refusal for the others.
 */
export function isProviderUnavailable(error: unknown): boolean {
  // jose throws its base class (not a subclass) when the JWKS answer is not a 200 JSON document.
  return (
    !(error instanceof errors.JOSEError)
    || error.constructor === errors.JOSEError
    || error instanceof errors.JWKSTimeout
    || error instanceof errors.JWKSInvalid
  );
}
