/**
 * `gar-broker partner metadata add --url …` through runCli, against a local metadata server on
 * 127.0.0.1 and a temporary SQLite database: the role follows from --ent / --distributor, the
 * document is fetched and read whole (signature when --signer is given) before anything is saved,
 * and `list` shows the URL and which partners are past their validUntil.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { registerSamlPartner } from '../../src/federation/index.js';
import { createSamlPartnerStore, migrateStore, openStore } from '../../src/store/index.js';
import { signEnveloped } from '../../src/trust/index.js';
import { captureCliIo } from '../support/cli-io.js';
import { startMetadataServer, type MetadataServer } from '../support/metadata-server.js';
import { metadataFixture } from '../support/saml-metadata-fixtures.js';
import { testSigningKeys } from '../support/saml-signing.js';

describe('gar-broker partner metadata add --url', function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), 'gar-cli-metadata-url-'));
  const databaseUrl = `sqlite:${join(dir, 'db.sqlite')}`;
  const env = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' };
  const run = async (...argv: string[]) => {
    const t = captureCliIo(env);
    const code = await runCli(['partner', 'metadata', ...argv], t.io);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  };
  const keys = testSigningKeys();
  const signerFile = join(dir, 'signer.pem');
  writeFileSync(signerFile, keys.idp.certificatePem);
  const distributor = '123456789_0000000000000001';
  const rename = (xml: string, entityId: string): string => xml.replace(/entityID="[^"]*"/, `entityID="${entityId}"`);
  let served: MetadataServer;

  before(async () => {
    served = await startMetadataServer();
  });
  after(() => served.close());

  it(
    'registers an IdP from a URL (role from --ent), planned for a refresh, listed with its URL; ' + 'again: unchanged',
    async () => {
      served.serve('/idp.xml', metadataFixture('idp.valid.xml'));
      const added = await run('add', '--ent', 'ENT-U', '--url', `${served.base}/idp.xml`);
      assert.equal(added.code, 0, added.stderr);
      assert.match(
        added.stdout,
        new RegExp(
          String.raw`ajouté : https:\/\/ent\.example\.fr\/idp \(fournisseur d’identité de l’ENT ENT-U\)`
            + String.raw`.*à retélécharger après \d{4}-\d{2}-\d{2}T`,
        ),
      );
      const list = await run('list', '--role', 'idp');
      assert.match(
        list.stdout,
        new RegExp(
          `https://ent\\.example\\.fr/idp\\s+idp\\s+ENT-U\\s+${served.base.replace(/\./g, '\\.')}/idp\\.xml`
            + '\\s+non\\s+2100-01-01T00:00:00\\.000Z\\s',
        ),
      );
      assert.match((await run('add', '--ent', 'ENT-U', '--url', `${served.base}/idp.xml`)).stdout, /inchangé/);
    },
  );

  it('registers an SP from a URL (role from --distributor)', async () => {
    served.serve('/sp.xml', metadataFixture('sp.valid.xml'));
    const added = await run('add', '--distributor', distributor, '--url', `${served.base}/sp.xml`);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /fournisseur de service du distributeur 123456789_0000000000000001/);
  });

  it('with --signer: metadata signed by that certificate is registered and listed as signed', async () => {
    served.serve(
      '/signed.xml',
      signEnveloped(rename(metadataFixture('idp.valid.xml'), 'https://signed.example.fr/idp'), {
        element: 'root',
        privateKey: keys.idp.privateKey,
      }),
    );
    const added = await run('add', '--ent', 'ENT-S', '--url', `${served.base}/signed.xml`, '--signer', signerFile);
    assert.equal(added.code, 0, added.stderr);
    assert.match(
      (await run('list')).stdout,
      /https:\/\/signed\.example\.fr\/idp\s+idp\s+ENT-S\s+\S+\/signed\.xml\s+oui/,
    );
  });

  const refusals: ReadonlyArray<{
    name: string;
    setup?: () => void;
    argv: () => string[];
    exit: number;
    code: string;
  }> = [
    {
      name: 'plain http to another host',
      exit: 1,
      code: 'ERR_METADATA_URL_INVALID',
      argv: () => ['--ent', 'ENT-X', '--url', 'http://ent.example/md.xml'],
    },
    {
      name: 'a URL that answers 404',
      exit: 1,
      code: 'ERR_METADATA_FETCH_FAILED',
      argv: () => ['--ent', 'ENT-X', '--url', `${served.base}/absent.xml`],
    },
    {
      name: 'a redirect',
      exit: 1,
      code: 'ERR_METADATA_FETCH_FAILED',
      setup: () =>
        served.routes.set('/moved.xml', (res) => {
          res.statusCode = 302;
          res.setHeader('location', '/idp.xml');
          res.end();
        }),
      argv: () => ['--ent', 'ENT-X', '--url', `${served.base}/moved.xml`],
    },
    {
      name: 'a document over the metadata limit',
      exit: 1,
      code: 'ERR_METADATA_FETCH_TOO_LARGE',
      setup: () =>
        served.routes.set('/huge.xml', (res) => {
          res.end('x'.repeat(300 * 1024));
        }),
      argv: () => ['--ent', 'ENT-X', '--url', `${served.base}/huge.xml`],
    },
    {
      name: 'signed metadata altered after signing',
      exit: 1,
      code: 'ERR_XMLDSIG_INVALID',
      setup: () =>
        served.serve(
          '/tampered.xml',
          signEnveloped(rename(metadataFixture('idp.valid.xml'), 'https://tampered.example.fr/idp'), {
            element: 'root',
            privateKey: keys.idp.privateKey,
          }).replace('https://ent.example.fr/idp/sso/post', 'https://evil.example/sso/post'),
        ),
      argv: () => ['--ent', 'ENT-X', '--url', `${served.base}/tampered.xml`, '--signer', signerFile],
    },
    {
      name: 'expired metadata',
      exit: 1,
      code: 'ERR_METADATA_EXPIRED',
      setup: () => served.serve('/expired.xml', metadataFixture('idp.expired-valid-until.xml')),
      argv: () => ['--ent', 'ENT-X', '--url', `${served.base}/expired.xml`],
    },
    {
      name: 'both --file and --url',
      exit: 2,
      code: 'ERR_CLI_USAGE',
      argv: () => ['--ent', 'ENT-X', '--url', `${served.base}/idp.xml`, '--file', signerFile],
    },
    {
      name: 'both --ent and --distributor without --role',
      exit: 2,
      code: 'ERR_CLI_USAGE',
      argv: () => ['--ent', 'ENT-X', '--distributor', distributor, '--url', `${served.base}/idp.xml`],
    },
  ];
  for (const { name, setup, argv, exit, code } of refusals) {
    it(`refuses ${name} (exit ${exit}, ${code}), nothing saved`, async () => {
      setup?.();
      const before = (await run('list')).stdout;
      const result = await run('add', ...argv());
      assert.equal(result.code, exit, result.stderr);
      assert.ok(result.stderr.includes(`[${code}]`), result.stderr);
      assert.equal((await run('list')).stdout, before);
    });
  }

  it('list marks a partner past its validUntil as expired (it is no longer used)', async () => {
    const store = await openStore({ url: databaseUrl, poolSize: 1 });
    try {
      await migrateStore(store);
      const then = new Date('2020-01-01T00:00:00Z');
      const xml = rename(metadataFixture('idp.valid.xml'), 'https://old.example.fr/idp').replace(
        '2100-01-01T00:00:00Z',
        '2021-01-01T00:00:00Z',
      );
      await registerSamlPartner(
        {
          role: 'idp',
          entId: 'ENT-OLD',
          source: { kind: 'url', url: 'https://old.example.fr/md.xml' },
          metadataXml: xml,
        },
        { store: createSamlPartnerStore(store), now: then, actor: 'test', refreshHours: 6 },
      );
    } finally {
      await store.close();
    }
    const list = (await run('list')).stdout;
    assert.match(
      list,
      new RegExp(
        String.raw`https:\/\/old\.example\.fr\/idp\s+idp\s+ENT-OLD\s+https:\/\/old\.example\.fr\/md\.xml`
          + String.raw`\s+non\s+2021-01-01T00:00:00\.000Z \(expirée\)`,
      ),
    );
    assert.doesNotMatch(
      list
        .split('\n')
        .filter((line) => !line.includes('old.example'))
        .join('\n'),
      /expirée/,
    );
  });
});
