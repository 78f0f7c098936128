/**
 * The data folder on the real composition root: a broker given only `dataDir` writes its
 * database, keys, TLS certificate and partner CA there; a path configured explicitly goes where
 * it says; two brokers with two data folders, running at once, share nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startBroker, type RunningBroker } from '../../src/compose/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createResourceStore } from '../../src/store/index.js';
import type { ResourceDescription } from '../../src/subscriptions/index.js';

const written = [
  'gar-broker.sqlite',
  'keys/keyring.json',
  'pki/web-services.crt',
  'pki/web-services.key',
  'pki/partner-ca.crt',
  'pki/partner-ca.key',
];

function start(overrides: Record<string, unknown>): Promise<RunningBroker> {
  return startBroker(
    loadConfig({ env: {}, overrides: { http: { port: 0 }, ...overrides } }),
    pino({ level: 'silent' }),
  );
}

async function signingCertificate(broker: RunningBroker): Promise<string> {
  const xml = await (await fetch(broker.urls['idpMetadata'] as string)).text();
  return /<ds:X509Certificate>([^<]+)</.exec(xml)?.[1] ?? '';
}

describe('startBroker: the data folder', function () {
  this.timeout(60_000);

  it('given only dataDir (and free ports), writes everything under it', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gar-data-')), 'instance');
    const broker = await start({ dataDir });
    try {
      for (const file of written) assert.ok(existsSync(join(dataDir, file)), file);
      assert.deepEqual(
        readdirSync(dataDir)
          .filter((f) => !f.startsWith('gar-broker.sqlite'))
          .sort(),
        ['keys', 'pki'],
      );
      assert.match(broker.urls['subscriptions'] as string, /^https:\/\/localhost:\d+\//);
      assert.doesNotMatch(broker.urls['subscriptions'] as string, /:8443\//, 'the web services on a free port');
    } finally {
      await broker.close();
    }
  });

  it('puts an explicitly configured path where it says, not under dataDir', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gar-data-'));
    const [dataDir, elsewhere] = [join(root, 'data'), join(root, 'elsewhere')];
    const broker = await start({
      dataDir,
      database: { url: `sqlite:${join(elsewhere, 'db.sqlite')}` },
      saml: { keysDir: join(elsewhere, 'keys') },
    });
    try {
      assert.ok(existsSync(join(elsewhere, 'db.sqlite')) && existsSync(join(elsewhere, 'keys', 'keyring.json')));
      assert.deepEqual(readdirSync(dataDir), ['pki'], 'only the paths left to their default');
    } finally {
      await broker.close();
    }
  });

  it('two brokers with two data folders, at once, share no database, key or certificate', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gar-data-'));
    const [a, b] = await Promise.all([start({ dataDir: join(root, 'a') }), start({ dataDir: join(root, 'b') })]);
    try {
      const resource = JSON.parse(
        readFileSync(new URL('../fixtures/resources/valid.one.json', import.meta.url), 'utf8'),
      ) as ResourceDescription;
      await createResourceStore(a.store).saveResources([resource], {
        actor: 'test',
        at: new Date(),
        correlationId: 'c-data-dir',
      });
      assert.equal((await createResourceStore(a.store).listResources()).length, 1);
      assert.equal((await createResourceStore(b.store).listResources()).length, 0, "b's database is its own");
      assert.notEqual(await signingCertificate(a), await signingCertificate(b), 'each its own SAML keys');
      for (const file of ['pki/web-services.crt', 'pki/partner-ca.crt']) {
        assert.notEqual(readFileSync(join(root, 'a', file), 'utf8'), readFileSync(join(root, 'b', file), 'utf8'), file);
      }
      assert.notEqual(a.urls['subscriptions'], b.urls['subscriptions'], 'each its own web services port');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
