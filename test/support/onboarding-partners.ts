/**
 * The partners of docs/onboarding.md, played for its test under the names the guide gives them:
 * a SAML ENT (samlify, as test/support/saml-flow-peers.ts) whose assertion carries the user in
 * `GARPersonIdentifiant` beside a transient NameID and attributes the broker must ignore, a
 * publisher's SAML SP (@node-saml/node-saml, strict), and a browser walk that answers at the ENT
 * and stops at the first hop that reaches a publisher. The OIDC ENT is test/support/oidc-ent-peer.ts
 * and the CAS client test/support/cas-peer.ts; neither shares code with the broker.
 */
import { randomUUID } from 'node:crypto';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import * as samlify from 'samlify';
import { peerKey, type PeerKey } from './saml-flow-peers.js';
import { postedForm, type Hop, type TestBrowser } from './test-browser.js';

const redirectBinding = samlify.Constants.namespace.binding.redirect;
const rsaSha256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/** What the ENT puts in its assertion besides the user id: names the broker must not pass on. */
export const entDecoys = { GARPersonNom: 'Nom-venu-de-l-ENT', uid: 'identifiant-de-session-ENT' } as const;

export interface OnboardingSamlEnt {
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly metadataXml: string;
  /** The ENT's answer to the broker's redirect AuthnRequest: the form the browser posts back. */
  answer(redirectUrl: string, brokerSpMetadata: string, personId: string): Promise<PostedForm>;
}

export interface PostedForm {
  readonly action: string;
  readonly fields: Record<string, string>;
}

/** A SAML ENT as the guide names it: its IdP metadata is the file the ENT's operator sends. */
export function onboardingSamlEnt(entityId: string, ssoUrl: string, key: PeerKey = peerKey('ENT')): OnboardingSamlEnt {
  const idp = samlify.IdentityProvider({
    entityID: entityId,
    signingCert: key.certPem,
    privateKey: key.keyPem,
    wantAuthnRequestsSigned: true,
    requestSignatureAlgorithm: rsaSha256,
    nameIDFormat: ['urn:oasis:names:tc:SAML:2.0:nameid-format:transient'],
    singleSignOnService: [{ Binding: redirectBinding, Location: ssoUrl }],
  });
  return {
    entityId,
    ssoUrl,
    metadataXml: idp.getMetadata(),
    async answer(redirectUrl, brokerSpMetadata, personId) {
      const sp = samlify.ServiceProvider({ metadata: brokerSpMetadata });
      const url = new URL(redirectUrl);
      const query = Object.fromEntries(url.searchParams);
      const octetString = url.search
        .slice(1)
        .split('&')
        .filter((p) => !p.startsWith('Signature='))
        .join('&');
      const info = await idp.parseLoginRequest(sp, 'redirect', { query, octetString });
      const requestId = String((info.extract.request as { id?: string } | undefined)?.id ?? '');
      const acs = sp.entityMeta.getAssertionConsumerService('post') as string;
      const context = responseXml({
        issuer: entityId,
        audience: sp.entityMeta.getEntityID(),
        acs,
        requestId,
        personId,
      });
      const response = (await idp.createLoginResponse(sp, { extract: info.extract } as never, 'post', {}, () => ({
        id: '',
        context,
      }))) as { context: string };
      const relayState = query['RelayState'];
      return {
        action: acs,
        fields: { SAMLResponse: response.context, ...(relayState === undefined ? {} : { RelayState: relayState }) },
      };
    },
  };
}

interface ResponseValues {
  readonly issuer: string;
  readonly audience: string;
  readonly acs: string;
  readonly requestId: string;
  readonly personId: string;
}

/** The Response samlify signs (assertion, then message): the user id in GARPersonIdentifiant, and decoys. */
function responseXml(v: ResponseValues): string {
  const now = new Date();
  const at = now.toISOString();
  const until = new Date(now.getTime() + 300_000).toISOString();
  const attribute = (name: string, value: string): string =>
    `<saml:Attribute Name="${name}"><saml:AttributeValue>${value}</saml:AttributeValue></saml:Attribute>`;
  return [
    '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"',
    ` xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0"`,
    ` IssueInstant="${at}" Destination="${v.acs}" InResponseTo="${v.requestId}">`,
    `<saml:Issuer>${v.issuer}</saml:Issuer>`,
    '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>',
    `<saml:Assertion ID="_${randomUUID()}" Version="2.0" IssueInstant="${at}">`,
    `<saml:Issuer>${v.issuer}</saml:Issuer>`,
    '<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">',
    `_${randomUUID()}</saml:NameID>`,
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">',
    `<saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${v.acs}" InResponseTo="${v.requestId}"/>`,
    '</saml:SubjectConfirmation></saml:Subject>',
    `<saml:Conditions NotBefore="${at}" NotOnOrAfter="${until}">`,
    `<saml:AudienceRestriction><saml:Audience>${v.audience}</saml:Audience></saml:AudienceRestriction>`,
    '</saml:Conditions>',
    `<saml:AuthnStatement AuthnInstant="${at}" SessionIndex="_${randomUUID()}"><saml:AuthnContext>`,
    '<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    '</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>',
    '<saml:AttributeStatement>',
    attribute('uid', entDecoys.uid),
    attribute('GARPersonIdentifiant', v.personId),
    attribute('GARPersonNom', entDecoys.GARPersonNom),
    '</saml:AttributeStatement>',
    '</saml:Assertion></samlp:Response>',
  ].join('');
}

