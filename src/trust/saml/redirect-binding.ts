/**
 * The SAML HTTP-Redirect binding (saml-bindings-2.0-os §3.4.4): the message is raw DEFLATE, then
 * base64, then URL-encoded; its signature covers the octets `SAMLRequest=…[&RelayState=…]&SigAlg=…`
 * exactly as they travel. The verifier therefore re-derives those octets from the query string as
 * received, never by re-encoding decoded values (two encoders disagree on `+`, `%7E`, case of hex).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { sign, verify, type KeyObject } from 'node:crypto';
import { fail } from '../../core/fail.js';
import type { RedirectSigningKey } from './saml-protocol.js';
import { definedFields } from '../../core/defined-fields.js';

/** A SAML message on the wire: requests from browsers are well under 16 KiB once inflated. */
export const defaultMaxRedirectMessageBytes = 64 * 1024;

const sigAlgUris = {
  'rsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'rsa-sha512': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
} as const;
const hashOf: Record<string, 'sha256' | 'sha512'> = {
  [sigAlgUris['rsa-sha256']]: 'sha256',
  [sigAlgUris['rsa-sha512']]: 'sha512',
};

export type RedirectMessageParameter = 'SAMLRequest' | 'SAMLResponse';

/** A Redirect query split into the binding's parameters; `signed` is absent when it carries no Signature. */
export interface RedirectQuery {
  readonly parameter: RedirectMessageParameter;
  /** The inflated message XML (not yet verified). */
  readonly xml: string;
  readonly relayState?: string;
  readonly signature?: { readonly octets: string; readonly sigAlg: string; readonly value: Buffer };
}

export interface VerifiedRedirectQuery {
  readonly xml: string;
  readonly relayState?: string;
  /** Which of the trusted keys verified it. */
  readonly keyIndex: number;
}

/** Raw DEFLATE (RFC 1951, no zlib header) then base64: the value before URL-encoding. */
export function encodeRedirectMessage(xml: string): string {
  return deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');
}

/** Builds the signed query string (without `?`) carrying `xml`. */
export function signRedirectQuery(
  xml: string,
  relayState: string | undefined,
  key: RedirectSigningKey,
  parameter: RedirectMessageParameter = 'SAMLRequest',
): string {
  const algorithm = key.algorithm ?? 'rsa-sha256';
  let octets = `${parameter}=${encodeURIComponent(encodeRedirectMessage(xml))}`;
  if (relayState !== undefined) octets += `&RelayState=${encodeURIComponent(relayState)}`;
  octets += `&SigAlg=${encodeURIComponent(sigAlgUris[algorithm])}`;
  const signature = sign(algorithm === 'rsa-sha512' ? 'sha512' : 'sha256', Buffer.from(octets, 'utf8'), key.privateKey);
  return `${octets}&Signature=${encodeURIComponent(signature.toString('base64'))}`;
}

/**
 * Splits and inflates a Redirect query without checking its signature (the caller needs the
 * Issuer to know whose keys to check it with). Other parameters (`idENT`…) are ignored; a
 * duplicate of the binding's parameters is refused, since the signer and a reader could take
 * different copies.
 */
export function parseRedirectQuery(rawQuery: string, maxBytes = defaultMaxRedirectMessageBytes): RedirectQuery {
  const segments = bindingSegments(rawQuery);
  const message = segments.SAMLRequest ?? segments.SAMLResponse;
  if (message === undefined || (segments.SAMLRequest !== undefined && segments.SAMLResponse !== undefined)) {
    throw fail(
      'ERR_SAML_REDIRECT_QUERY',
      'Requête SAML absente de l’adresse.',
      'no (or two kinds of) SAML message parameter',
    );
  }
  const parameter: RedirectMessageParameter = segments.SAMLRequest === undefined ? 'SAMLResponse' : 'SAMLRequest';
  const xml = inflateBounded(formDecode(message), maxBytes);
  const relayState = segments.RelayState === undefined ? undefined : formDecode(segments.RelayState);
  return { parameter, xml, ...definedFields({ relayState }), ...signaturePart(segments, parameter) };
}

/**
 * Verifies the query's signature with one of `trustedKeys` (from metadata), then inflates.
 * Throws ERR_SAML_REQUEST_UNSIGNED (no Signature), ERR_SAML_REDIRECT_ALGORITHM (SHA-1, unknown),
 * ERR_SAML_REDIRECT_SIGNATURE_INVALID, or the parsing codes of `parseRedirectQuery`.
 */
