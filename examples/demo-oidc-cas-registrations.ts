/**
 * The demo publisher's OpenID Connect client and CAS services at the broker, registered as
 * `partner oidc-client add` and `partner cas-service add` do (the broker's own rules, then
 * oidc-provider's client schema): one client for the demo distributor, `client_secret_basic`,
 * its one redirect URI on the demo publisher and its `backchannel_logout_uri` (the broker posts a
 * logout token there when a session it was part of ends); one service per CAS resource, its
 * page's exact URL (which also takes the CAS back-channel logout).
 * The client secret is made once under `var/demo/` and read back, so that a second start changes
 * nothing. When the publisher's port changed, the client is updated and the CAS services of the
 * old URL are removed (exact URLs: the old one would never be sent again).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrokerConfig } from '../src/config/index.js';
import { createOidcClientValidator, registerCasService, registerOidcClient } from '../src/federation/index.js';
import { createCasServiceStore, createOidcClientStore, createResourceStore, type Store } from '../src/store/index.js';
import { loadOrCreateKeyring, signingJwks } from '../src/trust/index.js';
import { demoDistributor, demoOidcClientId, type DemoResource } from './demo-catalogue.js';

type Outcome = 'added' | 'changed' | 'unchanged';

export interface OidcCasSeedReport {
  readonly oidcClient: Outcome;
  readonly casServices: readonly Outcome[];
  /** CAS service URLs of an earlier demo port, removed. */
  readonly casRemoved: readonly string[];
}

export interface DemoOidcClient {
  readonly clientId: string;
  readonly secret: string;
  readonly redirectUri: string;
  readonly backchannelLogoutUri: string;
}

export interface OidcCasInput {
  readonly publisherUrl: string;
  readonly resources: readonly DemoResource[];
  readonly dataDir: string;
}

interface Audit {
  readonly actor: string;
  readonly at: Date;
}

/** The demo publisher's callback: the one redirect URI registered, matched exactly by oidc-provider. */
export const demoOidcCallbackPath = '/oidc/callback';
/** Where the demo publisher takes the broker's logout tokens (OpenID Connect Back-Channel Logout 1.0). */
export const demoOidcBackchannelLogoutPath = '/oidc/backchannel-logout';

export async function registerDemoOidcAndCas(
  store: Store,
  config: BrokerConfig,
  input: OidcCasInput,
  audit: Audit,
): Promise<{ readonly client: DemoOidcClient; readonly report: OidcCasSeedReport }> {
  const client: DemoOidcClient = {
    clientId: demoOidcClientId,
    secret: demoOidcSecret(input.dataDir),
    redirectUri: `${input.publisherUrl}${demoOidcCallbackPath}`,
    backchannelLogoutUri: `${input.publisherUrl}${demoOidcBackchannelLogoutPath}`,
  };
  const validate = createOidcClientValidator(signingJwks(loadOrCreateKeyring(config.saml.keysDir, audit.at), audit.at));
  const { outcome: oidcClient } = await registerOidcClient(
    {
      clientId: client.clientId,
      distributorId: demoDistributor.id,
      redirectUris: [client.redirectUri],
      auth: { method: 'client_secret_basic', secret: client.secret },
      backchannelLogout: { uri: client.backchannelLogoutUri },
    },
    { store: createOidcClientStore(store), validate, actor: audit.actor, now: audit.at },
  );
  const { outcomes: casServices, removed: casRemoved } = await registerCasServices(store, input, audit);
  return { client, report: { oidcClient, casServices, casRemoved } };
}

async function registerCasServices(
  store: Store,
  input: OidcCasInput,
  audit: Audit,
): Promise<{ outcomes: Outcome[]; removed: string[] }> {
  const services = createCasServiceStore(store);
  const resources = createResourceStore(store);
  const wanted = input.resources
    .filter((r) => r.protocol === 'cas')
    .map((r) => ({ serviceUrl: `${input.publisherUrl}${r.path}`, idRessource: r.idRessource }));
  const removed = (await services.list())
    .filter(
      (s) => wanted.some((w) => w.idRessource === s.idRessource) && !wanted.some((w) => w.serviceUrl === s.serviceUrl),
    )
    .map((s) => s.serviceUrl);
  for (const serviceUrl of removed) await services.remove(serviceUrl, audit.actor, audit.at);
  const outcomes: Outcome[] = [];
  for (const record of wanted) {
    const { outcome } = await registerCasService(record, {
      store: services,
      resourceExists: async (id) => (await resources.findResource(id)) !== undefined,
      actor: audit.actor,
      now: audit.at,
    });
    outcomes.push(outcome);
  }
  return { outcomes, removed };
}

/** 32 random bytes, made once (oidc-provider compares client secrets as given, so it is kept readable). */
function demoOidcSecret(dataDir: string): string {
  const file = join(dataDir, 'oidc-client-secret.txt');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
