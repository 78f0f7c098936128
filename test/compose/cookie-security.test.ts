/**
 * The scheme of the configured public URL decides every cookie the broker sets, on the real
 * composition root: login (`gar_login`), console (`gar_console_csrf`, `gar_console`, `gar_lang`,
 * `gar_console_login`) and the OpenID Provider's (`gar_oidc_*`). The requests arrive over plain
 * HTTP in both cases, as from a TLS-terminating proxy: the request never decides.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startBroker, type RunningBroker } from '../../src/compose/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createResourceStore } from '../../src/store/index.js';
import type { ResourceDescription } from '../../src/subscriptions/index.js';
import { addOperator } from '../console/console-harness.js';
import { registerClient } from '../support/oidc-publisher-peer.js';
import { metadataFixture } from '../support/saml-metadata-fixtures.js';

const resource = JSON.parse(
  readFileSync(new URL('../fixtures/resources/valid.one.json', import.meta.url), 'utf8'),
) as ResourceDescription;

interface Started {
  readonly broker: RunningBroker;
  /** The plain-HTTP listener (what a TLS-terminating proxy forwards to). */
  readonly listener: string;
  readonly logs: () => readonly Record<string, unknown>[];
}

/** A broker whose public URL has this scheme, with an ENT (ENTA), a resource, an operator and an OIDC client. */
async function startWith(scheme: 'http' | 'https'): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), `gar-cookies-${scheme}-`));
  mkdirSync(join(dir, 'metadata/idp'), { recursive: true });
  writeFileSync(join(dir, 'metadata/idp/ent-a.xml'), metadataFixture('idp.valid.xml'));
  writeFileSync(join(dir, 'metadata/idp/ent-a.json'), JSON.stringify({ entId: 'ENTA' }));
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir: dir,
      // Port 0: the broker puts its real port in the public URL.
      publicUrl: `${scheme}://localhost:0`,
      http: { port: 0 },
      webServices: { enabled: false },
      saml: { metadataDir: join(dir, 'metadata') },
      pseudonyms: { secret: randomBytes(32).toString('hex') },
    },
  });
  const broker = await startBroker(config, pino({ level: 'info' }, sink));
  const audit = { actor: 'test', at: new Date(), correlationId: 'c-cookies' };
  await createResourceStore(broker.store).saveResources([resource], audit);
  await addOperator(broker.store, 'operateur', 'mot de passe de test');
  await registerClient(broker.store, config.saml.keysDir, {
    clientId: 'editeur',
    distributorId: resource.distributeurTech.id,
    redirectUris: ['https://editeur.test/oidc/callback'],
    auth: { method: 'client_secret_basic', secret: `secret-${'x'.repeat(32)}` },
  });
  return { broker, listener: broker.url.replace(/^https:/, 'http:'), logs: () => lines };
}

/** Every Set-Cookie line the broker sends along the login, console and OpenID Provider entries. */
async function cookiesSet(listener: string): Promise<string[]> {
  const all: string[] = [];
  const go = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(`${listener}${path}`, { redirect: 'manual', ...init });
    all.push(...response.headers.getSetCookie());
    return response;
  };
  const b64 = (value: string): string => encodeURIComponent(Buffer.from(value).toString('base64'));
  const entry = await go(
    `/domaineGar?idENT=${b64('ENTA')}&idEtab=${b64('0561534N')}&idRessource=${resource.idRessource}`,
  );
  assert.equal(entry.status, 302, 'to the ENT');

  const page = await go('/console/connexion');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const browser = page.headers.getSetCookie().map((line) => line.slice(0, line.indexOf(';')));
  const form = (fields: Record<string, string>, cookies: readonly string[]): RequestInit => ({
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
  });
  const login = await go('/console/connexion', form({ login: 'operateur', password: 'mot de passe de test' }, browser));
  assert.equal(login.status, 303, 'operator logged in');
  const session = login.headers.getSetCookie().map((line) => line.slice(0, line.indexOf(';')));
  assert.equal((await go('/console/deconnexion', form({}, [...browser, ...session]))).status, 303);
  assert.equal((await go('/console/langue/en')).status, 303);
  assert.equal((await go('/console/saml/login?idENT=ENTA')).status, 302, 'to the ENT');

  const challenge = createHash('sha256').update('verifier'.repeat(8)).digest('base64url');
  const authorization = new URLSearchParams({
    client_id: 'editeur',
    response_type: 'code',
    scope: 'openid',
    redirect_uri: 'https://editeur.test/oidc/callback',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'etat',
    nonce: 'nonce',
    idRessource: resource.idRessource,
  });
  assert.equal((await go(`/oidc/auth?${authorization}`)).status, 303, 'to the interaction');
  return all;
}

const names = (lines: readonly string[]): string[] => [...new Set(lines.map((l) => l.slice(0, l.indexOf('='))))].sort();
const attribute = (line: string, name: string): string | undefined =>
  line
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.toLowerCase().split('=')[0] === name);

const expected = [
  'gar_console',
  'gar_console_csrf',
  'gar_console_login',
  'gar_lang',
  'gar_login',
  'gar_oidc_interaction',
  'gar_oidc_interaction.sig',
  'gar_oidc_resume',
  'gar_oidc_resume.sig',
];

describe('cookies follow the scheme of the public URL', function () {
  this.timeout(60_000);

  it('https: every cookie is Secure, over a plain-HTTP request (a TLS-terminating proxy)', async () => {
    const { broker, listener, logs } = await startWith('https');
    try {
      const lines = await cookiesSet(listener);
      assert.deepEqual(names(lines), expected);
      for (const line of lines) assert.ok(attribute(line, 'secure') !== undefined, `Secure: ${line}`);
      for (const line of lines.filter((l) => /^gar_(console_)?login=/.test(l)))
        assert.equal(attribute(line, 'samesite'), 'SameSite=None', line);
      assert.ok(!logs().some((l) => l['event'] === 'http.cookies_not_secure'));
    } finally {
      await broker.close();
    }
  });

  it('http on localhost: no cookie is Secure, none SameSite=None, and the start-up says so', async () => {
    const { broker, listener, logs } = await startWith('http');
    try {
      const lines = await cookiesSet(listener);
      assert.deepEqual(names(lines), expected);
      for (const line of lines) {
        assert.equal(attribute(line, 'secure'), undefined, `not Secure: ${line}`);
        assert.notEqual(attribute(line, 'samesite')?.toLowerCase(), 'samesite=none', line);
      }
      for (const line of lines.filter((l) => /^gar_(console_)?login=/.test(l)))
        assert.equal(attribute(line, 'samesite'), 'SameSite=Lax', line);
      const notice = logs().find((l) => l['event'] === 'http.cookies_not_secure');
      assert.ok(notice !== undefined, 'the start-up warning');
      assert.deepEqual([notice['level'], notice['publicUrl'], notice['loopback']], [40, broker.url, true]);
    } finally {
      await broker.close();
    }
  });
});
