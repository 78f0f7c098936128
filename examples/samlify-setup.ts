/**
 * samlify for the demo partners, with the broker's SAML schema check installed as its validator
 * (samlify refuses to read messages without one). The demo partners use samlify, the broker its
 * own codecs: the demo is also a check that two implementations agree.
 */
import { createRequire } from 'node:module';
import * as samlify from 'samlify';
import { createSamlSchemaValidator, createSamlifySchemaValidator } from '../src/trust/index.js';

samlify.setSchemaValidator(createSamlifySchemaValidator(createSamlSchemaValidator()));

export { samlify };

/**
 * samlify's signing library (a message that samlify's builders do not make, such as a status-only
 * Response, is signed with it). Read through `require`: samlify's CommonJS build declares it with a
 * getter, which Node's named ESM exports of a CommonJS module do not see.
 */
export const samlLib = (createRequire(import.meta.url)('samlify') as typeof samlify).SamlLib;

export const samlUris = {
  redirect: samlify.Constants.namespace.binding.redirect,
  post: samlify.Constants.namespace.binding.post,
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
} as const;

/** The octets a Redirect-binding signature covers: the raw query minus `Signature` (saml-bindings §3.4.4.1). */
export function redirectRequest(rawQuery: string): { query: Record<string, string>; octetString: string } {
  const query = Object.fromEntries(new URLSearchParams(rawQuery));
  const octetString = rawQuery
    .split('&')
    .filter((part) => !part.startsWith('Signature='))
    .join('&');
  return { query, octetString };
}

/** The query exactly as sent (`req.originalUrl`): the Redirect binding's signature covers these octets. */
export function rawQueryOf(originalUrl: string): string {
  const at = originalUrl.indexOf('?');
  return at < 0 ? '' : originalUrl.slice(at + 1);
}

/** A partner's metadata document, fetched each time it is needed (keys rotate, endpoints are added). */
export async function fetchMetadata(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.text();
}
