import assert from 'node:assert/strict';
import { certificateFingerprint, describeCertificate, normaliseFingerprint } from '../../../src/trust/index.js';
import { makeTestPki } from '../../support/test-pki.js';
import { thrownCode as code } from '../../support/thrown-code.js';

const hex = 'ab'.repeat(32);

describe('certificate fingerprints', () => {
  it("are the SHA-256 of the DER, lowercase hex without colons (the same as OpenSSL's, reformatted)", () => {
    const { certificate } = makeTestPki().partnerCa;
    const fingerprint = certificateFingerprint(certificate);
    assert.match(fingerprint, /^[0-9a-f]{64}$/);
    assert.equal(fingerprint, certificate.fingerprint256.replaceAll(':', '').toLowerCase());
  });

  const accepted: ReadonlyArray<readonly [string, string]> = [
    ['lowercase hex', hex],
    ['uppercase hex', hex.toUpperCase()],
    ['OpenSSL colons', Array.from({ length: 32 }, () => 'AB').join(':')],
    ['mixed case with surrounding spaces', `  ${'aB'.repeat(32)}\n`],
  ];
  for (const [name, text] of accepted)
    it(`normalise accepts ${name}`, () => assert.equal(normaliseFingerprint(text), hex));

  const refused: ReadonlyArray<readonly [string, string]> = [
    ['empty', ''],
    ['too short', 'ab'.repeat(31)],
    ['too long', 'ab'.repeat(33)],
    ['SHA-1 with colons', Array.from({ length: 20 }, () => 'AB').join(':')],
    ['not hex', 'zz'.repeat(32)],
    ['colons between groups of four', Array.from({ length: 16 }, () => 'ABAB').join(':')],
    ['one stray colon', `${hex.slice(0, 10)}:${hex.slice(10)}`],
  ];
  for (const [name, text] of refused)
    it(`normalise refuses ${name}`, () =>
      assert.equal(
        code(() => normaliseFingerprint(text)),
        'ERR_PKI_FINGERPRINT_INVALID',
      ));

  it('describeCertificate reads PEM and DER alike, and refuses what is not a certificate', () => {
    const { certificate, certificatePem } = makeTestPki().partnerCa;
    const fromPem = describeCertificate(certificatePem);
    assert.deepEqual(describeCertificate(certificate.raw), fromPem);
    assert.equal(fromPem.subject, 'O=gar-broker tests, CN=test partner CA');
    assert.equal(fromPem.serial, certificate.serialNumber.toUpperCase());
    assert.equal(
      code(() => describeCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')),
      'ERR_PKI_CERTIFICATE_INVALID',
    );
    assert.equal(
      code(() => describeCertificate(Buffer.from('not a certificate'))),
      'ERR_PKI_CERTIFICATE_INVALID',
    );
  });
});
