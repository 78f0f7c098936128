/** A SHA-256 digest in lower-case hex, as `cookieDigest` writes it and the store alone accepts. */
export const sha256HexPattern = /^[0-9a-f]{64}$/;