export function verifyRedirectQuery(
  rawQuery: string,
  trustedKeys: readonly KeyObject[],
  maxBytes = defaultMaxRedirectMessageBytes,
): VerifiedRedirectQuery {
  const query = parseRedirectQuery(rawQuery, maxBytes);
  const keyIndex = verifyRedirectSignature(query, trustedKeys);
  return { xml: query.xml, ...definedFields({ relayState: query.relayState }), keyIndex };
}

/** Checks the signature of a parsed query; returns the index of the trusted key that verifies it. */
export function verifyRedirectSignature(query: RedirectQuery, trustedKeys: readonly KeyObject[]): number {
  const signature = query.signature;
  if (signature === undefined)
    throw fail('ERR_SAML_REQUEST_UNSIGNED', 'La requête SAML doit être signée.', 'redirect query without Signature');
  const hash = hashOf[signature.sigAlg];
  // SHA-1 (xmldsig#rsa-sha1) is refused: collisions are practical (SHAttered, 2017).
  if (hash === undefined)
    throw fail('ERR_SAML_REDIRECT_ALGORITHM', 'Algorithme de signature refusé.', `SigAlg ${signature.sigAlg}`);
  const data = Buffer.from(signature.octets, 'utf8');
  const index = trustedKeys.findIndex(
    (key) => key.asymmetricKeyType === 'rsa' && verify(hash, data, key, signature.value),
  );
  if (index < 0)
    throw fail(
      'ERR_SAML_REDIRECT_SIGNATURE_INVALID',
      'Signature de la requête SAML invalide.',
      `no trusted key of ${trustedKeys.length} verifies`,
    );
  return index;
}

const bindingNames = new Set(['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature']);

/** The binding's parameters as raw (still URL-encoded) segments; a repeated one is refused. */
function bindingSegments(rawQuery: string): Partial<Record<string, string>> {
  const found: Record<string, string> = {};
  const query = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  for (const segment of query.split('&')) {
    const equals = segment.indexOf('=');
    const name = equals < 0 ? segment : segment.slice(0, equals);
    if (!bindingNames.has(name)) continue;
    if (found[name] !== undefined)
      throw fail('ERR_SAML_REDIRECT_QUERY', 'Paramètre SAML en double.', `duplicate ${name}`);
    found[name] = equals < 0 ? '' : segment.slice(equals + 1);
  }
  return found;
}

function signaturePart(
  segments: Partial<Record<string, string>>,
  parameter: RedirectMessageParameter,
): Pick<RedirectQuery, 'signature'> {
  if (segments.Signature === undefined) return {};
  if (segments.SigAlg === undefined)
    throw fail('ERR_SAML_REDIRECT_ALGORITHM', 'Algorithme de signature absent.', 'Signature without SigAlg');
  // §3.4.4.1: the octets signed are the raw segments in this order, whatever order they came in.
  let octets = `${parameter}=${segments[parameter] ?? ''}`;
  if (segments.RelayState !== undefined) octets += `&RelayState=${segments.RelayState}`;
  octets += `&SigAlg=${segments.SigAlg}`;
  const value = strictBase64(formDecode(segments.Signature), 4096);
  return { signature: { octets, sigAlg: formDecode(segments.SigAlg), value } };
}

/** application/x-www-form-urlencoded value decoding (`+` is a space). */
function formDecode(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw fail('ERR_SAML_REDIRECT_QUERY', 'Adresse mal encodée.', 'malformed %-escape');
  }
}

function strictBase64(value: string, maxBytes: number): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (
    compact.length === 0
    || compact.length > Math.ceil(maxBytes / 3) * 4 + 4
    || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)
    || compact.length % 4 === 1
  ) {
    throw fail(
      'ERR_SAML_MESSAGE_ENCODING',
      'Message SAML mal encodé (base64 attendu).',
      `base64 length ${compact.length}`,
    );
  }
  return Buffer.from(compact, 'base64');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Inflates with the output capped at `maxBytes`: zlib stops as soon as the cap is passed, so a
 * deflate bomb (a few KiB that inflate to gigabytes) costs at most `maxBytes` of work.
 */
export function inflateBounded(base64: string, maxBytes: number): string {
  const compressed = strictBase64(base64, maxBytes);
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(compressed, { maxOutputLength: maxBytes });
  } catch (error) {
    throw fail(
      'ERR_SAML_INFLATE',
      'Message SAML illisible (compression invalide ou trop grand).',
      error instanceof Error ? error.message : String(error),
    );
  }
  try {
    return utf8.decode(inflated);
  } catch {
    throw fail('ERR_SAML_INFLATE', 'Message SAML illisible.', 'inflated bytes are not UTF-8');
  }
}
