/**
 * Test-only XML Encryption (xmlenc-core1) of a Response's assertion, as an ENT does it: AES-256-GCM
 * content (12-byte IV first, 16-byte tag last), the content key wrapped with RSA-OAEP-MGF1P
 * (SHA-1), the EncryptedKey inside EncryptedData's KeyInfo. Written from the specification with
 * node:crypto; the broker only decrypts.
 */
import { constants, createCipheriv, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';

const assertionPattern = /<saml:Assertion\b[\s\S]*<\/saml:Assertion>/;

/** `xml` with its one saml:Assertion replaced by a saml:EncryptedAssertion of it, for `recipient`. */
export function encryptAssertionElement(xml: string, recipient: KeyObject): string {
  const found = assertionPattern.exec(xml);
  if (found === null) throw new Error('no saml:Assertion to encrypt');
  // The fragment must stand alone once decrypted: declare the prefix it uses (exclusive c14n,
  // which the signature covers, writes this declaration anyway).
  const plaintext = found[0].replace(
    '<saml:Assertion ',
    '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ',
  );
  const contentKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', contentKey, iv);
  const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const wrapped = publicEncrypt(
    { key: recipient, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    contentKey,
  );
  const encrypted =
    '<saml:EncryptedAssertion>'
    + '<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"'
    + ' xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Type="http://www.w3.org/2001/04/xmlenc#Element">'
    + '<xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/>'
    + '<ds:KeyInfo><xenc:EncryptedKey>'
    + '<xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p">'
    + '<ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/></xenc:EncryptionMethod>'
    + `<xenc:CipherData><xenc:CipherValue>${wrapped.toString('base64')}</xenc:CipherValue></xenc:CipherData>`
    + '</xenc:EncryptedKey></ds:KeyInfo>'
    + `<xenc:CipherData><xenc:CipherValue>${body.toString('base64')}</xenc:CipherValue></xenc:CipherData>`
    + '</xenc:EncryptedData></saml:EncryptedAssertion>';
  return xml.slice(0, found.index) + encrypted + xml.slice(found.index + found[0].length);
}
