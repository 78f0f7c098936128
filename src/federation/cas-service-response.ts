/**
 * The answer of `/cas/p3/serviceValidate` (CAS protocol 3.0 §2.6, §2.5.2 and appendix A, the
 * `cas:serviceResponse` schema; the JSON form of the same document with `format=JSON`, §2.5.4,
 * §2.6.2). Written, never parsed: values are escaped here, so a name or a class label from a feed
 * cannot add an element, and a character XML 1.0 forbids cannot make the document unreadable.
 *
 * Every attribute is a list of strings (gar-reference §3): in XML one element per value, in JSON
 * always an array, even of one value, so a client never has to guess the shape.
 */

import { escapeXml } from '../core/escape-xml.js';

/** §2.5.3's codes the broker uses: no proxy tickets are issued, so none of the proxy codes. */
export type CasFailureCode = 'INVALID_REQUEST' | 'INVALID_TICKET' | 'INVALID_SERVICE' | 'INTERNAL_ERROR';

export interface CasAttribute {
  /** A GAR code (`IDO`, `UAI`, `NOM`…): an XML name as it stands. */
  readonly name: string;
  readonly values: readonly string[];
}

export type CasValidation =
  | { readonly kind: 'success'; readonly user: string; readonly attributes: readonly CasAttribute[] }
  | { readonly kind: 'failure'; readonly code: CasFailureCode; readonly description: string };

export type CasResponseFormat = 'xml' | 'json';

export interface CasServiceResponse {
  readonly contentType: 'application/xml; charset=utf-8' | 'application/json; charset=utf-8';
  readonly body: string;
}

const namespace = 'http://www.yale.edu/tp/cas';
const attributeName = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function renderCasServiceResponse(validation: CasValidation, format: CasResponseFormat): CasServiceResponse {
  if (validation.kind === 'success') {
    for (const { name } of validation.attributes) {
      // Names come from the attribute codes table; anything else is a bug, not data to escape.
      if (!attributeName.test(name)) throw new Error('an attribute name that is not a GAR code');
    }
  }
  return format === 'json'
    ? {
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({ serviceResponse: jsonBody(validation) }),
      }
    : { contentType: 'application/xml; charset=utf-8', body: xmlDocument(validation) };
}

function jsonBody(validation: CasValidation): Record<string, unknown> {
  if (validation.kind === 'failure')
    return { authenticationFailure: { code: validation.code, description: validation.description } };
  const attributes = Object.fromEntries(validation.attributes.map((a) => [a.name, [...a.values]]));
  return { authenticationSuccess: { user: validation.user, attributes } };
}

/** A validation answer must always be readable: a character XML cannot carry becomes U+FFFD. */
const text = (value: string): string => escapeXml(value, { unrepresentable: 'replace' });

function xmlDocument(validation: CasValidation): string {
  const inner =
    validation.kind === 'failure'
      ? `<cas:authenticationFailure code="${validation.code}">`
        + `${text(validation.description)}</cas:authenticationFailure>`
      : `<cas:authenticationSuccess><cas:user>${text(validation.user)}</cas:user><cas:attributes>${validation.attributes
          .flatMap((a) => a.values.map((v) => `<cas:${a.name}>${text(v)}</cas:${a.name}>`))
          .join('')}</cas:attributes></cas:authenticationSuccess>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<cas:serviceResponse xmlns:cas="${namespace}">${inner}</cas:serviceResponse>\n`
  );
}
