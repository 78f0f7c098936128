/** `gar-broker partner metadata …` through runCli, on a temporary SQLite database, as an operator runs it. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { signEnveloped } from '../../src/trust/index.js';
import { captureCliIo } from '../support/cli-io.js';
import { metadataFixture } from '../support/saml-metadata-fixtures.js';
import { testSigningKeys } from '../support/saml-signing.js';

describe('gar-broker partner metadata', function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), 'gar-cli-metadata-'));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'silent' };
  const run = async (...argv: string[]) => {
    const t = captureCliIo(env);
    const code = await runCli(argv, t.io);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  };
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    return path;
  };
  const keys = testSigningKeys();
  const distributor = '123456789_0000000000000001';
  const idpFile = file('ent-a.xml', metadataFixture('idp.valid.xml'));
  const spFile = file('editeur.xml', metadataFixture('sp.valid.xml'));

  it('add registers an ENT IdP and a publisher SP; list shows them, by role too; re-add says unchanged', async () => {
    const idp = await run('partner', 'metadata', 'add', '--role', 'idp', '--ent', 'ENT-A', '--file', idpFile);
    assert.equal(idp.code, 0, idp.stderr);
    assert.match(idp.stdout, /https:\/\/ent\.example\.fr\/idp/);
    assert.equal(
      (await run('partner', 'metadata', 'add', '--role', 'sp', '--distributor', distributor, '--file', spFile)).code,
      0,
    );
    const list = await run('partner', 'metadata', 'list');
    assert.match(list.stdout, /https:\/\/ent\.example\.fr\/idp\s+idp\s+ENT-A\s+cli\s+non\s+2100-01-01T00:00:00\.000Z/);
    assert.match(
      list.stdout,
      new RegExp(`https://editeur\\.example\\.com/saml/metadata\\s+sp\\s+${distributor}\\s+cli\\s+non\\s+-`),
    );
    assert.doesNotMatch((await run('partner', 'metadata', 'list', '--role', 'sp')).stdout, /ent\.example\.fr/);
    const again = await run('partner', 'metadata', 'add', '--role', 'idp', '--ent', 'ENT-A', '--file', idpFile);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /inchangé/);
  });

  const refusals: ReadonlyArray<{ name: string; argv: () => string[]; exit: number; code: string }> = [
    {
      name: 'a second IdP for the same ENT project',
      exit: 1,
      code: 'ERR_SAML_PARTNER_ENT_TAKEN',
      argv: () => [
        '--role',
        'idp',
        '--ent',
        'ENT-A',
        '--file',
        file(
          'other.xml',
          metadataFixture('idp.valid.xml').replace(
            'entityID="https://ent.example.fr/idp"',
            'entityID="https://other.example.fr/idp"',
          ),
        ),
      ],
    },
    {
      name: 'expired metadata',
      exit: 1,
      code: 'ERR_METADATA_EXPIRED',
      argv: () => [
        '--role',
        'idp',
        '--ent',
        'ENT-X',
        '--file',
        file('expired.xml', metadataFixture('idp.expired-valid-until.xml')),
      ],
    },
    {
      name: 'SP metadata registered as an IdP',
      exit: 1,
      code: 'ERR_METADATA_ROLE',
      argv: () => ['--role', 'idp', '--ent', 'ENT-X', '--file', spFile],
    },
    {
      name: 'an SP without its distributor',
      exit: 1,
      code: 'ERR_SAML_PARTNER_INPUT',
      argv: () => ['--role', 'sp', '--ent', 'ENT-X', '--file', spFile],
    },
    {
      name: 'a missing file',
      exit: 1,
      code: 'ERR_METADATA_FILE_UNREADABLE',
      argv: () => ['--role', 'sp', '--distributor', distributor, '--file', join(dir, 'none.xml')],
    },
    {
      name: 'a signer that is not a certificate',
      exit: 1,
      code: 'ERR_METADATA_SIGNER_INVALID',
      argv: () => ['--role', 'idp', '--ent', 'ENT-X', '--file', idpFile, '--signer', file('bad.pem', 'not a pem')],
    },
    {
      name: 'unsigned metadata while a signer is given',
      exit: 1,
      code: 'ERR_XMLDSIG_MISSING',
      argv: () => [
        '--role',
        'idp',
        '--ent',
        'ENT-X',
        '--file',
        idpFile,
        '--signer',
        file('idp.pem', keys.idp.certificatePem),
      ],
    },
    { name: 'no role', exit: 2, code: 'ERR_CLI_USAGE', argv: () => ['--file', idpFile] },
  ];
  for (const { name, argv, exit, code } of refusals) {
    it(`add refuses ${name} (exit ${exit}, ${code})`, async () => {
      const before = (await run('partner', 'metadata', 'list')).stdout;
      const result = await run('partner', 'metadata', 'add', ...argv());
      assert.equal(result.code, exit, result.stderr);
      assert.ok(result.stderr.includes(`[${code}]`), result.stderr);
      assert.equal((await run('partner', 'metadata', 'list')).stdout, before);
    });
  }

  describe('a partner entityID must be an https URL or a URN (GAR; SAML: a URI of 1,024 characters at most)', () => {
    const withEntityId = (name: string, entityId: string): string =>
      file(name, metadataFixture('sp.valid.xml').replace(/entityID="[^"]*"/, `entityID="${entityId}"`));
    const refused: readonly (readonly [string, string])[] = [
      ['an http URL', 'http://editeur.example.com/saml/metadata'],
      ['a bare name', 'editeur-sp'],
    ];
    for (const [what, entityId] of refused) {
      it(`add refuses ${what} (exit 1, ERR_METADATA_ENTITY_ID) with a message naming the rule`, async () => {
        const before = (await run('partner', 'metadata', 'list')).stdout;
        const argv = ['--distributor', distributor, '--file', withEntityId(`entity-${what}.xml`, entityId)];
        const result = await run('partner', 'metadata', 'add', ...argv);
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stderr, /\[ERR_METADATA_ENTITY_ID\]/);
        assert.ok(result.stderr.includes(`« ${entityId} » n'est ni une URL https ni un URN`), result.stderr);
        assert.match(result.stderr, /doit être une URL https \(https:\/\/…\) ou un URN \(urn:…\)/);
        assert.equal((await run('partner', 'metadata', 'list')).stdout, before);
      });
    }

    it('add accepts a URN entityID', async () => {
      const argv = ['--distributor', '123456789_0000000000000009', '--file', withEntityId('urn.xml', 'urn:example:sp')];
      const result = await run('partner', 'metadata', 'add', ...argv);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /urn:example:sp/);
      assert.equal((await run('partner', 'metadata', 'remove', '--entity-id', 'urn:example:sp')).code, 0);
    });
  });

  it('add with --signer accepts metadata signed by that certificate and lists it as signed', async () => {
    const signed = signEnveloped(
      metadataFixture('idp.valid.xml').replace(
        'entityID="https://ent.example.fr/idp"',
        'entityID="https://signed.example.fr/idp"',
      ),
      { element: 'root', privateKey: keys.idp.privateKey },
    );
    const result = await run(
      'partner',
      'metadata',
      'add',
      '--role',
      'idp',
      '--ent',
      'ENT-S',
      '--file',
      file('signed.xml', signed),
      '--signer',
      file('idp.pem', keys.idp.certificatePem),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      (await run('partner', 'metadata', 'list', '--role', 'idp')).stdout,
      /https:\/\/signed\.example\.fr\/idp\s+idp\s+ENT-S\s+cli\s+oui/,
    );
  });

  it('remove takes a partner out; an unknown entityID is ERR_SAML_PARTNER_UNKNOWN (exit 1)', async () => {
    assert.equal(
      (await run('partner', 'metadata', 'remove', '--entity-id', 'https://editeur.example.com/saml/metadata')).code,
      0,
    );
    assert.doesNotMatch((await run('partner', 'metadata', 'list')).stdout, /editeur\.example\.com/);
    const again = await run(
      'partner',
      'metadata',
      'remove',
      '--entity-id',
      'https://editeur.example.com/saml/metadata',
    );
    assert.equal(again.code, 1);
    assert.ok(again.stderr.includes('[ERR_SAML_PARTNER_UNKNOWN]'));
  });

  it('load reads a metadata folder, prints the report, exits 1 when a file was skipped, 0 when none was', async () => {
    const folder = join(dir, 'metadata');
    file('metadata/sp/editeur.xml', metadataFixture('sp.valid.xml'));
    file('metadata/sp/editeur.json', JSON.stringify({ distributorId: distributor }));
    file('metadata/idp/orphan.xml', metadataFixture('idp.valid.xml'));
    const bad = await run('partner', 'metadata', 'load', '--dir', folder);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stdout, /1 chargée\(s\), 1 ignorée\(s\)/);
    assert.match(bad.stdout, /idp\/orphan\.xml\s+\[ERR_METADATA_SIDECAR\]/);
    assert.match((await run('partner', 'metadata', 'list', '--role', 'sp')).stdout, /editeur\.example\.com/);
    file('metadata/idp/orphan.json', JSON.stringify({ entId: 'ENT-A' }));
    const good = await run('partner', 'metadata', 'load', '--dir', folder);
    assert.equal(good.code, 0, good.stdout);
    assert.match(good.stdout, /2 chargée\(s\), 0 ignorée\(s\)/);
  });

  it('an unknown subcommand is a usage error (exit 2)', async () => {
    assert.equal((await run('partner', 'metadata', 'fetch')).code, 2);
  });
});
