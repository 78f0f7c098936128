/**
 * The one interface the rest of the broker signs and verifies XML through. Today it is backed by
 * xml-crypto over xmldom; a faster implementation (libxml2/xmlsec in WebAssembly, say) can replace
 * it by providing the same two functions and passing the same test corpus
 * (test/trust/xmldsig/verify-enveloped-signature.test.ts).
 */
import { signEnveloped, type SignEnvelopedOptions } from './sign-enveloped.js';
import {
  parseSignedXml,
  verifyEnvelopedSignature,
  verifyEnvelopedSignatureIn,
  type VerifiedElement,
  type VerifyEnvelopedOptions,
} from './verify-enveloped-signature.js';

export interface EnvelopedSignatures {
  /** Verifies the element's one enveloped signature; returns only the signed canonical bytes. */
  verify(xml: string, options: VerifyEnvelopedOptions): VerifiedElement;
  /** Parses a message once (line ends normalised, DOCTYPE-free, bounded) for verifyIn and other reads. */
  parse(xml: string, maxBytes?: number): Document;
  /** verify on a document from `parse`, left unchanged; `options.maxBytes` is then parse's business. */
  verifyIn(doc: Document, options: VerifyEnvelopedOptions): VerifiedElement;
  /** Signs the element of a message the broker built; returns the signed document. */
  sign(xml: string, options: SignEnvelopedOptions): string;
}

export const envelopedSignatures: EnvelopedSignatures = {
  verify: verifyEnvelopedSignature,
  parse: parseSignedXml,
  verifyIn: verifyEnvelopedSignatureIn,
  sign: signEnveloped,
};
