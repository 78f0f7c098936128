/**
 * The XML Encryption identifiers (xmlenc-core 1.0 and 1.1) an ENT may use for its assertion, and
 * nothing else. Absent on purpose: RSA PKCS#1 v1.5 key transport (Bleichenbacher; xmlenc-core1
 * §5.5.1 deprecates it) and Triple-DES content.
 */
export const xencUris = {
  namespace: 'http://www.w3.org/2001/04/xmlenc#',
  namespace11: 'http://www.w3.org/2009/xmlenc11#',
  /** EncryptedData Type: the plaintext is one element (xmlenc-core1 §3.5.1). */
  elementType: 'http://www.w3.org/2001/04/xmlenc#Element',
  content: {
    'aes-128-cbc': 'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
    'aes-256-cbc': 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
    'aes-128-gcm': 'http://www.w3.org/2009/xmlenc11#aes128-gcm',
    'aes-256-gcm': 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
  },
  keyTransport: {
    /** RSA-OAEP with MGF1-SHA-1; the OAEP digest is SHA-1 unless a DigestMethod says otherwise. */
    rsaOaepMgf1p: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
    /** xmlenc 1.1 RSA-OAEP: DigestMethod (default SHA-1) and MGF (default MGF1-SHA-1) are explicit. */
    rsaOaep: 'http://www.w3.org/2009/xmlenc11#rsa-oaep',
  },
  digest: {
    sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
    sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  },
  mgf: {
    sha1: 'http://www.w3.org/2009/xmlenc11#mgf1sha1',
    sha256: 'http://www.w3.org/2009/xmlenc11#mgf1sha256',
  },
} as const;

export type ContentAlgorithm = keyof typeof xencUris.content;
export type OaepHash = keyof typeof xencUris.digest;
