/**
 * The signature step of an ENT's Response: which signatures are required (`requiredSignature`),
 * which are present, and what may be read afterwards. Rules:
 * - every signature present is verified, with the keys of the IdP's metadata only (never KeyInfo);
 *   a required one that is missing is ERR_SAML_RESPONSE_UNSIGNED, never "fine, unsigned";
 * - after verification only the signed canonical bytes are read (re-parsed): the Response from its
 *   signed bytes when it is signed, the assertion from its own signed bytes, or from the signed
 *   Response's when only the Response is signed;
 * - an EncryptedAssertion is decrypted, then its plaintext validated and verified like a message
 *   of its own. A signed Response covers the ciphertext, so it is checked first and no altered
 *   ciphertext is ever decrypted; when the Response is unsigned, every failure past decryption
 *   shares one code (a refusal must not tell an attacker whether their ciphertext decrypted to
 *   well-formed XML: Jager & Somorovsky, "How to break XML encryption", 2011).
 */
import type { KeyObject } from 'node:crypto';
import { isBrokerError } from '../../core/broker-error.js';
import { fail } from '../../core/fail.js';
import { envelopedSignatures } from '../xmldsig/enveloped-signatures.js';
import { parseXmlSafely } from '../xmldsig/parse-xml-safely.js';
import { decryptAssertion } from './decrypt-assertion.js';
import { soleAssertionSlot } from './locate-response-parts.js';
import type { IdpResponseExpectations, RequiredResponseSignature } from './saml-protocol.js';
import type { SamlSchemaValidator } from './saml-schema-validator.js';
import { samlUris } from './xml-text.js';

const xmldsigNs = 'http://www.w3.org/2000/09/xmldsig#';
const samlAssertion = { localName: 'Assertion', namespace: samlUris.assertion } as const;

export interface VerifiedResponseParts {
  /** From its signed bytes when `responseSigned`; else as received, and only compared with signed values. */
  readonly response: Element;
  readonly responseSigned: boolean;
  /** From verified (and, when it was encrypted, decrypted) bytes only. */
  readonly assertion: Element;
}

interface Checked {
  readonly assertion: Element;
  readonly signed: boolean;
}

const hasSignature = (element: Element): boolean =>
  Array.from(element.childNodes).some(
    (node) =>
      node.nodeType === 1
      && (node as Element).localName === 'Signature'
      && (node as Element).namespaceURI === xmldsigNs,
  );

const unsigned = (what: string): Error =>
  fail('ERR_SAML_RESPONSE_UNSIGNED', "La réponse de l'ENT n'est pas signée comme requis.", what);

/** What the signature step reads of the expectations: the IdP's keys, the policy, our decryption keys. */
type SignatureExpectations = Pick<IdpResponseExpectations, 'idp' | 'requiredSignature' | 'decryptionKeys'>;
/** Verifies what `expect.requiredSignature` demands (and whatever else is signed); see the file comment. */
export function verifyResponseSignatures(
  doc: Document,
  response: Element,
  expect: SignatureExpectations,
  schema: SamlSchemaValidator,
): VerifiedResponseParts {
  const trustedKeys = expect.idp.signingCertificates.map((certificate) => certificate.publicKey);
  const required = expect.requiredSignature;
  const responseSigned = hasSignature(response);
  if (!responseSigned && (required === 'response' || required === 'both'))
    throw unsigned(`Response unsigned, ${required} required`);
  const read = responseSigned
    ? signedElement(envelopedSignatures.verifyIn(doc, { element: 'root', trustedKeys }).signedXml)
    : response;
  const slot = soleAssertionSlot(read);
  const checked =
    slot.localName === 'EncryptedAssertion'
      ? encryptedAssertion(slot, expect, trustedKeys, responseSigned, schema)
      : plainAssertion(doc, slot, trustedKeys);
  requireAssertionSignature(required, responseSigned, checked.signed);
  return { response: read, responseSigned, assertion: checked.assertion };
}

/** saml-core §5.4: what `required` demands of the assertion once the Response's signature is known. */
function requireAssertionSignature(
  required: RequiredResponseSignature,
  responseSigned: boolean,
  assertionSigned: boolean,
): void {
  if (assertionSigned) return;
  if (required === 'assertion' || required === 'both') throw unsigned(`assertion unsigned, ${required} required`);
  if (!responseSigned) throw unsigned('neither the Response nor the assertion is signed');
}

function signedElement(signedXml: string): Element {
  return parseXmlSafely(signedXml).documentElement;
}

/** A plain Assertion: verified in the whole message (which must hold it exactly once) when signed. */
function plainAssertion(doc: Document, slot: Element, trustedKeys: readonly KeyObject[]): Checked {
  if (!hasSignature(slot)) return { assertion: slot, signed: false };
  return {
    assertion: signedElement(envelopedSignatures.verifyIn(doc, { element: samlAssertion, trustedKeys }).signedXml),
    signed: true,
  };
}

function encryptedAssertion(
  slot: Element,
  expect: SignatureExpectations,
  trustedKeys: readonly KeyObject[],
  responseSigned: boolean,
  schema: SamlSchemaValidator,
): Checked {
  const open = (): Checked => {
    const checked = decryptedAssertion(decryptAssertion(slot, expect.decryptionKeys), trustedKeys, schema);
    requireAssertionSignature(expect.requiredSignature, responseSigned, checked.signed);
    return checked;
  };
  if (responseSigned) return open();
  try {
    return open();
  } catch (error) {
    // An algorithm refusal depends only on markup the sender sees: it tells them nothing.
    if (isBrokerError(error) && error.code === 'ERR_SAML_RESPONSE_ENCRYPTION_ALGORITHM') throw error;
    const cause = isBrokerError(error) ? `${error.code}: ${error.detail ?? ''}` : String(error);
    throw fail(
      'ERR_SAML_RESPONSE_DECRYPTION',
      "L'assertion chiffrée de l'ENT est illisible.",
      `unsigned Response, encrypted assertion refused (${cause.slice(0, 200)})`,
    );
  }
}

/** The plaintext is untrusted XML like any other: schema, safe parse, one Assertion root, its own signature. */
function decryptedAssertion(
  plaintext: string,
  trustedKeys: readonly KeyObject[],
  schema: SamlSchemaValidator,
): Checked {
  schema.validate(plaintext);
  const doc = envelopedSignatures.parse(plaintext);
  const root = doc.documentElement;
  if (root.localName !== 'Assertion' || root.namespaceURI !== samlUris.assertion) {
    throw fail(
      'ERR_SAML_RESPONSE_DECRYPTION',
      "L'assertion chiffrée de l'ENT est illisible.",
      `decrypted root {${root.namespaceURI ?? ''}}${root.localName}`,
    );
  }
  // The same rule as for the Response: one assertion, anywhere (none nested under Advice).
  const nested = ['Assertion', 'EncryptedAssertion'].reduce(
    (n, name) => n + root.getElementsByTagNameNS(samlUris.assertion, name).length,
    0,
  );
  if (nested > 0)
    throw fail(
      'ERR_SAML_RESPONSE_ASSERTION_COUNT',
      "La réponse de l'ENT contient plusieurs assertions.",
      `${nested} assertions inside the decrypted one`,
    );
  if (!hasSignature(root)) return { assertion: root, signed: false };
  return {
    assertion: signedElement(envelopedSignatures.verifyIn(doc, { element: 'root', trustedKeys }).signedXml),
    signed: true,
  };
}
