import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateServerCertificate } from '../../../src/trust/index.js';
import { makeTestPki } from '../../support/test-pki.js';
import { thrownCode as code } from '../../support/thrown-code.js';

const now = new Date('2026-03-01T10:00:00Z');

function files(): { certFile: string; keyFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gar-server-cert-'));
  return { certFile: join(dir, 'pki', 'ws.crt'), keyFile: join(dir, 'pki', 'ws.key') };
}

describe('loadOrCreateServerCertificate', () => {
  it(
    'makes a self-signed server certificate for localhost, 127.0.0.1, ::1 and the given names '
      + 'when both files are missing',
    () => {
      const f = files();
      const made = loadOrCreateServerCertificate(f, { hostnames: ['ws.example.org', '192.0.2.7', 'localhost'], now });
      assert.equal(made.created, true);
      const cert = new X509Certificate(made.cert);
      assert.equal(
        cert.subjectAltName,
        'DNS:localhost, DNS:ws.example.org, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:192.0.2.7',
      );
      assert.equal(cert.subject, 'O=gar-broker\nCN=ws.example.org');
      assert.equal(cert.ca, false);
      assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
      assert.ok(cert.checkPrivateKey(createPrivateKey(made.key)));
      assert.equal(statSync(f.keyFile).mode & 0o777, 0o600);
    },
  );

  it('reuses the files when both exist', () => {
    const f = files();
    const first = loadOrCreateServerCertificate(f, { hostnames: [], now });
    const again = loadOrCreateServerCertificate(f, { hostnames: ['other.example.org'], now });
    assert.deepEqual([again.created, again.cert, again.key], [false, first.cert, first.key]);
  });

  it("uses the operator's own pair as it is", () => {
    const f = files();
    loadOrCreateServerCertificate(f, { hostnames: [], now });
    const own = makeTestPki(now).issueClient('own', { ca: 'self' });
    writeFileSync(f.certFile, own.certPem);
    writeFileSync(f.keyFile, own.keyPem);
    assert.deepEqual(loadOrCreateServerCertificate(f, { hostnames: [], now }), {
      cert: own.certPem,
      key: own.keyPem,
      created: false,
    });
  });

  it("refuses one file without the other, and a key that is not the certificate's", () => {
    const f = files();
    loadOrCreateServerCertificate(f, { hostnames: [], now });
    writeFileSync(f.keyFile, 'not a key');
    assert.equal(
      code(() => loadOrCreateServerCertificate(f, { hostnames: [], now })),
      'ERR_PKI_FILE_INVALID',
    );
    writeFileSync(f.keyFile, makeTestPki(now).issueClient('k', { ca: 'self' }).keyPem);
    assert.equal(
      code(() => loadOrCreateServerCertificate(f, { hostnames: [], now })),
      'ERR_PKI_KEY_MISMATCH',
    );
    rmSync(f.keyFile);
    assert.equal(
      code(() => loadOrCreateServerCertificate(f, { hostnames: [], now })),
      'ERR_PKI_PAIR_INCOMPLETE',
    );
  });
});
