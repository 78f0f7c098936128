/**
 * The demo publisher as a SAML service provider of the broker (gar-reference §4): signed
 * AuthnRequests by HTTP-Redirect, signed Response and signed assertion required, an encryption
 * key in its metadata so that the broker encrypts the assertion. samlify verifies signatures and
 * decrypts; what samlify does not check (InResponseTo, audience, destination, RelayState) is
 * checked here, as a careful publisher would. Its SingleLogoutService (`/saml/slo`, Redirect
 * binding) takes the broker's signed LogoutRequest (saml-core §3.7) and answers a signed
 * LogoutResponse to the SingleLogoutService of the broker's IdP metadata.
 */
import type { DemoKeyPair } from '../demo-keys.js';
import { fetchMetadata, redirectRequest, samlify, samlUris } from '../samlify-setup.js';
import { definedFields } from '../../src/core/defined-fields.js';

export interface VerifiedAnswer {
  /** The resource page the login was started for. */
  readonly path: string;
  readonly nameId: string;
  readonly authnInstant?: string;
  /** The AuthnStatement's SessionIndex, which a LogoutRequest of the broker may name. */
  readonly sessionIndex?: string;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  readonly encrypted: boolean;
}

export interface DemoPublisherSp {
  readonly entityId: string;
  readonly acsUrl: string;
  readonly metadataXml: string;
  /** The broker URL the browser goes to, for the resource page at `path`. */
  loginUrl(path: string): Promise<string>;
  readAnswer(body: { SAMLResponse?: string; RelayState?: string }): Promise<VerifiedAnswer>;
  /** Verifies the broker's LogoutRequest (signature, Issuer, Destination); throws otherwise. */
  readLogoutRequest(rawQuery: string): Promise<BrokerLogoutRequest>;
  /** The broker URL that carries our signed Success LogoutResponse. */
  logoutResponseUrl(request: BrokerLogoutRequest): string;
}

export interface BrokerLogoutRequest {
  readonly nameId: string;
  readonly sessionIndex?: string;
  readonly info: Awaited<ReturnType<samlify.ServiceProviderInstance['parseLogoutRequest']>>;
  readonly broker: samlify.IdentityProviderInstance;
  readonly relayState?: string;
}

/** A login waits at most this long for the broker's answer. */
const pendingMs = 10 * 60_000;

export function createDemoPublisherSp(
  entityId: string,
  publisherUrl: string,
  brokerUrl: string,
  keys: { signing: DemoKeyPair; encryption: DemoKeyPair },
): DemoPublisherSp {
  const acsUrl = `${publisherUrl}/saml/acs`;
  const sloUrl = `${publisherUrl}/saml/slo`;
  const sp = samlify.ServiceProvider({
    entityID: entityId,
    authnRequestsSigned: true,
    wantAssertionsSigned: true,
    wantMessageSigned: true,
    // The broker's LogoutRequests are read only when signed (samlify checks them when asked).
    wantLogoutRequestSigned: true,
    signingCert: keys.signing.certPem,
    privateKey: keys.signing.keyPem,
    requestSignatureAlgorithm: samlUris.rsaSha256,
    isAssertionEncrypted: true,
    encryptCert: keys.encryption.certPem,
    encPrivateKey: keys.encryption.keyPem,
    nameIDFormat: [samlUris.transient],
    assertionConsumerService: [{ Binding: samlUris.post, Location: acsUrl }],
    singleLogoutService: [{ Binding: samlUris.redirect, Location: sloUrl }],
  });
  const pending = new Map<string, { path: string; at: number }>();
  // samlify decrypts only when told the IdP encrypts; the broker does, since our metadata has an encryption key.
  // Our LogoutResponse is signed because this entity says it wants it signed (samlify reads the target's settings).
  const broker = async (encrypts = false) =>
    samlify.IdentityProvider({
      metadata: await fetchMetadata(`${brokerUrl}/saml/idp/metadata`),
      isAssertionEncrypted: encrypts,
      wantLogoutResponseSigned: true,
    });
  return {
    entityId,
    acsUrl,
    metadataXml: sp.getMetadata(),
    async loginUrl(path) {
      const { id, context } = sp.createLoginRequest(await broker(), 'redirect', { relayState: path });
      forgetOld(pending);
      pending.set(id, { path, at: Date.now() });
      return context;
    },
    async readAnswer(body) {
      const encrypted = /<(\w+:)?EncryptedAssertion[\s>]/.test(
        Buffer.from(body.SAMLResponse ?? '', 'base64').toString('utf8'),
      );
      const { extract } = await sp.parseLoginResponse(await broker(encrypted), 'post', { body });
      const response = extract.response as { inResponseTo?: string; destination?: string } | undefined;
      const started = pending.get(response?.inResponseTo ?? '');
      if (started === undefined) throw new Error('InResponseTo names no login of ours (replayed or unsolicited)');
      pending.delete(response?.inResponseTo ?? '');
      if (extract.audience !== entityId) throw new Error(`audience ${String(extract.audience)}`);
      if (response?.destination !== undefined && response.destination !== acsUrl)
        throw new Error(`destination ${response.destination}`);
      if (body.RelayState !== started.path) throw new Error('RelayState changed on the way');
      const session = extract.sessionIndex as { authnInstant?: string; sessionIndex?: string } | undefined;
      return {
        path: started.path,
        nameId: String(extract.nameID ?? ''),
        attributes: attributeLists(extract.attributes),
        encrypted,
        ...definedFields({ authnInstant: session?.authnInstant, sessionIndex: session?.sessionIndex }),
      };
    },
    async readLogoutRequest(rawQuery) {
      const { query, octetString } = redirectRequest(rawQuery);
      const idp = await broker();
      const info = await sp.parseLogoutRequest(idp, 'redirect', { query, octetString });
      // samlify checks the signature of a LogoutRequest, not who sent it nor to whom.
      if (info.extract.issuer !== idp.entityMeta.getEntityID()) {
        throw new Error(`LogoutRequest from ${String(info.extract.issuer)}`);
      }
      const request = info.extract.request as { destination?: string } | undefined;
      if (request?.destination !== sloUrl) throw new Error(`LogoutRequest for ${String(request?.destination)}`);
      const sessionIndex = info.extract.sessionIndex;
      const relayState = query['RelayState'];
      return {
        nameId: String(info.extract.nameID ?? ''),
        info,
        broker: idp,
        ...(typeof sessionIndex === 'string' && sessionIndex !== '' ? { sessionIndex } : {}),
        ...definedFields({ relayState }),
      };
    },
    logoutResponseUrl(request) {
      const options = definedFields({ relayState: request.relayState });
      const answer = sp.createLogoutResponse(request.broker, { extract: request.info.extract }, 'redirect', options);
      return (answer as { context: string }).context;
    },
  };
}

function forgetOld(pending: Map<string, { at: number }>): void {
  const limit = Date.now() - pendingMs;
  for (const [id, entry] of pending) if (entry.at < limit) pending.delete(id);
}

/** samlify gives a string for one value and an array for several: GAR attributes are lists. */
function attributeLists(raw: unknown): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const [name, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    out[name] = (Array.isArray(value) ? value : [value]).map(String);
  }
  return out;
}
