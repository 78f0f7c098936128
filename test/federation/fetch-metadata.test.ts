/**
 * Fetching partner metadata from a URL against a local server on 127.0.0.1: the https rule
 * (checked before any request), no redirect followed, the timeout (headers or body too slow),
 * the size cap (declared or streamed), HTTP errors; and a fetched document going through the
 * usual registration, so a signed one is verified against the configured signer and a refused one
 * leaves nothing behind.
 */
import assert from 'node:assert/strict';
import {
  checkMetadataUrl,
  createMetadataFetcher,
  registerSamlPartner,
  type SamlPartnerStore,
} from '../../src/federation/index.js';
import { createSamlPartnerStore, type Store } from '../../src/store/index.js';
import { signEnveloped } from '../../src/trust/index.js';
import { freshStore } from '../support/each-dialect.js';
import { startMetadataServer, type MetadataServer } from '../support/metadata-server.js';
import { metadataFixture } from '../support/saml-metadata-fixtures.js';
import { testSigningKeys } from '../support/saml-signing.js';
import { rejectedCode, thrownCode } from '../support/thrown-code.js';

describe('federation createMetadataFetcher', () => {
  let served: MetadataServer;
  before(async () => {
    served = await startMetadataServer();
  });
  after(() => served.close());
  const fetcher = createMetadataFetcher({ timeoutMs: 300, maxBytes: 64 * 1024 });

  it('fetches a document as served', async () => {
    served.serve('/ok', metadataFixture('idp.valid.xml'));
    assert.equal(await fetcher(`${served.base}/ok`), metadataFixture('idp.valid.xml'));
  });

  const urls: ReadonlyArray<{ url: string; accepted: boolean }> = [
    { url: 'https://ent.example/md.xml', accepted: true },
    { url: 'http://localhost:8080/md.xml', accepted: true },
    { url: 'http://127.0.0.1/md.xml', accepted: true },
    { url: 'http://ent.example/md.xml', accepted: false },
    { url: 'http://localhost.ent.example/md.xml', accepted: false },
    { url: 'http://127.0.0.1.ent.example/md.xml', accepted: false },
    { url: 'https://user:pw@ent.example/md.xml', accepted: false },
    { url: 'ftp://ent.example/md.xml', accepted: false },
    { url: 'file:///etc/passwd', accepted: false },
    { url: 'ent.example/md.xml', accepted: false },
  ];
  for (const { url, accepted } of urls) {
    it(`${url} is ${accepted ? 'accepted' : 'refused (ERR_METADATA_URL_INVALID)'}`, () => {
      if (accepted) assert.equal(checkMetadataUrl(url).href, new URL(url).href);
      else
        assert.equal(
          thrownCode(() => checkMetadataUrl(url)),
          'ERR_METADATA_URL_INVALID',
        );
    });
  }

  it('refuses a bad URL without sending any request', async () => {
    assert.equal(
      await rejectedCode(fetcher(`${served.base.replace('127.0.0.1', 'user:pw@127.0.0.1')}/ok`)),
      'ERR_METADATA_URL_INVALID',
    );
    assert.equal(served.hits.get('/ok'), 1, 'only the first test reached the server');
  });

  it('stops past the cap, whether the size is declared or only streamed', async () => {
    served.routes.set('/streamed', (res) => {
      res.write('x'.repeat(40 * 1024));
      res.end('y'.repeat(40 * 1024));
    });
    served.routes.set('/declared', (res) => {
      res.setHeader('content-length', String(1024 * 1024));
      res.end();
    });
    assert.equal(await rejectedCode(fetcher(`${served.base}/streamed`)), 'ERR_METADATA_FETCH_TOO_LARGE');
    assert.equal(await rejectedCode(fetcher(`${served.base}/declared`)), 'ERR_METADATA_FETCH_TOO_LARGE');
  });

  it('fails on 404 and 500', async () => {
    served.routes.set('/error', (res) => {
      res.statusCode = 500;
      res.end('<oops/>');
    });
    assert.equal(await rejectedCode(fetcher(`${served.base}/missing`)), 'ERR_METADATA_FETCH_FAILED');
    assert.equal(await rejectedCode(fetcher(`${served.base}/error`)), 'ERR_METADATA_FETCH_FAILED');
  });

  it('follows no redirect, to https or anywhere else', async () => {
    served.serve('/target', metadataFixture('idp.valid.xml'));
    served.routes.set('/to-http', (res) => {
      res.statusCode = 302;
      res.setHeader('location', '/target');
      res.end();
    });
    served.routes.set('/to-https', (res) => {
      res.statusCode = 301;
      res.setHeader('location', 'https://ent.example/md.xml');
      res.end();
    });
    assert.equal(await rejectedCode(fetcher(`${served.base}/to-http`)), 'ERR_METADATA_FETCH_FAILED');
    assert.equal(await rejectedCode(fetcher(`${served.base}/to-https`)), 'ERR_METADATA_FETCH_FAILED');
    assert.equal(served.hits.get('/target'), undefined);
  });

  it('times out when the headers are late, and when the body trickles', async () => {
    served.routes.set('/silent', (res) => {
      setTimeout(() => res.end('late'), 2000).unref();
    });
    served.routes.set('/trickle', (res) => {
      res.write('<md:EntityDescriptor');
      setTimeout(() => res.end('/>'), 2000).unref();
    });
    assert.equal(await rejectedCode(fetcher(`${served.base}/silent`)), 'ERR_METADATA_FETCH_FAILED');
    assert.equal(await rejectedCode(fetcher(`${served.base}/trickle`)), 'ERR_METADATA_FETCH_FAILED');
  });

  it('fails when nothing listens', async () => {
    const closed = await startMetadataServer();
    await closed.close();
    assert.equal(await rejectedCode(fetcher(`${closed.base}/md.xml`)), 'ERR_METADATA_FETCH_FAILED');
  });
});

