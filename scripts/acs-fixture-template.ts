/**
 * The shape of the ACS fixtures (test/fixtures/saml/acs/): one ENT Response at a fixed instant,
 * written as text so each fixture differs from the valid one by the fields it names. Used only
 * by scripts/make-acs-fixtures.ts; the committed files are what the tests read.
 */
export const acsFixtureInstant = new Date('2026-09-01T08:00:00Z');

export const acsParties = {
  idp: 'https://ent.test/idp',
  sp: 'https://broker.test/saml/sp',
  acs: 'https://broker.test/saml/sp/acs',
  requestId: '_5f2b8c1d9e0a4b3c8d7e6f5a4b3c2d1e',
} as const;

const at = (minutes: number): string =>
  new Date(acsFixtureInstant.getTime() + minutes * 60_000).toISOString().replace('.000Z', 'Z');

export interface ResponseShape {
  readonly responseId: string;
  readonly assertionId: string;
  readonly issuer: string;
  readonly assertionIssuer: string;
  /** null: no Destination attribute. */
  readonly destination: string | null;
  /** null: no InResponseTo on the Response / on SubjectConfirmationData. */
  readonly inResponseTo: string | null;
  readonly confirmationInResponseTo: string | null;
  readonly recipient: string;
  /** null: Conditions without AudienceRestriction. */
  readonly audience: string | null;
  /** Offsets in minutes from the fixed instant. */
  readonly issued: number;
  readonly notBefore: number;
  readonly conditionsUntil: number;
  readonly confirmationUntil: number;
  readonly nameId: string;
  readonly extraConditions: string;
}

export const validShape: ResponseShape = {
  responseId: '_response-0001',
  assertionId: '_assertion-0001',
  issuer: acsParties.idp,
  assertionIssuer: acsParties.idp,
  destination: acsParties.acs,
  inResponseTo: acsParties.requestId,
  confirmationInResponseTo: acsParties.requestId,
  recipient: acsParties.acs,
  audience: acsParties.sp,
  issued: 0,
  notBefore: -1,
  conditionsUntil: 10,
  confirmationUntil: 5,
  nameId: 'f3a9c2e1-7b4d-4e8a-9c1f-2d3e4f5a6b7c',
  extraConditions: '',
};

const attributeStatement =
  '<saml:AttributeStatement>'
  + '<saml:Attribute Name="ENTPersonJointure" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">'
  + '<saml:AttributeValue xsi:type="xs:string">ENT$1234</saml:AttributeValue></saml:Attribute>'
  + '<saml:Attribute Name="ENTPersonProfils">'
  + '<saml:AttributeValue xsi:type="xs:string">National_ELV</saml:AttributeValue></saml:Attribute>'
  + '<saml:Attribute Name="ENTEleveClasses">'
  + '<saml:AttributeValue>0123456A$3A</saml:AttributeValue><saml:AttributeValue>0123456A$3B</saml:AttributeValue>'
  + '</saml:Attribute>'
  + '<saml:Attribute Name="ENTPersonAlias"><saml:AttributeValue></saml:AttributeValue></saml:Attribute>'
  + '</saml:AttributeStatement>';

const optionalAttribute = (name: string, value: string | null): string => (value === null ? '' : ` ${name}="${value}"`);

/** A standalone saml:Assertion (it declares its own namespaces, so it can be signed or encrypted alone). */
export function assertionXml(shape: ResponseShape, extra: { readonly afterConditions?: string } = {}): string {
  const audience =
    shape.audience === null
      ? ''
      : `<saml:AudienceRestriction><saml:Audience>${shape.audience}</saml:Audience></saml:AudienceRestriction>`;
  return (
    '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema"'
    + ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    + ` ID="${shape.assertionId}" Version="2.0" IssueInstant="${at(shape.issued)}">`
    + `<saml:Issuer>${shape.assertionIssuer}</saml:Issuer>`
    + '<saml:Subject>'
    + `<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${shape.nameId}</saml:NameID>`
    + '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
    + `<saml:SubjectConfirmationData${optionalAttribute('InResponseTo', shape.confirmationInResponseTo)}`
    + ` NotOnOrAfter="${at(shape.confirmationUntil)}" Recipient="${shape.recipient}"/>`
    + '</saml:SubjectConfirmation></saml:Subject>'
    + `<saml:Conditions NotBefore="${at(shape.notBefore)}" NotOnOrAfter="${at(shape.conditionsUntil)}">`
    + `${audience}${shape.extraConditions}</saml:Conditions>`
    + (extra.afterConditions ?? '')
    + `<saml:AuthnStatement AuthnInstant="${at(-2)}" SessionIndex="_session-0001"><saml:AuthnContext>`
    + '<saml:AuthnContextClassRef>'
    + 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'
    + '</saml:AuthnContextClassRef>'
    + '</saml:AuthnContext></saml:AuthnStatement>'
    + attributeStatement
    + '</saml:Assertion>'
  );
}

/** The Response around `assertions` (already rendered), with an optional Extensions block. */
export function responseXml(
  shape: ResponseShape,
  assertions: string,
  options: { readonly extensions?: string; readonly status?: string } = {},
): string {
  const status = options.status ?? '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>';
  return (
    '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'
    + ' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'
    + ` ID="${shape.responseId}" Version="2.0" IssueInstant="${at(shape.issued)}"`
    + optionalAttribute('Destination', shape.destination)
    + optionalAttribute('InResponseTo', shape.inResponseTo)
    + '>'
    + `<saml:Issuer>${shape.issuer}</saml:Issuer>`
    + (options.extensions === undefined ? '' : `<samlp:Extensions>${options.extensions}</samlp:Extensions>`)
    + `<samlp:Status>${status}</samlp:Status>`
    + assertions
    + '</samlp:Response>'
  );
}
