/**
 * Real certificates made during the test run (P-256, so fast): the broker's partner CA, a CA the
 * broker does not know, client certificates from either or self-signed, and a server certificate.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  certificateFingerprint,
  createCertificate,
  loadOrCreateServerCertificate,
  type PartnerCa,
} from '../../src/trust/index.js';

export interface TestClientCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly fingerprint: string;
}

export interface IssueClientOptions {
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Who signs: the broker's partner CA (default), a CA the broker does not know, or the key itself. */
  readonly ca?: 'partner' | 'unknown' | 'self';
  readonly keyType?: 'ec' | 'rsa';
}

export interface TestPki {
  readonly partnerCa: PartnerCa;
  readonly unknownCa: PartnerCa;
  issueClient(partnerId: string, options?: IssueClientOptions): TestClientCertificate;
  serverCert(): { readonly cert: string; readonly key: string };
}

const day = 86_400_000;

function keyPair(type: 'ec' | 'rsa'): { publicKey: KeyObject; privateKey: KeyObject } {
  return type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

function makeCa(commonName: string, now: Date): PartnerCa {
  const keys = keyPair('ec');
  const { pem, certificate } = createCertificate({
    subject: { commonName, organizationName: 'gar-broker tests' },
    publicKey: keys.publicKey,
    privateKey: keys.privateKey,
    notBefore: new Date(now.getTime() - day),
    notAfter: new Date(now.getTime() + 3650 * day),
    usage: 'ca',
  });
  return { certificate, privateKey: keys.privateKey, certificatePem: pem };
}

export function makeTestPki(now: Date = new Date()): TestPki {
  const partnerCa = makeCa('test partner CA', now);
  const unknownCa = makeCa('test unknown CA', now);
  let server: { cert: string; key: string } | undefined;
  return {
    partnerCa,
    unknownCa,
    issueClient(partnerId, options = {}) {
      const keys = keyPair(options.keyType ?? 'ec');
      const signer = options.ca === 'self' ? undefined : options.ca === 'unknown' ? unknownCa : partnerCa;
      const { pem, certificate } = createCertificate({
        subject: { commonName: partnerId, organizationName: `Partner ${partnerId}` },
        ...(signer === undefined
          ? { privateKey: keys.privateKey }
          : { issuer: { certificate: signer.certificate, privateKey: signer.privateKey } }),
        publicKey: keys.publicKey,
        usage: 'client',
        notBefore: options.notBefore ?? new Date(now.getTime() - day),
        notAfter: options.notAfter ?? new Date(now.getTime() + 30 * day),
      });
      return {
        certPem: pem,
        keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        fingerprint: certificateFingerprint(certificate),
      };
    },
    serverCert() {
      if (server === undefined) {
        const dir = mkdtempSync(join(tmpdir(), 'gar-test-pki-'));
        server = loadOrCreateServerCertificate(
          { certFile: join(dir, 'server.crt'), keyFile: join(dir, 'server.key') },
          { hostnames: [], now },
        );
      }
      return server;
    },
  };
}
