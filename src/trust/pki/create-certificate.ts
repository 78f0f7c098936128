/**
 * Makes X.509 v3 certificates (RFC 5280 §4.1) with node:crypto only: Node parses and verifies
 * certificates but cannot write them (docs/adr/0001-x509-certificates-without-a-library.md).
 * What it writes is read back by OpenSSL (X509Certificate, TLS, `openssl verify`) in the tests.
 */
import { X509Certificate, createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { fail } from '../../core/fail.js';
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  namedBits,
  nullValue,
  octetString,
  oid,
  readDerElements,
  sequence,
  set,
  time,
  utf8String,
} from './der.js';

export interface CertificateSubject {
  readonly commonName: string;
  readonly organizationName?: string;
  /** ETSI EN 319 412-1 organizationIdentifier, e.g. `SIREN-123456789`. */
  readonly organizationIdentifier?: string;
}

/** `saml-signing` / `saml-encryption`: the broker's own SAML keys, published in its metadata (no TLS purpose). */
export type CertificateUsage = 'ca' | 'client' | 'server' | 'saml-signing' | 'saml-encryption';

export interface CreateCertificateOptions {
  readonly subject: CertificateSubject;
  /** The signing CA; without it the certificate is self-signed with `privateKey`. */
  readonly issuer?: { readonly certificate: X509Certificate | string; readonly privateKey: KeyObject };
  readonly publicKey: KeyObject;
  /** The subject's own private key: needed only for a self-signed certificate. */
  readonly privateKey?: KeyObject;
  /**
   * Unsigned big-endian bytes; default 16 random bytes with the first bit cleared (RFC 5280 §4.1.2.2:
   * positive, ≤ 20 bytes).
   */
  readonly serialNumber?: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** basicConstraints cA; defaults to `usage === 'ca'`. */
  readonly ca?: boolean;
  readonly usage: CertificateUsage;
  readonly subjectAltNames?: { readonly dns?: readonly string[]; readonly ip?: readonly string[] };
}

export interface CreatedCertificate {
  readonly pem: string;
  readonly certificate: X509Certificate;
}

const oids = {
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  organizationIdentifier: '2.5.4.97',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** keyUsage bits (RFC 5280 §4.2.1.3): digitalSignature 0, keyEncipherment 2, keyCertSign 5, cRLSign 6. */
const keyUsageBits: Readonly<Record<CertificateUsage, readonly number[]>> = {
  ca: [5, 6],
  client: [0],
  server: [0, 2],
  'saml-signing': [0],
  'saml-encryption': [2],
};

export function createCertificate(options: CreateCertificateOptions): CreatedCertificate {
  if (!(options.notBefore.getTime() < options.notAfter.getTime())) throw inputError('notBefore is not before notAfter');
  const signer = options.issuer?.privateKey ?? options.privateKey;
  if (signer === undefined) throw inputError('a self-signed certificate needs the subject private key');
  const issuerCertificate = options.issuer === undefined ? undefined : asX509(options.issuer.certificate);
  const spki = options.publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = signatureAlgorithm(signer);
  const subject = encodeName(options.subject);
  const tbs = sequence(
    explicit(0, integer(2)), // v3
    integer(options.serialNumber ?? randomSerial()),
    algorithm,
    issuerCertificate === undefined ? subject : subjectOf(issuerCertificate),
    sequence(time(options.notBefore), time(options.notAfter)),
    subject,
    spki,
    explicit(3, sequence(...extensions(options, spki, issuerCertificate))),
  );
  const der = sequence(tbs, algorithm, bitString(sign('sha256', tbs, signer)));
  const pem =
    `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}`
    + '-----END CERTIFICATE-----\n';
  return { pem, certificate: new X509Certificate(der) };
}

function randomSerial(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] as number) & 0x7f;
  return bytes;
}

function asX509(certificate: X509Certificate | string): X509Certificate {
  if (certificate instanceof X509Certificate) return certificate;
  try {
    return new X509Certificate(certificate);
  } catch (error) {
    throw inputError(`issuer certificate does not parse: ${String(error)}`);
  }
}

/**
 * ECDSA P-256 signs with ecdsa-with-SHA256 (no parameters, RFC 5758 §3.2); RSA with
 * sha256WithRSAEncryption (NULL parameters, RFC 4055 §5).
 */
