/**
 * The root and Issuer both of the broker's logout messages share (saml-core §3.2.1 and §3.2.2),
 * written with canonical-xml.ts (core's escapeXml behind it). Inputs the broker should never
 * produce are refused here, before anything is signed or sent.
 */
import { escapeXml, isXmlText } from '../../core/escape-xml.js';
import { fail } from '../../core/fail.js';
import { element, protectLineSeparators, type Attributes } from './canonical-xml.js';
import { samlInstant, samlUris } from './xml-text.js';

export interface LogoutMessageHeader {
  readonly id: string;
  readonly issuer: string;
  readonly destination: string;
  readonly now: Date;
}

/** xs:ID is an NCName; the broker's own IDs are `_` + hex, so anything else is a bug upstream. */
const ncName = /^[A-Za-z_][\w.-]*$/;

/**
 * `<name>` with ID, Version, IssueInstant, Destination and `attributes`, then the Issuer, then
 * `content`; `values` are the caller's texts written into `attributes` and `content`, checked
 * to be writable as XML. Throws ERR_SAML_LOGOUT_BUILD.
 */
export function logoutMessageXml(
  name: 'samlp:LogoutRequest' | 'samlp:LogoutResponse',
  header: LogoutMessageHeader,
  attributes: Attributes,
  content: string,
  values: readonly string[],
): string {
  const problem = !ncName.test(header.id)
    ? `ID ${JSON.stringify(header.id)} is not an NCName`
    : !URL.canParse(header.destination)
      ? 'destination is not an absolute URL'
      : Number.isNaN(header.now.getTime())
        ? 'invalid IssueInstant'
        : header.issuer === ''
          ? 'empty Issuer'
          : // A value XML cannot carry (a NUL, a lone surrogate) would make the partner's parser fail.
            ![header.issuer, header.destination, ...values].every(isXmlText)
            ? 'a value holds a character XML refuses'
            : undefined;
  if (problem !== undefined) throw logoutBuildError(problem);
  const issuer = element('saml:Issuer', {}, {}, escapeXml(header.issuer, { form: 'c14n-text' }));
  const namespaces = { saml: samlUris.assertion, samlp: samlUris.protocol };
  const root = element(
    name,
    namespaces,
    {
      ...attributes,
      Destination: header.destination,
      ID: header.id,
      IssueInstant: samlInstant(header.now),
      Version: '2.0',
    },
    issuer + content,
  );
  // U+0085 / U+2028 as references, so that every parser reads (and canonicalises) what was signed.
  return protectLineSeparators(root);
}

export const logoutBuildError = (detail: string): Error =>
  fail('ERR_SAML_LOGOUT_BUILD', "Le message de déconnexion au partenaire n'a pas pu être préparé.", detail);
