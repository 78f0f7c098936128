/**
 * The demo ENT as a SAML identity provider of the broker (gar-reference §2 A step 2, and the
 * console's login of licence managers, §2 C): it reads the broker's signed HTTP-Redirect
 * AuthnRequest, checked against the SP metadata of the broker or of its console, and
 * answers by HTTP-POST with a signed Response whose assertion carries the user's ENT id in
 * `GARPersonIdentifiant`, the attribute the broker reads (the NameID is a throwaway transient).
 */
import { randomUUID } from 'node:crypto';
import type { DemoKeyPair } from '../demo-keys.js';
import { redirectRequest, samlify, samlUris } from '../samlify-setup.js';

export interface DemoEntIdp {
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly metadataXml: string;
  /** Verifies the broker's AuthnRequest; throws when it is not the broker's or not for us. */
  readAuthnRequest(rawQuery: string): Promise<BrokerRequest>;
  /** The auto-post form that takes the browser back to the broker's ACS. */
  answer(request: BrokerRequest, personId: string): Promise<{ action: string; fields: Record<string, string> }>;
}

export interface BrokerRequest {
  readonly info: Awaited<ReturnType<samlify.IdentityProviderInstance['parseLoginRequest']>>;
  readonly broker: samlify.ServiceProviderInstance;
  readonly relayState?: string;
}

/** The broker's SP metadata documents this ENT answers: the brokered login's, then the console's. */
const brokerSpMetadataPaths = ['/saml/sp/metadata', '/console/saml/metadata'] as const;

export function createDemoEntIdp(entUrl: string, brokerUrl: string, key: DemoKeyPair, entityId: string): DemoEntIdp {
  const ssoUrl = `${entUrl}/saml/sso`;
  const idp = withoutSloWarning(() => samlify.IdentityProvider({
    entityID: entityId, signingCert: key.certPem, privateKey: key.keyPem, wantAuthnRequestsSigned: true,
    nameIDFormat: [samlUris.transient], requestSignatureAlgorithm: samlUris.rsaSha256,
    singleSignOnService: [{ Binding: samlUris.redirect, Location: ssoUrl }],
  }));
  return {
    entityId, ssoUrl, metadataXml: idp.getMetadata(),
    async readAuthnRequest(rawQuery) {
      const { query, octetString } = redirectRequest(rawQuery);
      // Two SPs of the broker ask this ENT: the brokered login, and the console (licence managers).
      // Fetched at each login: the broker may have rotated its keys since the last one.
      for (const path of brokerSpMetadataPaths) {
        const broker = samlify.ServiceProvider({ metadata: await fetchText(`${brokerUrl}${path}`), wantMessageSigned: true });
        const info = await idp.parseLoginRequest(broker, 'redirect', { query, octetString });
        if (info.extract.issuer !== broker.entityMeta.getEntityID()) continue;
        const request = info.extract.request as { destination?: string } | undefined;
        if (request?.destination !== ssoUrl) throw new Error(`AuthnRequest for ${String(request?.destination)}, not ${ssoUrl}`);
        return { info, broker, ...(query['RelayState'] === undefined ? {} : { relayState: query['RelayState'] }) };
      }
      throw new Error('AuthnRequest from neither of the broker\'s service providers');
    },
    async answer(request, personId) {
      const replace = (template: string) => ({ id: '', context: fillResponse(template, request, entityId, personId) });
      const response = await idp.createLoginResponse(request.broker, { extract: request.info.extract }, 'post', {}, { customTagReplacement: replace }) as { context: string; entityEndpoint: string };
      return {
        action: response.entityEndpoint,
        fields: { SAMLResponse: response.context, ...(request.relayState === undefined ? {} : { RelayState: request.relayState }) },
      };
    },
  };
}

/**
 * samlify prints a console warning for an IdP without SingleLogoutService. The demo ENT has none
 * on purpose (the broker does not propagate logouts yet); the line would only puzzle a newcomer.
 */
function withoutSloWarning<T>(make: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => { if (!String(args[0]).includes('SingleLogoutService')) warn(...args); };
  try {
    return make();
  } finally {
    console.warn = warn;
  }
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.text();
}

/** samlify signs what this returns: the assertion (the broker's metadata asks for it), then the Response. */
function fillResponse(_template: string, request: BrokerRequest, issuer: string, personId: string): string {
  const now = new Date();
  const later = new Date(now.getTime() + 5 * 60_000);
  const acs = request.broker.entityMeta.getAssertionConsumerService('post') as string;
  return fillTemplate(responseTemplate, {
    ID: `_${randomUUID()}`, AssertionID: `_${randomUUID()}`, SessionIndex: `_${randomUUID()}`, NameID: `_${randomUUID()}`,
    IssueInstant: now.toISOString(), NotBefore: now.toISOString(), NotOnOrAfter: later.toISOString(),
    Destination: acs, Issuer: issuer, Audience: request.broker.entityMeta.getEntityID(),
    InResponseTo: String((request.info.extract.request as { id?: string } | undefined)?.id ?? ''), PersonId: personId,
  });
}

/** Every `{Name}` replaced by its value, XML-escaped (the template has them in text and in attributes). */
function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const escape = (v: string): string => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template value ${name} missing`);
    return escape(value);
  });
}

const responseTemplate = [
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}" Destination="{Destination}" InResponseTo="{InResponseTo}">',
  '<saml:Issuer>{Issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>',
  '<saml:Assertion xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="{AssertionID}" Version="2.0" IssueInstant="{IssueInstant}">',
  '<saml:Issuer>{Issuer}</saml:Issuer>',
  '<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">{NameID}</saml:NameID>',
  '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{NotOnOrAfter}" Recipient="{Destination}" InResponseTo="{InResponseTo}"/></saml:SubjectConfirmation></saml:Subject>',
  '<saml:Conditions NotBefore="{NotBefore}" NotOnOrAfter="{NotOnOrAfter}"><saml:AudienceRestriction><saml:Audience>{Audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>',
  '<saml:AuthnStatement AuthnInstant="{IssueInstant}" SessionIndex="{SessionIndex}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>',
  '<saml:AttributeStatement><saml:Attribute Name="GARPersonIdentifiant" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">',
  '<saml:AttributeValue xsi:type="xs:string">{PersonId}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>',
  '</saml:Assertion></samlp:Response>',
].join('');
