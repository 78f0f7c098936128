/**
 * The broker's OpenID Provider alone, for federation tests: createOidcProvider over a SQLite
 * payload store and clients kept in memory, under `/oidc` of an express app on 127.0.0.1, whose
 * interaction route answers every authorization at once (finishOidcInteraction) with the answer
 * the test sets, as the broker's flow would; the publisher is openid-client.
 */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { Provider } from 'oidc-provider';
import * as client from 'openid-client';
import { pino, type Logger } from 'pino';
import {
  createOidcClientValidator,
  createOidcProvider,
  finishOidcInteraction,
  registerOidcClient,
  type OidcAnswer,
  type OidcClientRecord,
  type OidcClientRegistration,
  type OidcClientStore,
  type OidcParticipantRecorder,
  type OidcProviderSettings,
} from '../../../src/federation/index.js';
import { createOidcPayloadStore, migrateStore, openStore } from '../../../src/store/index.js';
import { loadOrCreateKeyring, signingJwks } from '../../../src/trust/index.js';
import { authorizationUrl, type OidcPublisher, type StartedAuthorization } from '../../support/oidc-publisher-peer.js';
import type { Hop, TestBrowser } from '../../support/test-browser.js';
import { definedFields } from '../../../src/core/defined-fields.js';

/** A client as the tests register it: a secret, one redirect URI, a distributor, maybe a back-channel logout URI. */
type HarnessClient = Pick<OidcClientRegistration, 'clientId' | 'backchannelLogout'>;

export interface Authorized {
  readonly started: StartedAuthorization;
  readonly callback: string;
  readonly hop: Hop;
}

export interface OidcProviderHarness {
  readonly issuer: string;
  readonly provider: Provider;
  /** What the interaction route answers; `sessionHash` names the broker session that decided. */
  answer: OidcAnswer;
  register(registration: HarnessClient): Promise<OidcPublisher>;
  /** The browser from the publisher's request to its redirect URI (`callback`, '' when it did not get there). */
  authorize(browser: TestBrowser, publisher: OidcPublisher): Promise<Authorized>;
  close(): Promise<void>;
}

const secret = 'a-client-secret-of-forty-characters-0123';

export async function oidcProviderHarness(
  deps: { readonly participants?: OidcParticipantRecorder; readonly logger?: Logger } = {},
): Promise<OidcProviderHarness> {
  const store = await openStore({ url: 'sqlite::memory:' });
  await migrateStore(store);
  const payloads = createOidcPayloadStore(store);
  const clients = memoryClients();
  const now = new Date();
  const keys = signingJwks(loadOrCreateKeyring(join(mkdtempSync(join(tmpdir(), 'gar-oidc-bcl-')), 'keys'), now), now);
  const app = express();
  let provider: Provider | undefined;
  let handler: ReturnType<Provider['callback']> | undefined;
  const harness = { answer: undefined as unknown as OidcAnswer };
  app.get('/oidc/interaction/:uid', (req, res, next) => {
    finishOidcInteraction(provider as Provider, { req, res }, payloads, harness.answer).catch(next);
  });
  app.use('/oidc', (req, res) => {
    void (handler as NonNullable<typeof handler>)(req, res);
  });
  const server: Server = await new Promise((done) => {
    const s = app.listen(0, '127.0.0.1', () => done(s));
  });
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}/oidc`;
  const settings: OidcProviderSettings = {
    issuer,
    signingKeys: keys,
    cookieKeys: ['cookie-key'],
    proxy: false,
    releaseCodes: ['IDO', 'UAI'],
    ttlSeconds: { code: 60, accessToken: 300, idToken: 300, interaction: 600, session: 3600 },
    pages: {
      error: ({ status }) => `<p>erreur ${status}</p>`,
      logout: (form) => `<main>${form}</main>`,
      loggedOut: () => '<p>déconnecté</p>',
    },
  };
  provider = createOidcProvider(settings, {
    payloads,
    clients,
    now: () => new Date(),
    logger: deps.logger ?? pino({ level: 'silent' }),
    ...definedFields({ participants: deps.participants }),
  });
  handler = provider.callback();
  const validate = createOidcClientValidator(keys);
  return Object.assign(harness, {
    issuer,
    provider,
    async register(registration: HarnessClient): Promise<OidcPublisher> {
      const redirectUri = `https://${registration.clientId}.test/cb`;
      await registerOidcClient(
        {
          ...registration,
          distributorId: '123456789_0000000000000001',
          redirectUris: [redirectUri],
          auth: { method: 'client_secret_basic', secret },
        },
        { store: clients, validate, actor: 'test', now: new Date() },
      );
      const auth = client.ClientSecretBasic(secret);
      const config = await client.discovery(new URL(issuer), registration.clientId, undefined, auth, {
        execute: [client.allowInsecureRequests],
      });
      return { clientId: registration.clientId, redirectUri, config };
    },
    async authorize(browser: TestBrowser, publisher: OidcPublisher) {
      const started = await authorizationUrl(publisher);
      let hop = await browser.get(started.url);
      const arrived = (h: Hop): boolean => h.location === undefined || h.location.startsWith(publisher.redirectUri);
      for (let step = 0; step < 4 && !arrived(hop); step += 1) {
        hop = await browser.get(new URL(hop.location as string, issuer).href);
      }
      return { started, callback: hop.location ?? '', hop };
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await store.close();
    },
  });
}

function memoryClients(): OidcClientStore {
  const records = new Map<string, OidcClientRecord>();
  return {
    find: async (clientId) => records.get(clientId),
    list: async () => [...records.values()],
    save: async (record) => {
      records.set(record.clientId, record);
      return 'added';
    },
    remove: async (clientId) => records.delete(clientId),
  };
}