describe('federation: fetched metadata registered through the usual verification', () => {
  let served: MetadataServer;
  let store: Store;
  let registry: SamlPartnerStore;
  const keys = testSigningKeys();
  const fetcher = createMetadataFetcher({ timeoutMs: 1000, maxBytes: 64 * 1024 });
  const signed = signEnveloped(metadataFixture('idp.valid.xml'), { element: 'root', privateKey: keys.idp.privateKey });
  const register = async (path: string) =>
    registerSamlPartner(
      {
        role: 'idp',
        entId: 'Z1',
        source: { kind: 'url', url: `${served.base}${path}` },
        metadataXml: await fetcher(`${served.base}${path}`),
        signerCertificatePem: keys.idp.certificatePem,
      },
      { store: registry, now: new Date(), actor: 'test', refreshHours: 6 },
    );

  before(async () => {
    served = await startMetadataServer();
  });
  after(() => served.close());
  beforeEach(async () => {
    store = await freshStore('sqlite');
    registry = createSamlPartnerStore(store);
  });
  afterEach(() => store.close());

  it('signed by the configured signer: registered with its URL source and a planned refresh', async () => {
    served.serve('/signed', signed);
    const { record, outcome } = await register('/signed');
    assert.equal(outcome, 'added');
    assert.deepEqual(record.source, { kind: 'url', url: `${served.base}/signed` });
    assert.ok(record.refreshAfter !== undefined && Date.parse(record.refreshAfter) > Date.now());
    assert.equal((await registry.find('https://ent.example.fr/idp'))?.signerCertificatePem, keys.idp.certificatePem);
  });

  const refused: ReadonlyArray<{ name: string; xml: () => string; code: string }> = [
    {
      name: 'altered after signing',
      xml: () => signed.replace('https://ent.example.fr/idp/sso/post', 'https://evil.example/sso/post'),
      code: 'ERR_XMLDSIG_INVALID',
    },
    {
      name: 'signed by another key',
      xml: () =>
        signEnveloped(metadataFixture('idp.valid.xml'), { element: 'root', privateKey: keys.attacker.privateKey }),
      code: 'ERR_XMLDSIG_INVALID',
    },
    { name: 'unsigned', xml: () => metadataFixture('idp.valid.xml'), code: 'ERR_XMLDSIG_MISSING' },
    {
      name: 'expired',
      xml: () =>
        signEnveloped(metadataFixture('idp.valid.xml').replace('2100-01-01T00:00:00Z', '2020-01-01T00:00:00Z'), {
          element: 'root',
          privateKey: keys.idp.privateKey,
        }),
      code: 'ERR_METADATA_EXPIRED',
    },
  ];
  for (const { name, xml, code } of refused) {
    it(`${name}: ${code}, nothing saved`, async () => {
      served.serve('/refused', xml());
      assert.equal(await rejectedCode(register('/refused')), code);
      assert.deepEqual(await registry.list(), []);
    });
  }
});
