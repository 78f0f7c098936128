/**
 * The composition root as `gar-broker serve` runs it: store migrated, partners' metadata loaded
 * (a bad file reported and skipped, never stopping the start), the plain listener and the
 * partner web services' HTTPS listener up, then closed cleanly.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { startBroker } from '../../src/compose/index.js';
import { metadataFixture } from '../support/saml-metadata-fixtures.js';

describe('startBroker', function () {
  this.timeout(30000);

  it('loads good metadata files, skips bad ones, and serves HTTP and the HTTPS partner listener', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gar-start-'));
    mkdirSync(join(dir, 'metadata/idp'), { recursive: true });
    writeFileSync(join(dir, 'metadata/idp/ent-a.xml'), metadataFixture('idp.valid.xml'));
    writeFileSync(join(dir, 'metadata/idp/ent-a.json'), JSON.stringify({ entId: 'ENTA' }));
    writeFileSync(join(dir, 'metadata/idp/broken.xml'), '<pas-du-saml/>');
    writeFileSync(join(dir, 'metadata/idp/broken.json'), JSON.stringify({ entId: 'ENTB' }));
    const config = loadConfig({
      env: {},
      overrides: {
        database: { url: `sqlite:${join(dir, 'db.sqlite')}` },
        http: { port: 0 },
        saml: { metadataDir: join(dir, 'metadata'), keysDir: join(dir, 'keys') },
        webServices: {
          port: 0,
          tls: { certFile: join(dir, 'pki/ws.crt'), keyFile: join(dir, 'pki/ws.key') },
          partnerCa: { certFile: join(dir, 'pki/ca.crt'), keyFile: join(dir, 'pki/ca.key') },
        },
      },
    });
    const broker = await startBroker(config, pino({ level: 'silent' }));
    try {
      const partners = await broker.store.db.selectFrom('saml_partner').select(['entity_id', 'ent_id']).execute();
      assert.deepEqual(
        partners.map((p) => p.ent_id),
        ['ENTA'],
      );
      assert.equal((await fetch(broker.urls['health'] as string)).status, 200);
      const subscriptions = broker.urls['subscriptions'] as string;
      assert.match(subscriptions, /^https:\/\/localhost:\d+\/ws\/abonnements$/);
      const status = await new Promise<number>((done, reject) => {
        request(`${subscriptions}/abonnements`, { rejectUnauthorized: false }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
      assert.equal(status, 401, 'no client certificate');
    } finally {
      await broker.close();
    }
  });
});