export interface OnboardingSamlPublisher {
  readonly entityId: string;
  readonly acsUrl: string;
  /** Its SP metadata (signing and encryption keys, the ACS): the file the publisher sends. */
  readonly metadataXml: string;
  /** The SP once the broker's IdP metadata is known: its AuthnRequests and the answers it validates. */
  connect(brokerSsoUrl: string, brokerIdpMetadata: string): SAML;
}

/** The publisher's SAML SP as the guide names it (node-saml: signed response and assertion, InResponseTo). */
export function onboardingSamlPublisher(entityId: string, acsUrl: string): OnboardingSamlPublisher {
  const signing = peerKey('publisher signing');
  const encryption = peerKey('publisher encryption');
  const saml = (entryPoint: string, idpCert: string): SAML =>
    new SAML({
      callbackUrl: acsUrl,
      entryPoint,
      issuer: entityId,
      idpCert,
      audience: entityId,
      privateKey: signing.keyPem,
      publicCert: signing.certPem,
      decryptionPvk: encryption.keyPem,
      signatureAlgorithm: 'sha256',
      digestAlgorithm: 'sha256',
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      acceptedClockSkewMs: 5000,
      validateInResponseTo: ValidateInResponseTo.always,
      identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      disableRequestedAuthnContext: true,
    });
  // The metadata needs no broker: node-saml asks for an IdP certificate all the same.
  const metadataXml = saml(acsUrl, signing.certPem).generateServiceProviderMetadata(
    encryption.certPem,
    signing.certPem,
  );
  return {
    entityId,
    acsUrl,
    metadataXml,
    connect: (brokerSsoUrl, brokerIdpMetadata) => saml(brokerSsoUrl, signingCertificateOf(brokerIdpMetadata)),
  };
}

/** The first signing certificate of an IdP metadata document, as PEM. */
function signingCertificateOf(metadata: string): string {
  const b64 = /<(?:ds:)?X509Certificate>([^<]+)</.exec(metadata)?.[1]?.replace(/\s+/g, '');
  if (b64 === undefined) throw new Error('no certificate in the IdP metadata');
  return `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Who the browser meets on a login besides the publisher. */
export interface LoginParties {
  readonly brokerUrl: string;
  /** The SAML ENT, and the broker's SP metadata it answers. */
  readonly samlEnt: OnboardingSamlEnt;
  readonly brokerSpMetadata: string;
  /** The user the SAML ENT asserts. */
  readonly samlUser: string;
  /** The OIDC ENT's origin: its pages log the user in at once, the browser only follows. */
  readonly oidcEntOrigin: string;
}

export interface Arrival {
  /** The last hop: a redirect to a publisher, or a page of the broker. */
  readonly hop: Hop;
  /** Where the redirect leads, absolute, when it leaves the broker and the ENTs. */
  readonly at?: string;
  /** Every URL the browser was sent to. */
  readonly trail: readonly string[];
}

/**
 * Follows the browser from `url` through the broker and the ENTs (answering at the SAML ENT)
 * until a redirect leaves them (a publisher's page: `at`) or a page is shown.
 */
export async function walk(browser: TestBrowser, url: string, parties: LoginParties): Promise<Arrival> {
  const trail: string[] = [url];
  let current = url;
  let hop = await browser.get(url);
  for (let step = 0; step < 20; step += 1) {
    if (hop.status < 300 || hop.status >= 400 || hop.location === undefined) return { hop, trail };
    const next = new URL(hop.location, current).href;
    trail.push(next);
    if (next.startsWith(`${parties.samlEnt.ssoUrl}?`)) {
      const form = await parties.samlEnt.answer(next, parties.brokerSpMetadata, parties.samlUser);
      current = form.action;
      hop = await browser.post(form.action, form.fields);
      continue;
    }
    if (!next.startsWith(`${parties.brokerUrl}/`) && !next.startsWith(`${parties.oidcEntOrigin}/`))
      return { hop, at: next, trail };
    current = next;
    hop = await browser.get(next);
  }
  throw new Error(`too many redirects: ${trail.join(' → ')}`);
}

/** The broker's answer to a SAML SP: the auto-posted form's SAMLResponse, validated by the SP. */
export async function samlProfileOf(
  sp: SAML,
  acsUrl: string,
  hop: Hop,
): Promise<{
  readonly attributes: Record<string, unknown>;
  readonly encrypted: boolean;
  readonly relayState?: string;
}> {
  const form = postedForm(hop.body);
  if (hop.status !== 200 || form === undefined)
    throw new Error(`no SAML answer (status ${hop.status}): ${hop.body.slice(0, 400)}`);
  if (form.action !== acsUrl) throw new Error(`the answer goes to ${form.action}, not ${acsUrl}`);
  const samlResponse = form.fields['SAMLResponse'] as string;
  const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: samlResponse });
  if (profile === null) throw new Error('node-saml found no profile');
  return {
    attributes: (profile.attributes ?? {}) as Record<string, unknown>,
    encrypted: /<(\w+:)?EncryptedAssertion[\s>]/.test(Buffer.from(samlResponse, 'base64').toString('utf8')),
    ...(form.fields['RelayState'] === undefined ? {} : { relayState: form.fields['RelayState'] }),
  };
}
