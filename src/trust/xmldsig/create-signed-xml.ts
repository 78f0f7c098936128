/**
 * The one place that builds xml-crypto's SignedXml, for signing and for verifying, with only the
 * algorithms the broker accepts registered: even if a check upstream missed an algorithm,
 * xml-crypto cannot run one we did not list (SHA-1, HMAC key confusion, inclusive or
 * with-comments canonicalization). KeyInfo is never read: the key comes from the caller.
 */
import { KeyObject, sign, verify } from 'node:crypto';
import { SignedXml, ExclusiveCanonicalization, type SignatureAlgorithm } from 'xml-crypto';
import { xmldsigUris, type SignatureAlgorithmName } from './xmldsig-uris.js';
import { definedFields } from '../../core/defined-fields.js';

/**
 * ECDSA for XML-DSig (RFC 4051 §3.3 / XML-DSig 1.1 §6.4.3): SignatureValue is r‖s (IEEE P1363),
 * not the DER sequence node:crypto produces by default. xml-crypto 6 has no ECDSA of its own.
 */
class EcdsaSha256 implements SignatureAlgorithm {
  getSignature(signedInfo: string | Buffer, privateKey: KeyObject | string | Buffer): string {
    return sign('sha256', Buffer.from(signedInfo), { key: keyObject(privateKey), dsaEncoding: 'ieee-p1363' }).toString(
      'base64',
    );
  }

  verifySignature(material: string, key: KeyObject | string | Buffer, signatureValue: string): boolean {
    return verify(
      'sha256',
      Buffer.from(material),
      { key: keyObject(key), dsaEncoding: 'ieee-p1363' },
      Buffer.from(signatureValue, 'base64'),
    );
  }

  getAlgorithmName(): string {
    return xmldsigUris.signature['ecdsa-sha256'];
  }
}

/** The broker parses keys once (PEM on each call is 3–6× slower), so only KeyObjects come here. */
function keyObject(key: KeyObject | string | Buffer): KeyObject {
  if (!(key instanceof KeyObject)) throw new TypeError('ECDSA keys must be KeyObjects');
  return key;
}

export interface SignedXmlSetup {
  /** Verifying: the one trusted key this attempt uses. Signing: omitted. */
  readonly publicKey?: KeyObject;
  readonly privateKey?: KeyObject;
  readonly signatureAlgorithm: SignatureAlgorithmName;
  /** Signing only: the PEM certificate written into KeyInfo (for the relying party's tooling). */
  readonly certificate?: string;
}

/** A SignedXml restricted to the broker's algorithms; `publicKey` is the only verification key. */
export function createSignedXml(setup: SignedXmlSetup): SignedXml {
  const signed = new SignedXml({
    // The certificate, when given, is the verification key rather than the bare public key.
    ...definedFields({ publicCert: setup.certificate ?? setup.publicKey, privateKey: setup.privateKey }),
    signatureAlgorithm: xmldsigUris.signature[setup.signatureAlgorithm],
    canonicalizationAlgorithm: xmldsigUris.excC14n,
    // xml-crypto prefers a certificate found in KeyInfo over publicCert: an attacker would just
    // put their own there. Returning null makes the trusted key the only one ever used.
    getCertFromKeyInfo: () => null,
  });
  const rsa = signed.SignatureAlgorithms;
  signed.SignatureAlgorithms = {
    [xmldsigUris.signature['rsa-sha256']]: rsa[xmldsigUris.signature['rsa-sha256']]!,
    [xmldsigUris.signature['rsa-sha512']]: rsa[xmldsigUris.signature['rsa-sha512']]!,
    [xmldsigUris.signature['ecdsa-sha256']]: EcdsaSha256,
  };
  const hashes = signed.HashAlgorithms;
  signed.HashAlgorithms = {
    [xmldsigUris.digest.sha256]: hashes[xmldsigUris.digest.sha256]!,
    [xmldsigUris.digest.sha512]: hashes[xmldsigUris.digest.sha512]!,
  };
  signed.CanonicalizationAlgorithms = {
    [xmldsigUris.envelopedSignature]: signed.CanonicalizationAlgorithms[xmldsigUris.envelopedSignature]!,
    [xmldsigUris.excC14n]: ExclusiveCanonicalization,
  };
  return signed;
}
