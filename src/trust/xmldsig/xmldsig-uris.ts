/**
 * The XML-DSig algorithm identifiers the broker accepts, and nothing else (architecture: secure
 * defaults, SHA-256). SHA-1 is absent on purpose: collisions are practical (SHAttered, 2017).
 */
export type SignatureAlgorithmName = 'rsa-sha256' | 'rsa-sha512' | 'ecdsa-sha256';

export const xmldsigUris = {
  namespace: 'http://www.w3.org/2000/09/xmldsig#',
  signature: {
    'rsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    'rsa-sha512': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
    'ecdsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  } satisfies Record<SignatureAlgorithmName, string>,
  digest: {
    sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
    sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
  },
  envelopedSignature: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  /** Exclusive canonicalization *without* comments: see verify-enveloped-signature.ts on comments. */
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
} as const;

export const allSignatureAlgorithms: readonly SignatureAlgorithmName[] = ['rsa-sha256', 'rsa-sha512', 'ecdsa-sha256'];
