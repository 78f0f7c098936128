/**
 * Certificates written by createCertificate, read back by OpenSSL through node:crypto and, when
 * the binary is installed, by `openssl verify` itself: a second reader than the one that wrote them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate, createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificate, type CreateCertificateOptions } from '../../../src/trust/index.js';
import { makeTestPki } from '../../support/test-pki.js';
import { thrownCode as code } from '../../support/thrown-code.js';
import { skipWithoutTool } from '../../support/skip-without-tool.js';

const day = 86_400_000;
const now = new Date();
const ec = (): { publicKey: KeyObject; privateKey: KeyObject } => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The DER of each extension as RFC 5280 spells it, to find in the certificate bytes. */
const extensionDer = {
  caBasicConstraints: '0603551d130101ff040530030101ff',
  endEntityBasicConstraints: '0603551d130101ff04023000',
  caKeyUsage: '0603551d0f0101ff040403020106',
  clientKeyUsage: '0603551d0f0101ff040403020780',
  serverKeyUsage: '0603551d0f0101ff0404030205a0',
  clientAuth: '0603551d25040c300a06082b06010505070302',
  serverAuth: '0603551d25040c300a06082b06010505070301',
  ecdsaWithSha256: '06082a8648ce3d040302',
  sha256WithRsa: '06092a864886f70d01010b0500',
};
const has = (raw: Buffer, hexBytes: string): boolean => raw.includes(Buffer.from(hexBytes, 'hex'));

