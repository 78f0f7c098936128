import { generateKeyPairSync } from 'node:crypto';
import { isIP } from 'node:net';
import { createCertificate } from './create-certificate.js';
import { loadOrCreatePemPair, type PemPairFiles } from './load-or-create-pem-pair.js';

export interface ServerCertificate {
  readonly cert: string;
  readonly key: string;
  /** True when the files did not exist and a self-signed certificate was just made. */
  readonly created: boolean;
}

/** Long enough for a demo or a test bed, short enough that a forgotten one does not live on. */
const selfSignedDays = 365;

/**
 * The web-service listener's certificate: the operator's files when present; when both are
 * missing, a self-signed one for localhost, 127.0.0.1, ::1 and the given host names (demos and
 * tests: the caller logs a warning). One file without the other is refused.
 */
export function loadOrCreateServerCertificate(
  files: PemPairFiles,
  options: { readonly hostnames: readonly string[]; readonly now: Date },
): ServerCertificate {
  const pair = loadOrCreatePemPair(files, () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const names = [...new Set(['localhost', '127.0.0.1', '::1', ...options.hostnames])];
    const { pem } = createCertificate({
      subject: { commonName: options.hostnames[0] ?? 'localhost', organizationName: 'gar-broker' },
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
      usage: 'server',
      notBefore: options.now,
      notAfter: new Date(options.now.getTime() + selfSignedDays * 86_400_000),
      subjectAltNames: { dns: names.filter((n) => isIP(n) === 0), ip: names.filter((n) => isIP(n) !== 0) },
    });
    return { certPem: pem, keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  });
  return { cert: pair.certPem, key: pair.keyPem, created: pair.created };
}
