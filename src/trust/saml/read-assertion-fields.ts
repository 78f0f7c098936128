/**
 * Turns the verified Response and assertion elements into plain values; nothing is checked here
 * but the form of the values (check-assertion-conditions.ts decides). Children are read one level
 * at a time (never getElementsByTagName): a descendant search would also find what Advice or
 * Extensions carry. Text is read with textContent, which joins every text node and skips
 * comments, so `alice@good.example<!---->.evil.example` reads as the whole signed value.
 */
import { fail } from '../../core/fail.js';
import { childElements } from '../metadata/child-elements.js';
import { samlUris } from './xml-text.js';
import { definedFields } from '../../core/defined-fields.js';

export interface IssuerValue {
  readonly value: string;
  readonly format?: string;
}

export interface ResponseFields {
  readonly id: string;
  readonly issueInstant: Date;
  readonly issuer?: IssuerValue;
  readonly destination?: string;
  readonly inResponseTo?: string;
}

/** A bearer SubjectConfirmation's data (saml-profiles §4.1.4.2); other methods are left out. */
export interface BearerConfirmation {
  readonly recipient?: string;
  readonly notBefore?: Date;
  readonly notOnOrAfter?: Date;
  readonly inResponseTo?: string;
}

export interface ConditionsFields {
  readonly notBefore?: Date;
  readonly notOnOrAfter?: Date;
  /** The Audiences of each AudienceRestriction. */
  readonly audienceRestrictions: readonly (readonly string[])[];
  /** Condition elements other than AudienceRestriction, OneTimeUse and ProxyRestriction. */
  readonly unknown: readonly string[];
}

export interface AssertionFields {
  readonly id: string;
  readonly issueInstant: Date;
  readonly issuer?: IssuerValue;
  readonly nameId?: { readonly value: string; readonly format?: string };
  readonly bearerConfirmations: readonly BearerConfirmation[];
  readonly conditions?: ConditionsFields;
  readonly sessionIndex?: string;
  readonly authnInstant?: Date;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

const ns = samlUris.assertion;
const child = (parent: Element, namespace: string, name: string): Element | undefined =>
  childElements(parent, namespace, name)[0];
const text = (element: Element): string => (element.textContent ?? '').trim();

/** xmldom answers '' for a missing attribute: presence is asked separately. */
function optional(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? (element.getAttribute(name) ?? '') : undefined;
}

function required(element: Element, name: string): string {
  const value = optional(element, name);
  if (value === undefined || value === '')
    throw fail(
      'ERR_SAML_RESPONSE_VALUE',
      "La réponse de l'ENT est incomplète.",
      `${element.localName}@${name} missing`,
    );
  return value;
}

/** xs:dateTime with an explicit zone (saml-core §1.3.3: UTC); a zone-less value would be local time. */
const dateTime = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function instant(element: Element, name: string): Date | undefined {
  const value = optional(element, name);
  if (value === undefined) return undefined;
  const time = dateTime.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time))
    throw fail(
      'ERR_SAML_RESPONSE_VALUE',
      "La réponse de l'ENT contient une date illisible.",
      `${element.localName}@${name} ${JSON.stringify(value.slice(0, 40))}`,
    );
  return new Date(time);
}

function requiredInstant(element: Element, name: string): Date {
  required(element, name);
  return instant(element, name) as Date;
}

function issuerOf(element: Element): IssuerValue | undefined {
  const issuer = child(element, ns, 'Issuer');
  if (issuer === undefined) return undefined;
  const format = optional(issuer, 'Format');
  return { value: text(issuer), ...definedFields({ format }) };
}

export function readResponseFields(response: Element): ResponseFields {
  const issuer = issuerOf(response);
  const destination = optional(response, 'Destination');
  const inResponseTo = optional(response, 'InResponseTo');
  return {
    id: required(response, 'ID'),
    issueInstant: requiredInstant(response, 'IssueInstant'),
    ...definedFields({ issuer, destination, inResponseTo }),
  };
}

export function readAssertionFields(assertion: Element): AssertionFields {
  const issuer = issuerOf(assertion);
  const subject = child(assertion, ns, 'Subject');
  const nameId = subject === undefined ? undefined : nameIdOf(subject);
  const conditions = child(assertion, ns, 'Conditions');
  const authn = child(assertion, ns, 'AuthnStatement');
  const sessionIndex = authn === undefined ? undefined : optional(authn, 'SessionIndex');
  const authnInstant = authn === undefined ? undefined : instant(authn, 'AuthnInstant');
  return {
    id: required(assertion, 'ID'),
    issueInstant: requiredInstant(assertion, 'IssueInstant'),
    ...definedFields({ issuer, nameId }),
    bearerConfirmations: subject === undefined ? [] : bearerConfirmations(subject),
    ...(conditions === undefined ? {} : { conditions: conditionsOf(conditions) }),
    ...definedFields({ sessionIndex, authnInstant }),
    attributes: attributesOf(assertion),
  };
}

/** Only a clear NameID: EncryptedID and BaseID are not used by ENTs and not supported. */
function nameIdOf(subject: Element): AssertionFields['nameId'] {
  const element = child(subject, ns, 'NameID');
  if (element === undefined) return undefined;
  const format = optional(element, 'Format');
  return { value: text(element), ...definedFields({ format }) };
}

function bearerConfirmations(subject: Element): BearerConfirmation[] {
  return childElements(subject, ns, 'SubjectConfirmation')
    .filter((confirmation) => confirmation.getAttribute('Method') === samlUris.bearer)
    .map((confirmation) => {
      const data = child(confirmation, ns, 'SubjectConfirmationData');
      if (data === undefined) return {};
      const [recipient, inResponseTo] = [optional(data, 'Recipient'), optional(data, 'InResponseTo')];
      const [notBefore, notOnOrAfter] = [instant(data, 'NotBefore'), instant(data, 'NotOnOrAfter')];
      return {
        ...definedFields({ recipient, inResponseTo, notBefore, notOnOrAfter }),
      };
    });
}

const understoodConditions = new Set(['AudienceRestriction', 'OneTimeUse', 'ProxyRestriction']);

function conditionsOf(conditions: Element): ConditionsFields {
  const [notBefore, notOnOrAfter] = [instant(conditions, 'NotBefore'), instant(conditions, 'NotOnOrAfter')];
  const elements = Array.from(conditions.childNodes).filter((node): node is Element => node.nodeType === 1);
  return {
    ...definedFields({ notBefore, notOnOrAfter }),
    audienceRestrictions: childElements(conditions, ns, 'AudienceRestriction').map((r) =>
      childElements(r, ns, 'Audience').map(text),
    ),
    unknown: elements
      .filter((e) => e.namespaceURI !== ns || !understoodConditions.has(e.localName))
      .map((e) => e.localName),
  };
}

/** Attribute Name → text of each AttributeValue, in document order; blank values dropped. */
function attributesOf(assertion: Element): Readonly<Record<string, readonly string[]>> {
  // A null prototype: an attribute named `__proto__` or `constructor` is just a name.
  const attributes = Object.create(null) as Record<string, string[]>;
  for (const statement of childElements(assertion, ns, 'AttributeStatement')) {
    for (const attribute of childElements(statement, ns, 'Attribute')) {
      const name = attribute.getAttribute('Name') ?? '';
      const values = childElements(attribute, ns, 'AttributeValue')
        .map((v) => v.textContent ?? '')
        .filter((v) => v.trim() !== '');
      attributes[name] = [...(attributes[name] ?? []), ...values];
    }
  }
  return Object.freeze(attributes);
}
