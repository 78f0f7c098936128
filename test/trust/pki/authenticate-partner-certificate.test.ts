/**
 * Partner authentication over a REAL TLS handshake: an HTTPS server that asks for a client
 * certificate without rejecting at the handshake, and decides with authenticatePartnerCertificate
 * against a real registry on each dialect. Certificates are made during the run (test-pki).
 */
import assert from 'node:assert/strict';
import type { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { isBrokerError } from '../../../src/core/broker-error.js';
import { createPartnerCertificateStore, type Store } from '../../../src/store/index.js';
import {
  authenticatePartnerCertificate,
  describeCertificate,
  type PartnerCertificateRecord,
  type PartnerCertificateStore,
  type PartnerKind,
} from '../../../src/trust/index.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { makeTestPki, type TestClientCertificate } from '../../support/test-pki.js';

const day = 86_400_000;
const now = new Date();
const distributor = '123456789_0000000000000001';

interface Answer {
  readonly status: number;
  readonly body: { code?: string; partnerId?: string; partnerKind?: string };
}

function record(
  cert: TestClientCertificate,
  overrides: Partial<PartnerCertificateRecord> = {},
): PartnerCertificateRecord {
  const d = describeCertificate(cert.certPem);
  return {
    fingerprint: d.fingerprint,
    partnerKind: 'distributor',
    partnerId: distributor,
    origin: 'issued',
    subject: d.subject,
    serial: d.serial,
    notBefore: d.notBefore.toISOString(),
    notAfter: d.notAfter.toISOString(),
    createdAt: now.toISOString(),
    revokedAt: null,
    ...overrides,
  };
}

function call(port: number, serverCert: string, client: TestClientCertificate | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // The client checks the server too: its self-signed certificate names 127.0.0.1.
    const request = https.request(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        agent: false,
        ca: [serverCert],
        ...(client ? { cert: client.certPem, key: client.keyPem } : {}),
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += String(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describeEachDialect('authenticatePartnerCertificate', (dialect) => {
  const pki = makeTestPki(now);
  const ca = pki.partnerCa.certificate;
  let store: Store;
  let registry: PartnerCertificateStore;
  let server: https.Server;
  let port: number;

  before(async () => {
    store = await freshStore(dialect);
    registry = createPartnerCertificateStore(store);
    const { cert, key } = pki.serverCert();
    server = https.createServer(
      { cert, key, requestCert: true, rejectUnauthorized: false, ca: [pki.partnerCa.certificatePem] },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        authenticatePartnerCertificate(peer.raw, registry, {
          now: new Date(),
          partnerCa: ca,
          expectedKind: 'distributor',
        }).then(
          (partner) => res.writeHead(200).end(JSON.stringify(partner)),
          (error: unknown) => {
            if (!isBrokerError(error)) throw error;
            res.writeHead(error.status).end(JSON.stringify({ code: error.code }));
          },
        );
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });

  const tls = (client: TestClientCertificate | undefined): Promise<Answer> => call(port, pki.serverCert().cert, client);

  it('(a) accepts a certificate issued by the partner CA and registered as issued', async () => {
    const issued = pki.issueClient(distributor);
    await registry.addCertificate(record(issued), 'Éditions A', 'test');
    assert.deepEqual(await tls(issued), {
      status: 200,
      body: { partnerKind: 'distributor', partnerId: distributor, fingerprint: issued.fingerprint },
    });
  });

  it('(b) accepts a registered self-signed RSA certificate', async () => {
    const own = pki.issueClient('rsa-partner', { ca: 'self', keyType: 'rsa' });
    await registry.addCertificate(
      record(own, { origin: 'registered', partnerId: '123456789_0000000000000002' }),
      'Éditions B',
      'test',
    );
    const answer = await tls(own);
    assert.deepEqual([answer.status, answer.body.partnerId], [200, '123456789_0000000000000002']);
  });

  it('(c) refuses an expired certificate, even registered (403 ERR_WS_CLIENT_CERT_EXPIRED)', async () => {
    const expired = pki.issueClient(distributor, {
      notBefore: new Date(now.getTime() - 30 * day),
      notAfter: new Date(now.getTime() - day),
    });
    await registry.addCertificate(record(expired), 'Éditions A', 'test');
    assert.deepEqual(await tls(expired), { status: 403, body: { code: 'ERR_WS_CLIENT_CERT_EXPIRED' } });
  });

  it("(c') refuses a certificate not yet valid", async () => {
    const early = pki.issueClient(distributor, {
      notBefore: new Date(now.getTime() + day),
      notAfter: new Date(now.getTime() + 30 * day),
    });
    await registry.addCertificate(record(early), 'Éditions A', 'test');
    assert.deepEqual(await tls(early), { status: 403, body: { code: 'ERR_WS_CLIENT_CERT_EXPIRED' } });
  });

  it(
    '(d) refuses a certificate from an unknown CA, though it names a registered partner '
      + '(403 ERR_WS_CLIENT_CERT_UNKNOWN)',
    async () => {
      assert.deepEqual(await tls(pki.issueClient(distributor, { ca: 'unknown' })), {
        status: 403,
        body: { code: 'ERR_WS_CLIENT_CERT_UNKNOWN' },
      });
    },
  );

  it("(d') refuses a certificate from the partner CA that was never recorded", async () => {
    assert.deepEqual(await tls(pki.issueClient(distributor)), {
      status: 403,
      body: { code: 'ERR_WS_CLIENT_CERT_UNKNOWN' },
    });
  });

  it('(e) answers 401 ERR_WS_CLIENT_CERT_MISSING without a certificate', async () => {
    assert.deepEqual(await tls(undefined), { status: 401, body: { code: 'ERR_WS_CLIENT_CERT_MISSING' } });
  });

  it('refuses a revoked certificate (403 ERR_WS_CLIENT_CERT_REVOKED)', async () => {
    const revoked = pki.issueClient(distributor);
    await registry.addCertificate(record(revoked), 'Éditions A', 'test');
    assert.equal((await tls(revoked)).status, 200);
    assert.equal(await registry.revokeCertificate(revoked.fingerprint, new Date(), 'test'), true);
    assert.deepEqual(await tls(revoked), { status: 403, body: { code: 'ERR_WS_CLIENT_CERT_REVOKED' } });
  });

  describe('without TLS, on the PEM', () => {
    const check = async (
      pem: string | Buffer | undefined,
      expectedKind: PartnerKind = 'distributor',
      partnerCa: X509Certificate | null = ca,
    ): Promise<string> => {
      try {
        return (
          await authenticatePartnerCertificate(pem, registry, {
            now,
            expectedKind,
            ...(partnerCa === null ? {} : { partnerCa }),
          })
        ).partnerId;
      } catch (error) {
        if (isBrokerError(error)) return error.code;
        throw error;
      }
    };

    it(
      'accepts a fingerprint-only registration for the matching certificate, '
        + 'within the registered dates only (start and end)',
      async () => {
        const cert = pki.issueClient('fp-only', { ca: 'self' });
        await registry.addCertificate(
          record(cert, {
            origin: 'registered',
            partnerId: '123456789_0000000000000003',
            subject: '',
            serial: '',
            notBefore: new Date(now.getTime() - day).toISOString(),
            notAfter: new Date(now.getTime() + day).toISOString(),
          }),
          'Éditions C',
          'test',
        );
        assert.equal(await check(cert.certPem), '123456789_0000000000000003');
        const short = pki.issueClient('fp-short', { ca: 'self' });
        await registry.addCertificate(
          record(short, { origin: 'registered', notAfter: new Date(now.getTime() - 1000).toISOString() }),
          'Éditions A',
          'test',
        );
        assert.equal(await check(short.certPem), 'ERR_WS_CLIENT_CERT_EXPIRED');
        const later = pki.issueClient('fp-later', { ca: 'self' });
        await registry.addCertificate(
          record(later, { origin: 'registered', notBefore: new Date(now.getTime() + 1000).toISOString() }),
          'Éditions A',
          'test',
        );
        assert.equal(await check(later.certPem), 'ERR_WS_CLIENT_CERT_EXPIRED');
      },
    );

    it('refuses a certificate registered for another kind of partner', async () => {
      const ent = pki.issueClient('ENT-1');
      await registry.addCertificate(record(ent, { partnerKind: 'ent', partnerId: 'ENT-1' }), 'ENT 1', 'test');
      assert.equal(await check(ent.certPem, 'distributor'), 'ERR_WS_CLIENT_CERT_UNKNOWN');
      assert.equal(await check(ent.certPem, 'ent'), 'ENT-1');
    });

    it('refuses an "issued" record whose certificate the partner CA did not sign, or with no partner CA', async () => {
      const foreign = pki.issueClient(distributor, { ca: 'unknown' });
      await registry.addCertificate(record(foreign, { origin: 'issued' }), 'Éditions A', 'test');
      assert.equal(await check(foreign.certPem), 'ERR_WS_CLIENT_CERT_UNKNOWN');
      const selfSigned = pki.issueClient(distributor, { ca: 'self' });
      await registry.addCertificate(record(selfSigned, { origin: 'issued' }), 'Éditions A', 'test');
      assert.equal(await check(selfSigned.certPem), 'ERR_WS_CLIENT_CERT_UNKNOWN');
      const issued = pki.issueClient(distributor);
      await registry.addCertificate(record(issued), 'Éditions A', 'test');
      assert.equal(await check(issued.certPem, 'distributor', null), 'ERR_WS_CLIENT_CERT_UNKNOWN');
      assert.equal(await check(issued.certPem), distributor);
    });

    it('refuses what is not a certificate (401) and nothing at all (401)', async () => {
      assert.equal(await check(Buffer.from('garbage')), 'ERR_WS_CLIENT_CERT_INVALID');
      assert.equal(await check(Buffer.alloc(0)), 'ERR_WS_CLIENT_CERT_MISSING');
      assert.equal(await check(undefined), 'ERR_WS_CLIENT_CERT_MISSING');
    });
  });
});
