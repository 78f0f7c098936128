/**
 * The demo ENT as a SAML identity provider of the broker (gar-reference §2 A step 2, and the
 * console's login of licence managers, §2 C): it reads the broker's signed HTTP-Redirect
 * AuthnRequest, checked against the SP metadata of the broker or of its console, and
 * answers by HTTP-POST with a signed Response whose assertion carries the user's ENT id in
 * `GARPersonIdentifiant`, the attribute the broker reads (the NameID is a transient of the ENT
 * session). A passive request (`IsPassive="true"`, saml-core §3.4.1) is answered without any
 * screen: the Response of whoever is logged in now, or a signed `NoPassive` status when nobody is.
 * Its SingleLogoutService (Redirect binding) is in demo-ent-logout.ts.
 */
import { randomUUID } from 'node:crypto';
import type { DemoKeyPair } from '../demo-keys.js';
import { fetchMetadata, redirectRequest, samlify, samlLib, samlUris } from '../samlify-setup.js';
import { definedFields } from '../../src/core/defined-fields.js';

export interface DemoEntIdp {
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly sloUrl: string;
  readonly metadataXml: string;
  /** The samlify entity, for the logout messages. */
  readonly entity: samlify.IdentityProviderInstance;
  /** Verifies the broker's AuthnRequest; throws when it is not the broker's or not for us. */
  readAuthnRequest(rawQuery: string): Promise<BrokerRequest>;
  /** The auto-post form that takes the browser back to the broker's ACS. */
  answer(request: BrokerRequest, who: AssertedSession): Promise<AutoPost>;
  /** The signed Responder/NoPassive answer to a passive request when nobody is logged in. */
  answerNoPassive(request: BrokerRequest): AutoPost;
}

export interface BrokerRequest {
  readonly info: Awaited<ReturnType<samlify.IdentityProviderInstance['parseLoginRequest']>>;
  readonly broker: samlify.ServiceProviderInstance;
  /** `login`: the brokered login's SP, the one single logout concerns; `console`: the console's. */
  readonly sp: 'login' | 'console';
  readonly isPassive: boolean;
  readonly relayState?: string;
}

/** What an assertion says of the ENT session: who, since when, and the session's NameID and SessionIndex. */
export interface AssertedSession {
  readonly personId: string;
  readonly loginAt: Date;
  readonly nameId: string;
  readonly sessionIndex: string;
}

export interface AutoPost {
  readonly action: string;
  readonly fields: Record<string, string>;
}

/** The broker's SP metadata documents this ENT answers: the brokered login's, then the console's. */
const brokerSpMetadataPaths = [
  ['login', '/saml/sp/metadata'],
  ['console', '/console/saml/metadata'],
] as const;

export function createDemoEntIdp(entUrl: string, brokerUrl: string, key: DemoKeyPair, entityId: string): DemoEntIdp {
  const ssoUrl = `${entUrl}/saml/sso`;
  const sloUrl = `${entUrl}/saml/slo`;
  const idp = samlify.IdentityProvider({
    entityID: entityId,
    signingCert: key.certPem,
    privateKey: key.keyPem,
    wantAuthnRequestsSigned: true,
    // Logout messages from the broker are read only when signed (samlify checks them when asked).
    wantLogoutRequestSigned: true,
    wantLogoutResponseSigned: true,
    nameIDFormat: [samlUris.transient],
    requestSignatureAlgorithm: samlUris.rsaSha256,
    singleSignOnService: [{ Binding: samlUris.redirect, Location: ssoUrl }],
    singleLogoutService: [{ Binding: samlUris.redirect, Location: sloUrl }],
  });
  return {
    entityId,
    ssoUrl,
    sloUrl,
    metadataXml: idp.getMetadata(),
    entity: idp,
    async readAuthnRequest(rawQuery) {
      const { query, octetString } = redirectRequest(rawQuery);
      // Two SPs of the broker ask this ENT: the brokered login, and the console (licence managers).
      // Fetched at each login: the broker may have rotated its keys since the last one.
      for (const [sp, path] of brokerSpMetadataPaths) {
        const metadata = await fetchMetadata(`${brokerUrl}${path}`);
        const broker = samlify.ServiceProvider({ metadata, wantMessageSigned: true });
        const info = await idp.parseLoginRequest(broker, 'redirect', { query, octetString });
        if (info.extract.issuer !== broker.entityMeta.getEntityID()) continue;
        const request = info.extract.request as { destination?: string } | undefined;
        if (request?.destination !== ssoUrl)
          throw new Error(`AuthnRequest for ${String(request?.destination)}, not ${ssoUrl}`);
        const relayState = query['RelayState'];
        const passive = isPassive(info.samlContent);
        return { info, broker, sp, isPassive: passive, ...definedFields({ relayState }) };
      }
      throw new Error("AuthnRequest from neither of the broker's service providers");
    },
    async answer(request, who) {
      const replace = (template: string) => ({ id: '', context: fillResponse(template, request, entityId, who) });
      const extracted = { extract: request.info.extract };
      const options = { customTagReplacement: replace };
      const response = (await idp.createLoginResponse(request.broker, extracted, 'post', {}, options)) as {
        context: string;
        entityEndpoint: string;
      };
      return autoPost(response.entityEndpoint, response.context, request.relayState);
    },
    answerNoPassive(request) {
      const acs = request.broker.entityMeta.getAssertionConsumerService('post') as string;
      const xml = fillTemplate(noPassiveTemplate, {
        ID: `_${randomUUID()}`,
        IssueInstant: new Date().toISOString(),
        Destination: acs,
        Issuer: entityId,
        InResponseTo: requestId(request),
      });
      // Signed as the success Response is (the enveloped message signature samlify makes, after the Issuer).
      const signed = samlLib.constructSAMLSignature({
        rawSamlMessage: xml,
        isMessageSigned: true,
        isBase64Output: true,
        privateKey: key.keyPem,
        signatureAlgorithm: samlUris.rsaSha256,
        signingCert: idp.entityMeta.getX509Certificate('signing') as string,
        signatureConfig: { prefix: 'ds', location: { reference: responseIssuer, action: 'after' } },
      });
      return autoPost(acs, signed, request.relayState);
    },
  };
}

