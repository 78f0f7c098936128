/**
 * Metadata from URLs: the fetcher's limits (https rule, size cap, timeout, HTTP errors, no
 * redirects) against a local server, and scheduled refreshes on both dialects: a changed document
 * replaces the stored one, a failing refresh keeps it and retries later, validUntil caps the next refresh.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import {
  checkMetadataUrl, createMetadataFetcher, refreshBackoffMinutes, refreshDuePartners, registerSamlPartner, type SamlPartnerStore,
} from '../../src/federation/index.js';
import { createSamlPartnerStore, type Store } from '../../src/store/index.js';
import { describeEachDialect, freshStore } from '../support/each-dialect.js';
import { metadataFixture } from '../support/saml-metadata-fixtures.js';

const code = async (work: Promise<unknown>): Promise<string> => work.then(() => 'none', (error: { code?: string }) => error.code ?? String(error));

/** A server whose answer for each path the test sets. */
async function metadataServer(): Promise<{ base: string; routes: Map<string, (res: import('node:http').ServerResponse) => void>; server: Server }> {
  const routes = new Map<string, (res: import('node:http').ServerResponse) => void>();
  const server = createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (route === undefined) { res.statusCode = 404; res.end(); return; }
    route(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, routes, server };
}

describe('federation: fetching metadata from a URL', () => {
  let served: Awaited<ReturnType<typeof metadataServer>>;
  before(async () => { served = await metadataServer(); });
  after(() => { served.server.closeAllConnections(); served.server.close(); });
  const fetcher = createMetadataFetcher({ timeoutMs: 500, maxBytes: 64 * 1024 });

  it('fetches a document', async () => {
    served.routes.set('/ok', (res) => res.end(metadataFixture('idp.valid.xml')));
    assert.equal(await fetcher(`${served.base}/ok`), metadataFixture('idp.valid.xml'));
  });

  it('refuses plain http except to localhost, and URLs with credentials, before any request', () => {
    assert.throws(() => checkMetadataUrl('http://ent.example/md'), { code: 'ERR_METADATA_URL_INVALID' });
    assert.throws(() => checkMetadataUrl('https://u:p@ent.example/md'), { code: 'ERR_METADATA_URL_INVALID' });
    assert.throws(() => checkMetadataUrl('file:///etc/passwd'), { code: 'ERR_METADATA_URL_INVALID' });
    assert.equal(checkMetadataUrl('https://ent.example/md').host, 'ent.example');
  });

  it('stops reading past the cap, declared or streamed', async () => {
    served.routes.set('/big', (res) => { res.write('x'.repeat(40 * 1024)); res.end('y'.repeat(40 * 1024)); });
    served.routes.set('/declared', (res) => { res.setHeader('content-length', String(1024 * 1024)); res.end(); });
    assert.equal(await code(fetcher(`${served.base}/big`)), 'ERR_METADATA_FETCH_TOO_LARGE');
    assert.equal(await code(fetcher(`${served.base}/declared`)), 'ERR_METADATA_FETCH_TOO_LARGE');
  });

  it('fails on an HTTP error, a redirect and a timeout', async () => {
    served.routes.set('/moved', (res) => { res.statusCode = 302; res.setHeader('location', '/ok'); res.end(); });
    served.routes.set('/slow', (res) => { setTimeout(() => res.end('late'), 2000).unref(); });
    assert.equal(await code(fetcher(`${served.base}/missing`)), 'ERR_METADATA_FETCH_FAILED');
    assert.equal(await code(fetcher(`${served.base}/moved`)), 'ERR_METADATA_FETCH_FAILED');
    assert.equal(await code(fetcher(`${served.base}/slow`)), 'ERR_METADATA_FETCH_FAILED');
  });
});

describeEachDialect('federation: refreshing URL metadata', (dialect) => {
  let store: Store;
  let registry: SamlPartnerStore;
  let body: string | undefined;
  const t0 = new Date();
  const later = new Date(t0.getTime() + 7 * 3_600_000);
  const url = 'https://ent.example/metadata.xml';
  const fetch = async (): Promise<string> => {
    if (body === undefined) throw Object.assign(new Error('down'), { code: 'ERR_METADATA_FETCH_FAILED' });
    return body;
  };
  const deps = () => ({ store: registry, fetch, refreshHours: 6, logger: pino({ level: 'silent' }) });

  beforeEach(async () => {
    store = await freshStore(dialect);
    registry = createSamlPartnerStore(store);
    body = metadataFixture('idp.valid.xml');
    await registerSamlPartner({ role: 'idp', entId: 'Z0', source: { kind: 'url', url }, metadataXml: body, refreshAfter: new Date(t0.getTime() + 6 * 3_600_000).toISOString() },
      { store: registry, now: t0, actor: 'test' });
  });
  afterEach(() => store.close());

  it('does nothing before refreshAfter, then saves a changed document and plans the next refresh', async () => {
    assert.deepEqual(await refreshDuePartners(deps(), t0), { refreshed: 0, failed: 0 });
    body = (body as string).replace('</md:EntityDescriptor>', '<!-- v2 --></md:EntityDescriptor>');
    assert.deepEqual(await refreshDuePartners(deps(), later), { refreshed: 1, failed: 0 });
    const [record] = await registry.list('idp');
    assert.match(record?.metadataXml ?? '', /v2/);
    assert.equal(record?.refreshAfter, new Date(later.getTime() + 6 * 3_600_000).toISOString());
  });

  it('keeps the previous document when the refresh fails, and retries after the back-off', async () => {
    const before = (await registry.list('idp'))[0];
    body = undefined;
    assert.deepEqual(await refreshDuePartners(deps(), later), { refreshed: 0, failed: 1 });
    body = '<pas-des-métadonnées/>';
    const retry = new Date(later.getTime() + refreshBackoffMinutes * 60_000);
    assert.deepEqual(await refreshDuePartners(deps(), retry), { refreshed: 0, failed: 1 });
    const after = (await registry.list('idp'))[0];
    assert.equal(after?.metadataXml, before?.metadataXml);
    assert.equal(after?.refreshAfter, new Date(retry.getTime() + refreshBackoffMinutes * 60_000).toISOString());
  });
});