function signatureAlgorithm(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
    return sequence(oid(oids.ecdsaWithSha256));
  if (key.asymmetricKeyType === 'rsa') return sequence(oid(oids.sha256WithRsa), nullValue());
  throw inputError(
    `unsupported signing key ${key.asymmetricKeyType ?? 'unknown'} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`,
  );
}

function encodeName(subject: CertificateSubject): Buffer {
  const attribute = (type: string, value: string): Buffer => set(sequence(oid(type), utf8String(value)));
  return sequence(
    ...(subject.organizationName === undefined ? [] : [attribute(oids.organizationName, subject.organizationName)]),
    ...(subject.organizationIdentifier === undefined
      ? []
      : [attribute(oids.organizationIdentifier, subject.organizationIdentifier)]),
    attribute(oids.commonName, subject.commonName),
  );
}

/**
 * The issuer's subject exactly as the issuer certificate encodes it: chain building compares
 * names, and re-encoding a parsed name could change string types or order.
 */
function subjectOf(certificate: X509Certificate): Buffer {
  const [tbs] = readDerElements(certificate.raw).flatMap((c) => readDerElements(c.content));
  const fields = tbs === undefined ? [] : readDerElements(tbs.content);
  const afterVersion = fields[0]?.tag === 0xa0 ? fields.slice(1) : fields;
  const subject = afterVersion[4]; // serial, signature, issuer, validity, subject
  if (subject === undefined) throw inputError('issuer certificate has no subject');
  return subject.encoded;
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits; OpenSSL computes the same. */
function keyIdentifier(spki: Buffer): Buffer {
  const [info] = readDerElements(spki);
  const key = info === undefined ? undefined : readDerElements(info.content)[1];
  if (key === undefined) throw inputError('public key is not a SubjectPublicKeyInfo');
  return createHash('sha1').update(key.content.subarray(1)).digest();
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

function extensions(options: CreateCertificateOptions, spki: Buffer, issuer: X509Certificate | undefined): Buffer[] {
  const isCa = options.ca ?? options.usage === 'ca';
  const purposes = options.usage === 'client' ? [oids.clientAuth] : options.usage === 'server' ? [oids.serverAuth] : [];
  const names = generalNames(options.subjectAltNames);
  return [
    // cA FALSE is the DEFAULT, so DER leaves it out: an empty SEQUENCE.
    extension(oids.basicConstraints, true, sequence(...(isCa ? [boolean(true)] : []))),
    extension(oids.keyUsage, true, namedBits(keyUsageBits[options.usage])),
    ...(purposes.length === 0 ? [] : [extension(oids.extKeyUsage, false, sequence(...purposes.map(oid)))]),
    extension(oids.subjectKeyIdentifier, false, octetString(keyIdentifier(spki))),
    ...(issuer === undefined
      ? []
      : [
          extension(
            oids.authorityKeyIdentifier,
            false,
            sequence(implicit(0, keyIdentifier(issuer.publicKey.export({ type: 'spki', format: 'der' })))),
          ),
        ]),
    ...(names.length === 0 ? [] : [extension(oids.subjectAltName, false, sequence(...names))]),
  ];
}

/** GeneralName dNSName [2] IA5String and iPAddress [7] OCTET STRING (4 or 16 bytes), both IMPLICIT. */
function generalNames(names: CreateCertificateOptions['subjectAltNames']): Buffer[] {
  const dns = (names?.dns ?? []).map((name) => {
    if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(name))
      throw inputError(`bad DNS name ${name}`);
    return implicit(2, Buffer.from(name, 'ascii'));
  });
  return [...dns, ...(names?.ip ?? []).map((address) => implicit(7, ipBytes(address)))];
}

function ipBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number));
  if (isIP(address) !== 6 || address.includes('.')) throw inputError(`bad IP address ${address}`);
  const [head = '', tail] = address.split('::');
  const groups = (part: string | undefined): string[] => (part ? part.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const all =
    tail === undefined ? groups(head) : [...groups(head), ...Array<string>(missing).fill('0'), ...groups(tail)];
  return Buffer.from(all.map((g) => g.padStart(4, '0')).join(''), 'hex');
}

function inputError(detail: string): Error {
  return fail('ERR_PKI_CERTIFICATE_INPUT', 'Certificat impossible à produire.', detail);
}
