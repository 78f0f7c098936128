/**
 * The broker's answers to a publisher's ACS (saml-core §3.3.3, saml-profiles §4.1.4.2): a signed
 * Response carrying a signed (and, when the SP has an encryption certificate, encrypted)
 * Assertion, or a signed Response with an error status and no assertion.
 *
 * Both are written directly in exclusive-c14n form (canonical-xml.ts) and signed by
 * sign-canonical.ts: no DOM, no canonicalizer. Namespaces: the Response declares only samlp (the
 * one it uses); its Issuer, the Assertion and the EncryptedAssertion each declare saml; so each
 * signed element's string is its canonical form both alone and inside the Response (but for
 * U+0085 and U+2028, written as references when the message leaves: protectLineSeparators).
 */
import { randomBytes } from 'node:crypto';
import { escapeXml, isXmlText } from '../../core/escape-xml.js';
import { fail } from '../../core/fail.js';
import { signCanonical } from '../xmldsig/sign-canonical.js';
import { element, protectLineSeparators } from './canonical-xml.js';
import { encryptAssertion } from './encrypt-assertion.js';
import type { AssertionToSp, ErrorToSp, ResponseSigningKeys } from './saml-protocol.js';
import { samlInstant, samlUris } from './xml-text.js';

const saml = { saml: samlUris.assertion };
const newId = (): string => `_${randomBytes(20).toString('hex')}`;
const later = (date: Date, seconds: number): string => samlInstant(new Date(date.getTime() + seconds * 1000));
const text = (name: string, value: string): string => element(name, {}, {}, escapeXml(value, { form: 'c14n-text' }));

/** The Response XML (not base64) answering `a`, signed (assertion and response) with `keys`. */
export function buildSpResponse(a: AssertionToSp, keys: ResponseSigningKeys): string {
  checkWritable(a);
  const assertion = signedAssertion(a, keys);
  const carried =
    keys.encryptTo === undefined ? assertion : encryptAssertion(protectLineSeparators(assertion), keys.encryptTo);
  const status = element('samlp:Status', {}, {}, element('samlp:StatusCode', {}, { Value: samlUris.success }));
  return signedResponse(
    { idpEntityId: a.idpEntityId, acsUrl: a.acsUrl, inResponseTo: a.inResponseTo, now: a.now },
    status + carried,
    keys,
  );
}

/** A signed Response with status Responder / `subStatus` (saml-core §3.2.2.2) and no assertion. */
export function buildSpErrorResponse(e: ErrorToSp, keys: ResponseSigningKeys): string {
  // The message is optional (saml-core §3.2.2.3): one XML cannot carry is left out rather than fail the refusal.
  const message = e.message === undefined || !isXmlText(e.message) ? '' : text('samlp:StatusMessage', e.message);
  const status = element(
    'samlp:Status',
    {},
    {},
    element(
      'samlp:StatusCode',
      {},
      { Value: samlUris.responder },
      element('samlp:StatusCode', {}, { Value: e.subStatus }),
    ) + message,
  );
  return signedResponse(e, status, keys);
}

interface ResponseHeader {
  readonly idpEntityId: string;
  readonly acsUrl: string;
  readonly inResponseTo?: string | undefined;
  readonly now: Date;
}

function signedResponse(h: ResponseHeader, content: string, keys: ResponseSigningKeys): string {
  const id = newId();
  const open = element(
    'samlp:Response',
    { samlp: samlUris.protocol },
    {
      Destination: h.acsUrl,
      ID: id,
      InResponseTo: h.inResponseTo,
      IssueInstant: samlInstant(h.now),
      Version: '2.0',
    },
  );
  const start = open.slice(0, open.lastIndexOf('</samlp:Response>'));
  const issuer = element('saml:Issuer', saml, {}, escapeXml(h.idpEntityId, { form: 'c14n-text' }));
  return protectLineSeparators(signCanonical(start + issuer, `${content}</samlp:Response>`, id, keys));
}

function signedAssertion(a: AssertionToSp, keys: ResponseSigningKeys): string {
  const id = newId();
  const open = element('saml:Assertion', saml, { ID: id, IssueInstant: samlInstant(a.now), Version: '2.0' });
  const start = open.slice(0, open.lastIndexOf('</saml:Assertion>'));
  const body = subject(a) + conditions(a) + authnStatement(a) + attributeStatement(a);
  return signCanonical(`${start}${text('saml:Issuer', a.idpEntityId)}`, `${body}</saml:Assertion>`, id, keys);
}

/** saml-profiles §4.1.4.2: a bearer confirmation bound to the ACS, the request and a short life. */
function subject(a: AssertionToSp): string {
  const nameId = element(
    'saml:NameID',
    {},
    { Format: samlUris.transient, SPNameQualifier: a.spEntityId },
    escapeXml(a.nameId, { form: 'c14n-text' }),
  );
  const data = element(
    'saml:SubjectConfirmationData',
    {},
    {
      InResponseTo: a.inResponseTo,
      NotOnOrAfter: later(a.now, a.lifetimeSeconds),
      Recipient: a.acsUrl,
    },
  );
  return element(
    'saml:Subject',
    {},
    {},
    nameId + element('saml:SubjectConfirmation', {}, { Method: samlUris.bearer }, data),
  );
}

function conditions(a: AssertionToSp): string {
  const audience = element('saml:AudienceRestriction', {}, {}, text('saml:Audience', a.spEntityId));
  return element(
    'saml:Conditions',
    {},
    { NotBefore: later(a.now, -a.skewSeconds), NotOnOrAfter: later(a.now, a.lifetimeSeconds) },
    audience,
  );
}

function authnStatement(a: AssertionToSp): string {
  const context = element(
    'saml:AuthnContext',
    {},
    {},
    text('saml:AuthnContextClassRef', samlUris.passwordProtectedTransport),
  );
  return element(
    'saml:AuthnStatement',
    {},
    { AuthnInstant: samlInstant(a.authnInstant), SessionIndex: a.sessionIndex },
    context,
  );
}

/** One Attribute per GAR attribute, one AttributeValue per value, plain strings (no xsi:type). */
function attributeStatement(a: AssertionToSp): string {
  if (a.attributes.length === 0) return ''; // saml-core §2.7.3: an AttributeStatement holds at least one.
  const attributes = a.attributes.map((attribute) =>
    element(
      'saml:Attribute',
      {},
      { Name: attribute.name, NameFormat: samlUris.basicAttribute },
      attribute.values.map((value) => text('saml:AttributeValue', value)).join(''),
    ),
  );
  return element('saml:AttributeStatement', {}, {}, attributes.join(''));
}

/** A value XML cannot carry (a NUL, a lone surrogate) would make the publisher's parser fail: refuse here. */
function checkWritable(a: AssertionToSp): void {
  const values = [
    a.idpEntityId,
    a.spEntityId,
    a.acsUrl,
    a.nameId,
    a.sessionIndex,
    a.inResponseTo ?? '',
    ...a.attributes.flatMap((attribute) => [attribute.name, ...attribute.values]),
  ];
  if (!values.every(isXmlText)) {
    throw fail(
      'ERR_SAML_RESPONSE_BUILD',
      "La réponse au fournisseur n'a pas pu être préparée.",
      'a value holds a character XML cannot carry',
    );
  }
}
