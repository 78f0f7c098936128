/**
 * The fields of a publisher's AuthnRequest (saml-core §3.4.1) as read from a DOM the caller
 * trusts: the signed bytes when it was signed, or the schema-valid message when signatures are
 * not required. Nothing else of the request is read.
 */
import { fail } from '../../core/fail.js';
import { samlUris } from './xml-text.js';

export interface AuthnRequestFields {
  readonly id: string;
  readonly issuer: string;
  readonly issueInstant: Date;
  readonly destination?: string;
  readonly acsUrl?: string;
  readonly acsIndex?: number;
  readonly protocolBinding?: string;
  readonly forceAuthn: boolean;
  readonly isPassive: boolean;
}

/** The root's own saml:Issuer text, or undefined. */
export function directIssuer(root: Element): string | undefined {
  const issuer = Array.from(root.childNodes).find(
    (n): n is Element =>
      n.nodeType === 1 && (n as Element).localName === 'Issuer' && (n as Element).namespaceURI === samlUris.assertion,
  );
  const text = issuer?.textContent?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** Refuses any root but a SAML 2.0 samlp:AuthnRequest. */
export function assertAuthnRequestRoot(root: Element): void {
  if (root.localName !== 'AuthnRequest' || root.namespaceURI !== samlUris.protocol) {
    throw fail(
      'ERR_SAML_REQUEST_INVALID',
      "Ce message n'est pas une demande d'authentification SAML.",
      `root ${root.namespaceURI ?? ''} ${root.localName}`,
    );
  }
}

const attribute = (root: Element, name: string): string | undefined =>
  root.hasAttribute(name) ? (root.getAttribute(name) ?? '') : undefined;

/** xs:boolean (XML Schema 2 §3.2.2). */
const booleanOf = (value: string | undefined): boolean => value === 'true' || value === '1';

export function readAuthnRequestFields(root: Element): AuthnRequestFields {
  assertAuthnRequestRoot(root);
  const id = attribute(root, 'ID');
  const issuer = directIssuer(root);
  const instant = attribute(root, 'IssueInstant');
  if (
    attribute(root, 'Version') !== '2.0'
    || id === undefined
    || id === ''
    || issuer === undefined
    || instant === undefined
  ) {
    throw fail(
      'ERR_SAML_REQUEST_INVALID',
      "Demande d'authentification SAML incomplète.",
      'Version 2.0, ID, IssueInstant and Issuer are required',
    );
  }
  const issueInstant = parseInstant(instant);
  const acsIndex = attribute(root, 'AssertionConsumerServiceIndex');
  const optional = {
    destination: attribute(root, 'Destination'),
    acsUrl: attribute(root, 'AssertionConsumerServiceURL'),
    acsIndex: acsIndex === undefined ? undefined : Number.parseInt(acsIndex, 10),
    protocolBinding: attribute(root, 'ProtocolBinding'),
  };
  const defined = Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined));
  return {
    id,
    issuer,
    issueInstant,
    ...defined,
    forceAuthn: booleanOf(attribute(root, 'ForceAuthn')),
    isPassive: booleanOf(attribute(root, 'IsPassive')),
  };
}

/** xs:dateTime; one without a time zone is read as UTC (saml-core §1.3.3 requires UTC). */
function parseInstant(value: string): Date {
  const withZone = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`;
  const date = new Date(withZone);
  if (Number.isNaN(date.getTime()))
    throw fail('ERR_SAML_REQUEST_INVALID', "Date de la demande d'authentification illisible.", `IssueInstant ${value}`);
  return date;
}