/** `IsPassive` is not among samlify's extracted fields: read from the verified message (xs:boolean). */
function isPassive(samlContent: string): boolean {
  // Two attributes, so that samlify answers an object (for one, it answers the bare value).
  const fields = [{ key: 'request', localPath: ['AuthnRequest'], attributes: ['ID', 'IsPassive'] }];
  const request = samlify.Extractor.extract(samlContent, fields).request as { isPassive?: string } | undefined;
  const value = request?.isPassive;
  return value === 'true' || value === '1';
}

function autoPost(action: string, samlResponse: string, relayState: string | undefined): AutoPost {
  const fields: Record<string, string> = { SAMLResponse: samlResponse };
  if (relayState !== undefined) fields['RelayState'] = relayState;
  return { action, fields };
}

const requestId = (request: BrokerRequest): string => {
  const extracted = request.info.extract.request as { id?: string } | undefined;
  return String(extracted?.id ?? '');
};

/** Where samlify puts the enveloped message signature: after the Response's Issuer. */
const responseIssuer = "/*[local-name(.)='Response']/*[local-name(.)='Issuer']";

/**
 * samlify signs what this returns: the assertion (the broker's metadata asks for it), then the
 * Response. AuthnInstant is when the user logged into the ENT, the same in every assertion of the session.
 */
function fillResponse(_template: string, request: BrokerRequest, issuer: string, who: AssertedSession): string {
  const now = new Date();
  const later = new Date(now.getTime() + 5 * 60_000);
  const acs = request.broker.entityMeta.getAssertionConsumerService('post') as string;
  return fillTemplate(responseTemplate, {
    ID: `_${randomUUID()}`,
    AssertionID: `_${randomUUID()}`,
    SessionIndex: who.sessionIndex,
    NameID: who.nameId,
    IssueInstant: now.toISOString(),
    AuthnInstant: who.loginAt.toISOString(),
    NotBefore: now.toISOString(),
    NotOnOrAfter: later.toISOString(),
    Destination: acs,
    Issuer: issuer,
    Audience: request.broker.entityMeta.getEntityID(),
    InResponseTo: requestId(request),
    PersonId: who.personId,
  });
}

/** Every `{Name}` replaced by its value, XML-escaped (the template has them in text and in attributes). */
function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const escapeHtml = (v: string): string =>
    v
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;');
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template value ${name} missing`);
    return escapeHtml(value);
  });
}

const responseTemplate = [
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'
    + ' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}"'
    + ' Destination="{Destination}" InResponseTo="{InResponseTo}">',
  '<saml:Issuer>{Issuer}</saml:Issuer>'
    + '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>',
  '<saml:Assertion xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    + ' ID="{AssertionID}" Version="2.0" IssueInstant="{IssueInstant}">',
  '<saml:Issuer>{Issuer}</saml:Issuer>',
  '<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">{NameID}</saml:NameID>',
  '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
    + '<saml:SubjectConfirmationData NotOnOrAfter="{NotOnOrAfter}" Recipient="{Destination}"'
    + ' InResponseTo="{InResponseTo}"/>'
    + '</saml:SubjectConfirmation></saml:Subject>',
  '<saml:Conditions NotBefore="{NotBefore}" NotOnOrAfter="{NotOnOrAfter}">'
    + '<saml:AudienceRestriction><saml:Audience>{Audience}</saml:Audience></saml:AudienceRestriction>'
    + '</saml:Conditions>',
  '<saml:AuthnStatement AuthnInstant="{AuthnInstant}" SessionIndex="{SessionIndex}"><saml:AuthnContext>',
  '<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  '</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>',
  '<saml:AttributeStatement>'
    + '<saml:Attribute Name="GARPersonIdentifiant" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">',
  '<saml:AttributeValue xsi:type="xs:string">{PersonId}</saml:AttributeValue>'
    + '</saml:Attribute></saml:AttributeStatement>',
  '</saml:Assertion></samlp:Response>',
].join('');

/** saml-core §3.2.2.2: the top-level Responder, then NoPassive: the IdP cannot authenticate without a screen. */
const noPassiveTemplate = [
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"',
  ' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}"',
  ' Destination="{Destination}" InResponseTo="{InResponseTo}">',
  '<saml:Issuer>{Issuer}</saml:Issuer><samlp:Status>',
  '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">',
  '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:NoPassive"/>',
  '</samlp:StatusCode></samlp:Status></samlp:Response>',
].join('');
