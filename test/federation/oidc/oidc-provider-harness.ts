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
  createOidcProvider, finishOidcInteraction, registerOidcClient, createOidcClientValidator,
  type OidcAnswer, type OidcClientRecord, type OidcClientRegistration, type OidcClientStore, type OidcParticipantRecorder,
  type OidcProviderSettings,
} from '../../../src/federation/index.js';
import { createOidcPayloadStore, migrateStore, openStore, type Store } from '../../../src/store/index.js';
import { loadOrCreateKeyring, signingJwks } from '../../../src/trust/index.js';
import type { OidcPublisher } from '../../support/oidc-publisher-peer.js';

export interface OidcProviderHarness {
  readonly issuer: string;
  readonly provider: Provider;
  /** What the interaction route answers; `sessionHash` names the broker session that decided. */
  answer: OidcAnswer;
  register(registration: Omit<OidcClientRegistration, 'distributorId' | 'redirectUris' | 'auth'>): Promise<OidcPublisher>;
  close(): Promise<void>;
}

const secret = 'a-client-secret-of-forty-characters-0123';

export async function oidcProviderHarness(deps: { readonly participants?: OidcParticipantRecorder; readonly logger?: Logger } = {}): Promise<OidcProviderHarness> {
  const store: Store = await openStore({ url: 'sqlite::memory:' });
  await migrateStore(store);
  const clients = memoryClients();
  const keys = signingJwks(loadOrCreateKeyring(join(mkdtempSync(join(tmpdir(), 'gar-oidc-bcl-')), 'keys'), new Date()), new Date());
  const app = express();
  let provider: Provider | undefined;
  const harness = { answer: undefined as unknown as OidcAnswer };
  app.get('/oidc/interaction/:uid', (req, res, next) => {
    finishOidcInteraction(provider as Provider, { req, res }, createOidcPayloadStore(store), harness.answer).catch(next);
  });
  let handler: ReturnType<Provider['callback']> | undefined;
  app.use('/oidc', (req, res) => { void (handler as NonNullable<typeof handler>)(req, res); });
  const server: Server = await new Promise((done) => { const s = app.listen(0, '127.0.0.1', () => done(s)); });
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}/oidc`;
  const settings: OidcProviderSettings = {
    issuer, signingKeys: keys, cookieKeys: ['cookie-key'], proxy: false, releaseCodes: ['IDO', 'UAI'],
    ttlSeconds: { code: 60, accessToken: 300, idToken: 300, interaction: 600, session: 3600 },
    pages: { error: ({ status }) => `<p>erreur ${status}</p>`, logout: (form) => `<main>${form}</main>`, loggedOut: () => '<p>déconnecté</p>' },
  };
  provider = createOidcProvider(settings, {
    payloads: createOidcPayloadStore(store), clients, now: () => new Date(), logger: deps.logger ?? pino({ level: 'silent' }),
    ...(deps.participants === undefined ? {} : { participants: deps.participants }),
  });
  handler = provider.callback();
  const validate = createOidcClientValidator(keys);
  return Object.assign(harness, {
    issuer, provider,
    async register(registration: Omit<OidcClientRegistration, 'distributorId' | 'redirectUris' | 'auth'>): Promise<OidcPublisher> {
      const redirectUri = `https://${registration.clientId}.test/cb`;
      await registerOidcClient({ ...registration, distributorId: '123456789_0000000000000001', redirectUris: [redirectUri], auth: { method: 'client_secret_basic', secret } }, {
        store: clients, validate, actor: 'test', now: new Date(),
      });
      const config = await client.discovery(new URL(issuer), registration.clientId, undefined, client.ClientSecretBasic(secret), { execute: [client.allowInsecureRequests] });
      return { clientId: registration.clientId, redirectUri, config };
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
    save: async (record) => { records.set(record.clientId, record); return 'added'; },
    remove: async (clientId) => records.delete(clientId),
  };
}
