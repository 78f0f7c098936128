/**
 * The fields of a LogoutRequest (saml-core §3.7.1) or LogoutResponse (§3.7.2), read from a DOM
 * of the signed bytes only. Children are read one level at a time (never a descendant search:
 * that would also find what an Extensions block carries), text with textContent (which skips
 * comments, so a comment injected into a signed NameID cannot shorten it).
 */
import { fail } from '../../core/fail.js';
import { childElements } from '../metadata/child-elements.js';
import { samlUris } from './xml-text.js';
import { definedFields } from '../../core/defined-fields.js';

export type LogoutMessageKind = 'LogoutRequest' | 'LogoutResponse';

/** What both messages carry (saml-core §3.2.1 RequestAbstractType, §3.2.2 StatusResponseType). */
export interface LogoutHeader {
  readonly id: string;
  readonly issuer: string;
  readonly issuerFormat?: string;
  readonly issueInstant: Date;
  readonly destination?: string;
}

export interface LogoutRequestFields {
  readonly notOnOrAfter?: Date;
  readonly nameId: { readonly value: string; readonly format?: string };
  readonly sessionIndexes: readonly string[];
}

export interface LogoutResponseFields {
  readonly inResponseTo?: string;
  readonly status: string;
  readonly subStatus?: string;
}

const text = (element: Element): string => (element.textContent ?? '').trim();

/** xmldom answers '' for a missing attribute: presence is asked separately. */
const attribute = (element: Element, name: string): string | undefined =>
  element.hasAttribute(name) ? (element.getAttribute(name) ?? '') : undefined;

const invalid = (detail: string): Error =>
  fail('ERR_SAML_LOGOUT_INVALID', 'Message de déconnexion SAML incomplet ou illisible.', detail);

/** ERR_SAML_LOGOUT_MESSAGE_KIND, for the root here and for the Redirect parameter in verify-logout-message.ts. */
export const unexpectedLogoutMessage = (detail: string): Error =>
  fail('ERR_SAML_LOGOUT_MESSAGE_KIND', "Ce message n'est pas celui attendu à cette adresse de déconnexion.", detail);

/** Refuses any root but the SAML 2.0 message expected: a LogoutResponse is never read as a request. */
export function assertLogoutRoot(root: Element, kind: LogoutMessageKind): void {
  if (root.localName !== kind || root.namespaceURI !== samlUris.protocol) {
    throw unexpectedLogoutMessage(`expected ${kind}, got ${root.namespaceURI ?? ''} ${root.localName}`);
  }
}

export function readLogoutHeader(root: Element): LogoutHeader {
  const id = attribute(root, 'ID');
  const issuer = childElements(root, samlUris.assertion, 'Issuer')[0];
  const issuerValue = issuer === undefined ? '' : text(issuer);
  if (attribute(root, 'Version') !== '2.0' || id === undefined || id === '' || issuerValue === '') {
    throw invalid('Version 2.0, ID and Issuer are required');
  }
  const issuerFormat = issuer === undefined ? undefined : attribute(issuer, 'Format');
  const destination = attribute(root, 'Destination');
  return {
    id,
    issuer: issuerValue,
    issueInstant: instant(root, 'IssueInstant') ?? throwing(invalid('IssueInstant missing')),
    ...definedFields({ issuerFormat, destination }),
  };
}

/**
 * saml-core §3.7.1: the principal is named by exactly one of BaseID, NameID or EncryptedID (the
 * schema makes it a choice). Only a clear NameID is supported: the broker issues transient
 * NameIDs in clear, and no ENT encrypts its NameIDs.
 */
export function readLogoutRequestFields(root: Element): LogoutRequestFields {
  const other = ['EncryptedID', 'BaseID'].find((name) => childElements(root, samlUris.assertion, name).length > 0);
  if (other !== undefined) {
    throw fail(
      'ERR_SAML_LOGOUT_IDENTIFIER_UNSUPPORTED',
      'Identifiant de déconnexion non pris en charge.',
      `${other} is not supported`,
    );
  }
  const nameId = childElements(root, samlUris.assertion, 'NameID')[0];
  const value = nameId === undefined ? '' : text(nameId);
  if (nameId === undefined || value === '') throw invalid('NameID missing or empty');
  const format = attribute(nameId, 'Format');
  const notOnOrAfter = instant(root, 'NotOnOrAfter');
  return {
    ...definedFields({ notOnOrAfter }),
    nameId: { value, ...definedFields({ format }) },
    sessionIndexes: childElements(root, samlUris.protocol, 'SessionIndex')
      .map(text)
      .filter((index) => index !== ''),
  };
}

/** saml-core §3.2.2.2: the top-level StatusCode, and the one nested in it when present. */
export function readLogoutResponseFields(root: Element): LogoutResponseFields {
  const status = childElements(root, samlUris.protocol, 'Status')[0];
  const code = status === undefined ? undefined : childElements(status, samlUris.protocol, 'StatusCode')[0];
  const value = code === undefined ? undefined : attribute(code, 'Value');
  if (code === undefined || value === undefined || value === '') throw invalid('Status/StatusCode@Value missing');
  const sub = childElements(code, samlUris.protocol, 'StatusCode')[0];
  const subStatus = sub === undefined ? undefined : attribute(sub, 'Value');
  const inResponseTo = attribute(root, 'InResponseTo');
  return {
    status: value,
    ...(subStatus === undefined || subStatus === '' ? {} : { subStatus }),
    ...(inResponseTo === undefined || inResponseTo === '' ? {} : { inResponseTo }),
  };
}

/** xs:dateTime with an explicit zone (saml-core §1.3.3: UTC); a zone-less value would be read in local time. */
const dateTime = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function instant(element: Element, name: string): Date | undefined {
  const value = attribute(element, name);
  if (value === undefined) return undefined;
  const time = dateTime.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw invalid(`${name} ${JSON.stringify(value.slice(0, 40))} is not a dateTime with a zone`);
  return new Date(time);
}

function throwing(error: Error): never {
  throw error;
}
