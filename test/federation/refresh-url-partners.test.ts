/**
 * Refreshing metadata registered from URLs, on both dialects, with a fetcher stub and fixed
 * instants (no waiting): a changed document replaces the stored one (audited as the refresh), a
 * failing refresh keeps it, logs a warning with its code (never the XML) and retries after the
 * back-off, a document naming another entity is refused, and the next refresh follows the
 * document's cacheDuration and validUntil.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { fail } from '../../src/core/fail.js';
import {
  createPartnerDirectory,
  isPartnerUsable,
  refreshActor,
  refreshBackoffMinutes,
  refreshDuePartners,
  registerSamlPartner,
  type SamlPartnerStore,
} from '../../src/federation/index.js';
import { createSamlPartnerStore, type Store } from '../../src/store/index.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';
import { metadataFixture } from '../support/saml-metadata-fixtures.js';

const hour = 3_600_000;

/** A logger whose JSON lines the test reads. */
function capturedLogger() {
  const lines: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { logger, lines, events: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describeEachDialect('federation: refreshing URL metadata', (dialect) => {
  let store: Store;
  let registry: SamlPartnerStore;
  let body: string | undefined;
  let log: ReturnType<typeof capturedLogger>;
  const t0 = new Date('2030-03-01T08:00:00Z');
  const later = new Date(t0.getTime() + 7 * hour);
  const url = 'https://ent.example/metadata.xml';
  const fetch = async (): Promise<string> => {
    if (body === undefined)
      throw fail(
        'ERR_METADATA_FETCH_FAILED',
        'Téléchargement des métadonnées impossible.',
        'ent.example: TimeoutError',
      );
    return body;
  };
  const deps = () => ({ store: registry, fetch, refreshHours: 6, logger: log.logger });
  const stored = async () => (await registry.list('idp'))[0];
  const withComment = (xml: string, comment: string): string =>
    xml.replace('</md:EntityDescriptor>', `<!-- ${comment} --></md:EntityDescriptor>`);

  beforeEach(async () => {
    store = await freshStore(dialect);
    registry = createSamlPartnerStore(store);
    log = capturedLogger();
    body = metadataFixture('idp.valid.xml');
    await registerSamlPartner(
      { role: 'idp', entId: 'Z0', source: { kind: 'url', url }, metadataXml: body },
      { store: registry, now: t0, actor: 'test', refreshHours: 6 },
    );
  });
  afterEach(() => store.close());

  it(
    'does nothing before refreshAfter, then saves a changed document, audited as the refresh, '
      + 'and plans the next one',
    async () => {
      assert.equal((await stored())?.refreshAfter, new Date(t0.getTime() + 6 * hour).toISOString());
      assert.deepEqual(await refreshDuePartners(deps(), t0), { refreshed: 0, failed: 0 });
      body = withComment(body as string, 'v2');
      assert.deepEqual(await refreshDuePartners(deps(), later), { refreshed: 1, failed: 0 });
      const record = await stored();
      assert.match(record?.metadataXml ?? '', /v2/);
      assert.equal(record?.loadedAt, later.toISOString());
      assert.equal(record?.refreshAfter, new Date(later.getTime() + 6 * hour).toISOString());
      const audit = await store.db
        .selectFrom('audit_event')
        .select(['actor', 'action'])
        .where('action', '=', 'saml_partner.change')
        .execute();
      assert.deepEqual(audit, [{ actor: refreshActor, action: 'saml_partner.change' }]);
      assert.deepEqual(
        log.events().map((e) => [e.event, e.outcome]),
        [['saml_partner.refreshed', 'changed']],
      );
    },
  );

  it('the same document again: unchanged, not audited, next refresh moved', async () => {
    assert.deepEqual(await refreshDuePartners(deps(), later), { refreshed: 1, failed: 0 });
    assert.equal((await stored())?.loadedAt, t0.toISOString());
    assert.equal((await stored())?.refreshAfter, new Date(later.getTime() + 6 * hour).toISOString());
    assert.equal(
      (await store.db.selectFrom('audit_event').select('id').where('action', '=', 'saml_partner.change').execute())
        .length,
      0,
    );
    assert.equal(log.events()[0]?.outcome, 'unchanged');
  });

  const failures: ReadonlyArray<{ name: string; serve: () => string | undefined; code: string }> = [
    { name: 'the server is down', serve: () => undefined, code: 'ERR_METADATA_FETCH_FAILED' },
    { name: 'not metadata', serve: () => '<pas-des-métadonnées/>', code: 'ERR_METADATA_ROOT' },
    {
      name: 'an expired document',
      serve: () => metadataFixture('idp.valid.xml').replace('2100-01-01T00:00:00Z', '2030-03-01T09:00:00Z'),
      code: 'ERR_METADATA_EXPIRED',
    },
    {
      name: 'another entity at the same URL',
      serve: () =>
        metadataFixture('idp.valid.xml').replace(
          'entityID="https://ent.example.fr/idp"',
          'entityID="https://intrus.example/idp"',
        ),
      code: 'ERR_METADATA_ENTITY_CHANGED',
    },
  ];
  for (const { name, serve, code } of failures) {
    it(`${name}: ${code} logged as a warning, previous document kept, retried after the back-off`, async () => {
      const before = await stored();
      body = serve();
      assert.deepEqual(await refreshDuePartners(deps(), later), { refreshed: 0, failed: 1 });
      const after = await stored();
      assert.equal(after?.metadataXml, before?.metadataXml);
      assert.equal(after?.loadedAt, before?.loadedAt);
      assert.equal(after?.refreshAfter, new Date(later.getTime() + refreshBackoffMinutes * 60_000).toISOString());
      assert.equal((await registry.list()).length, 1, 'nothing else registered');
      const [event] = log.events();
      assert.deepEqual(
        [event?.level, event?.event, event?.code, event?.entityId, event?.usable],
        [40, 'saml_partner.refresh_failed', code, 'https://ent.example.fr/idp', true],
      );
      assert.doesNotMatch(log.lines.join(''), /EntityDescriptor|X509Certificate|métadonnées/);
      assert.deepEqual(
        await refreshDuePartners(deps(), new Date(later.getTime() + 60_000)),
        { refreshed: 0, failed: 0 },
        'not before the back-off',
      );
    });
  }

  it('plans the next refresh by the document: a shorter cacheDuration, and well before validUntil', async () => {
    body = metadataFixture('idp.valid.xml').replace('cacheDuration="PT6H"', 'cacheDuration="PT1H"');
    await refreshDuePartners(deps(), later);
    assert.equal((await stored())?.refreshAfter, new Date(later.getTime() + hour).toISOString());
    body = metadataFixture('idp.valid.xml').replace(
      '2100-01-01T00:00:00Z',
      new Date(later.getTime() + 4 * hour).toISOString(),
    );
    const next = new Date(later.getTime() + hour);
    await refreshDuePartners(deps(), next);
    assert.equal(
      (await stored())?.refreshAfter,
      new Date(next.getTime() + 3 * hour * 0.75).toISOString(),
      'three quarters of the 3 h left',
    );
  });

  it('a partner whose refreshes keep failing past its validUntil is no longer usable, yet still stored', async () => {
    const expiry = new Date(later.getTime() + 2 * hour);
    body = metadataFixture('idp.valid.xml').replace('2100-01-01T00:00:00Z', expiry.toISOString());
    await refreshDuePartners(deps(), later);
    body = undefined;
    const directory = createPartnerDirectory(registry, 0);
    const before = new Date(expiry.getTime() - 60_000);
    const after = new Date(expiry.getTime() + 60_000);
    assert.equal((await directory.idpOfEnt('Z0', before))?.metadata.entityId, 'https://ent.example.fr/idp');
    assert.deepEqual(await refreshDuePartners(deps(), after), { refreshed: 0, failed: 1 });
    const record = await stored();
    assert.ok(record !== undefined && isPartnerUsable(record, before) && !isPartnerUsable(record, after));
    assert.equal(await directory.idpOfEnt('Z0', after), undefined);
    assert.deepEqual(await directory.entsWithIdp(after), []);
    assert.equal(log.events().at(-1)?.usable, false);
  });
});
