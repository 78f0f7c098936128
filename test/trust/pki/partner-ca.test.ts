import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateFingerprint, issuePartnerCertificate, loadOrCreatePartnerCa } from '../../../src/trust/index.js';
import { makeTestPki } from '../../support/test-pki.js';
import { thrownCode as code } from '../../support/thrown-code.js';

const day = 86_400_000;
const now = new Date('2026-03-01T10:00:00Z');

function files(): { certFile: string; keyFile: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'gar-partner-ca-')), 'pki', 'nested');
  return { certFile: join(dir, 'partner-ca.crt'), keyFile: join(dir, 'partner-ca.key') };
}

describe('partner CA', () => {
  it('is made on first use: folders created, key readable by the owner only, a CA for 10 years', () => {
    const f = files();
    const ca = loadOrCreatePartnerCa(f, now);
    assert.equal(statSync(f.keyFile).mode & 0o777, 0o600);
    assert.ok(existsSync(f.certFile));
    assert.equal(ca.certificate.ca, true);
    assert.equal(ca.certificate.subject, ca.certificate.issuer);
    assert.deepEqual(
      [ca.certificate.validFrom, ca.certificate.validTo],
      ['Mar  1 10:00:00 2026 GMT', 'Mar  1 10:00:00 2036 GMT'],
    );
    assert.ok(ca.certificate.checkPrivateKey(ca.privateKey));
  });

  it('is read back, unchanged, on later uses', () => {
    const f = files();
    const first = loadOrCreatePartnerCa(f, now);
    const again = loadOrCreatePartnerCa(f, new Date(now.getTime() + day));
    assert.equal(certificateFingerprint(again.certificate), certificateFingerprint(first.certificate));
    assert.equal(again.certificatePem, readFileSync(f.certFile, 'utf8'));
  });

  it("refuses a key that is not the certificate's, a half-present pair, unreadable files, a non-CA certificate", () => {
    const mismatch = files();
    loadOrCreatePartnerCa(mismatch, now);
    writeFileSync(
      mismatch.keyFile,
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    assert.equal(
      code(() => loadOrCreatePartnerCa(mismatch, now)),
      'ERR_PKI_KEY_MISMATCH',
    );

    const half = files();
    loadOrCreatePartnerCa(half, now);
    writeFileSync(half.certFile, '');
    const onlyKey = { certFile: `${half.certFile}.missing`, keyFile: half.keyFile };
    assert.equal(
      code(() => loadOrCreatePartnerCa(onlyKey, now)),
      'ERR_PKI_PAIR_INCOMPLETE',
    );
    assert.equal(
      code(() => loadOrCreatePartnerCa({ certFile: half.certFile, keyFile: `${half.keyFile}.missing` }, now)),
      'ERR_PKI_PAIR_INCOMPLETE',
    );
    assert.equal(
      code(() => loadOrCreatePartnerCa(half, now)),
      'ERR_PKI_FILE_INVALID',
    );

    const notCa = files();
    loadOrCreatePartnerCa(notCa, now);
    const leaf = makeTestPki(now).issueClient('x', { ca: 'self' });
    writeFileSync(notCa.certFile, leaf.certPem);
    writeFileSync(notCa.keyFile, leaf.keyPem);
    assert.equal(
      code(() => loadOrCreatePartnerCa(notCa, now)),
      'ERR_PKI_FILE_INVALID',
    );
  });

  it('issues a partner certificate: new key, CN = partner id, O = partner name, chained to the CA', () => {
    const ca = loadOrCreatePartnerCa(files(), now);
    const issued = issuePartnerCertificate(ca, {
      partnerId: '123456789_0000000000000001',
      partnerName: 'Éditions Exemple',
      days: 30,
      now,
    });
    const cert = new X509Certificate(issued.certificatePem);
    assert.equal(cert.subject, 'O=Éditions Exemple\nCN=123456789_0000000000000001');
    assert.ok(cert.checkIssued(ca.certificate) && cert.verify(ca.certificate.publicKey));
    assert.ok(cert.checkPrivateKey(createPrivateKey(issued.privateKeyPem)));
    assert.ok(!cert.checkPrivateKey(ca.privateKey));
    assert.equal(issued.fingerprint, certificateFingerprint(cert));
    assert.deepEqual([cert.validFrom, cert.validTo], ['Mar  1 10:00:00 2026 GMT', 'Mar 31 10:00:00 2026 GMT']);
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);
  });

  it("never issues past the CA's own end", () => {
    const ca = loadOrCreatePartnerCa(files(), now);
    const issued = issuePartnerCertificate(ca, { partnerId: 'p', partnerName: 'P', days: 20 * 365, now });
    assert.equal(new X509Certificate(issued.certificatePem).validTo, ca.certificate.validTo);
  });
});