describe('createCertificate', () => {
  const pki = makeTestPki(now);
  const ca = pki.partnerCa;

  it('makes a self-signed CA: subject = issuer, cA true, keyCertSign + cRLSign, verifies with its own key', () => {
    const c = ca.certificate;
    assert.equal(c.subject, 'O=gar-broker tests\nCN=test partner CA');
    assert.equal(c.issuer, c.subject);
    assert.equal(c.ca, true);
    assert.ok(c.verify(c.publicKey));
    assert.ok(has(c.raw, extensionDer.caBasicConstraints) && has(c.raw, extensionDer.caKeyUsage));
  });

  it('issues a client certificate that chains to its CA, with clientAuth and digitalSignature only', () => {
    const client = createCertificate({
      subject: {
        commonName: '123456789_0000000000000001',
        organizationName: 'Éditions Exemple',
        organizationIdentifier: 'SIREN-123456789',
      },
      issuer: { certificate: ca.certificatePem, privateKey: ca.privateKey },
      publicKey: ec().publicKey,
      notBefore: new Date('2030-01-01T00:00:00Z'),
      notAfter: new Date('2031-01-01T00:00:00Z'),
      usage: 'client',
    }).certificate;
    assert.equal(
      client.subject,
      'O=Éditions Exemple\norganizationIdentifier=SIREN-123456789\nCN=123456789_0000000000000001',
    );
    assert.equal(client.issuer, ca.certificate.subject);
    assert.deepEqual([client.validFrom, client.validTo], ['Jan  1 00:00:00 2030 GMT', 'Jan  1 00:00:00 2031 GMT']);
    assert.equal(client.ca, false);
    assert.deepEqual(client.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.ok(client.checkIssued(ca.certificate) && client.verify(ca.certificate.publicKey));
    assert.ok(!client.verify(pki.unknownCa.certificate.publicKey));
    for (const ext of ['endEntityBasicConstraints', 'clientKeyUsage', 'clientAuth', 'ecdsaWithSha256'] as const)
      assert.ok(has(client.raw, extensionDer[ext]), ext);
  });

  it(
    'links an issued certificate to its CA: '
      + "authorityKeyIdentifier = the CA's subjectKeyIdentifier = SHA-1 of its key bits",
    () => {
      // A P-256 SubjectPublicKeyInfo ends with the 65-byte uncompressed point: the BIT STRING's bits.
      const caKeyId = createHash('sha1')
        .update(ca.certificate.publicKey.export({ type: 'spki', format: 'der' }).subarray(-65))
        .digest('hex');
      const client = pki.issueClient('aki');
      assert.ok(has(ca.certificate.raw, `0603551d0e04160414${caKeyId}`), 'CA subjectKeyIdentifier');
      assert.ok(
        has(new X509Certificate(client.certPem).raw, `0603551d23041830168014${caKeyId}`),
        'client authorityKeyIdentifier',
      );
    },
  );

  it("puts DNS names and IPv4/IPv6 addresses in a server certificate's subjectAltName", () => {
    const keys = ec();
    const server = createCertificate({
      subject: { commonName: 'ws.example.org' },
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
      usage: 'server',
      notBefore: now,
      notAfter: new Date(now.getTime() + day),
      subjectAltNames: { dns: ['localhost', 'ws.example.org'], ip: ['127.0.0.1', '::1', 'fe80::a:0:1'] },
    }).certificate;
    assert.equal(
      server.subjectAltName,
      'DNS:localhost, DNS:ws.example.org, IP Address:127.0.0.1, '
        + 'IP Address:0:0:0:0:0:0:0:1, IP Address:FE80:0:0:0:0:A:0:1',
    );
    assert.deepEqual(server.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.ok(has(server.raw, extensionDer.serverKeyUsage) && has(server.raw, extensionDer.serverAuth));
    assert.ok(server.checkHost('ws.example.org') && server.checkIP('::1') && !server.checkHost('other.example.org'));
  });

  it('signs with RSA (sha256WithRSAEncryption) and certifies an RSA key', () => {
    const selfSigned = createCertificate({
      subject: { commonName: 'rsa' },
      publicKey: rsa.publicKey,
      privateKey: rsa.privateKey,
      usage: 'client',
      notBefore: now,
      notAfter: new Date(now.getTime() + day),
    }).certificate;
    assert.ok(selfSigned.verify(rsa.publicKey) && has(selfSigned.raw, extensionDer.sha256WithRsa));
    const rsaCa = createCertificate({
      subject: { commonName: 'rsa ca' },
      publicKey: rsa.publicKey,
      privateKey: rsa.privateKey,
      usage: 'ca',
      notBefore: now,
      notAfter: new Date(now.getTime() + day),
    }).certificate;
    const leaf = createCertificate({
      subject: { commonName: 'leaf' },
      issuer: { certificate: rsaCa, privateKey: rsa.privateKey },
      publicKey: ec().publicKey,
      usage: 'client',
      notBefore: now,
      notAfter: new Date(now.getTime() + day),
    }).certificate;
    assert.ok(leaf.checkIssued(rsaCa) && leaf.verify(rsa.publicKey));
  });

  it('writes GeneralizedTime from 2050 on and UTCTime before', () => {
    const keys = ec();
    const c = createCertificate({
      subject: { commonName: 'long' },
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
      usage: 'client',
      notBefore: new Date('2049-12-31T23:59:59Z'),
      notAfter: new Date('2050-01-01T00:00:00Z'),
    });
    assert.deepEqual(
      [c.certificate.validFrom, c.certificate.validTo],
      ['Dec 31 23:59:59 2049 GMT', 'Jan  1 00:00:00 2050 GMT'],
    );
    assert.ok(
      has(
        c.certificate.raw,
        `170d${Buffer.from('491231235959Z').toString('hex')}180f${Buffer.from('20500101000000Z').toString('hex')}`,
      ),
    );
  });

  it('uses the given serial, or 16 random bytes read as a positive number', () => {
    const keys = ec();
    const base = {
      subject: { commonName: 's' },
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
      usage: 'client' as const,
      notBefore: now,
      notAfter: new Date(now.getTime() + day),
    };
    assert.equal(
      createCertificate({ ...base, serialNumber: Buffer.from([0x01, 0xff]) }).certificate.serialNumber,
      '01FF',
    );
    const serials = Array.from({ length: 8 }, () => createCertificate(base).certificate.serialNumber);
    assert.equal(new Set(serials).size, serials.length);
    for (const s of serials) assert.ok(s.length <= 32 && parseInt(s.slice(0, 2), 16) < 0x80, s);
  });

  it('returns PEM that parses to the same certificate', () => {
    const keys = ec();
    const made = createCertificate({
      subject: { commonName: 'pem' },
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
      usage: 'client',
      notBefore: now,
      notAfter: new Date(now.getTime() + day),
    });
    assert.match(made.pem, /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
    assert.equal(new X509Certificate(made.pem).fingerprint256, made.certificate.fingerprint256);
  });

  it('refuses inconsistent requests with ERR_PKI_CERTIFICATE_INPUT', () => {
    const keys = ec();
    const ed = generateKeyPairSync('ed25519');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const base: CreateCertificateOptions = {
      subject: { commonName: 'x' },
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
      usage: 'server',
      notBefore: now,
      notAfter: new Date(now.getTime() + day),
    };
    const bad: ReadonlyArray<readonly [string, CreateCertificateOptions]> = [
      ['empty validity', { ...base, notAfter: now }],
      ['self-signed without a private key', { ...base, privateKey: undefined }],
      ['Ed25519 signer', { ...base, privateKey: ed.privateKey }],
      ['P-384 signer', { ...base, privateKey: p384.privateKey }],
      ['bad DNS name', { ...base, subjectAltNames: { dns: ['bad name'] } }],
      ['bad IP address', { ...base, subjectAltNames: { ip: ['300.1.1.1'] } }],
      ['IPv4-mapped IPv6 (not supported)', { ...base, subjectAltNames: { ip: ['::ffff:1.2.3.4'] } }],
      [
        'issuer that is not a certificate',
        { ...base, issuer: { certificate: 'not a pem', privateKey: keys.privateKey } },
      ],
    ];
    for (const [name, options] of bad)
      assert.equal(
        code(() => createCertificate(options)),
        'ERR_PKI_CERTIFICATE_INPUT',
        name,
      );
  });

  describe('openssl verify agrees', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gar-openssl-'));
    const file = (name: string, pem: string): string => {
      const path = join(dir, name);
      writeFileSync(path, pem);
      return path;
    };
    const verify = (caPem: string, leafPem: string, purpose: string): { ok: boolean; output: string } => {
      const result = spawnSync(
        'openssl',
        ['verify', '-purpose', purpose, '-CAfile', file('ca.pem', caPem), file('leaf.pem', leafPem)],
        { encoding: 'utf8' },
      );
      return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
    };
    before(function () {
      skipWithoutTool(this, 'openssl');
    });

    it('accepts an issued client certificate and a self-signed server certificate', () => {
      const client = pki.issueClient('123456789_0000000000000001');
      assert.equal(verify(ca.certificatePem, client.certPem, 'sslclient').ok, true);
      const server = pki.serverCert().cert;
      assert.equal(verify(server, server, 'sslserver').ok, true);
    });

    it('accepts an RSA self-signed client certificate as its own anchor', () => {
      const client = pki.issueClient('rsa', { ca: 'self', keyType: 'rsa' });
      assert.equal(verify(client.certPem, client.certPem, 'sslclient').ok, true);
    });

    it('refuses an expired certificate and one from another CA', () => {
      const expired = pki.issueClient('old', {
        notBefore: new Date(now.getTime() - 10 * day),
        notAfter: new Date(now.getTime() - day),
      });
      assert.match(verify(ca.certificatePem, expired.certPem, 'sslclient').output, /expired/);
      const foreign = pki.issueClient('foreign', { ca: 'unknown' });
      assert.equal(verify(ca.certificatePem, foreign.certPem, 'sslclient').ok, false);
    });
  });
});
