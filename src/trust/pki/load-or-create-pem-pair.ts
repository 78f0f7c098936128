import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fail } from '../../core/fail.js';

export interface PemPairFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface PemPair {
  readonly certPem: string;
  readonly keyPem: string;
  readonly certificate: X509Certificate;
  readonly privateKey: KeyObject;
  readonly created: boolean;
}

/**
 * A certificate and its key kept as two PEM files: both present → read and checked to belong
 * together; both missing → made by `make` and written (the key readable by the owner only);
 * one missing → refused, since making a new pair would silently replace the half that exists.
 */
export function loadOrCreatePemPair(
  files: PemPairFiles,
  make: () => { readonly certPem: string; readonly keyPem: string },
): PemPair {
  const present = [existsSync(files.certFile), existsSync(files.keyFile)];
  if (present[0] !== present[1]) {
    throw fail(
      'ERR_PKI_PAIR_INCOMPLETE',
      'Certificat ou clé privée manquant : les deux fichiers doivent exister, ou aucun.',
      `${files.certFile} exists: ${present[0]}, ${files.keyFile} exists: ${present[1]}`,
    );
  }
  if (!present[0]) {
    const made = make();
    for (const file of [files.certFile, files.keyFile]) mkdirSync(dirname(file), { recursive: true });
    // `wx` creates the file with mode 0600 from the start: the key is never readable by others, even briefly.
    writeFileSync(files.keyFile, made.keyPem, { mode: 0o600, flag: 'wx' });
    writeFileSync(files.certFile, made.certPem, { flag: 'wx' });
    return { ...parsePair(made.certPem, made.keyPem, files), created: true };
  }
  return { ...parsePair(read(files.certFile), read(files.keyFile), files), created: false };
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw fail('ERR_PKI_FILE_INVALID', 'Fichier de certificat ou de clé illisible.', `${file}: ${String(error)}`);
  }
}

function parsePair(certPem: string, keyPem: string, files: PemPairFiles): Omit<PemPair, 'created'> {
  let certificate: X509Certificate;
  let privateKey: KeyObject;
  try {
    certificate = new X509Certificate(certPem);
    privateKey = createPrivateKey(keyPem);
  } catch (error) {
    throw fail(
      'ERR_PKI_FILE_INVALID',
      'Fichier de certificat ou de clé illisible.',
      `${files.certFile} / ${files.keyFile}: ${String(error)}`,
    );
  }
  // A key that is not the certificate's would make every TLS handshake or signature fail later,
  // far from the cause: refuse it where the files are named.
  if (!certificate.checkPrivateKey(privateKey)) {
    throw fail(
      'ERR_PKI_KEY_MISMATCH',
      'Le certificat et la clé privée ne correspondent pas.',
      `${files.certFile} / ${files.keyFile}`,
    );
  }
  return { certPem, keyPem, certificate, privateKey };
}
