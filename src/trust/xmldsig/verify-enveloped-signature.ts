/**
 * Verifies the one enveloped XML-DSig signature of one element of an untrusted message, and
 * hands back *only the signed bytes*: callers re-parse `signedXml` and never read the original
 * document again (architecture habit 3, "verify, then use only what was verified"). Modelled on
 * the checks node-saml's getVerifiedXml makes; each check below names the attack it stops.
 *
 * Comments (the 2018 NameID comment-injection attack, `user@good.com<!---->.evil.com`): the
 * signature is computed over exclusive c14n *without* comments, so an injected comment leaves it
 * valid. It cannot change who is read, because `signedXml` is that canonical form: the comment
 * is gone and the NameID is one text node holding the full signed value. The with-comments
 * variants are refused outright; no SAML signer we know of uses them.
 */
import type { KeyObject } from 'node:crypto';
import { fail } from '../../core/fail.js';
import { verifyLocatedSignature } from './verify-located-signature.js';
import { parseXmlSafely } from './parse-xml-safely.js';
import { allSignatureAlgorithms, xmldsigUris, type SignatureAlgorithmName } from './xmldsig-uris.js';

/** The element whose signature is required: the document root, or the only element of that name. */
export type SignedElementSelector = 'root' | { readonly localName: string; readonly namespace: string };

export interface VerifyEnvelopedOptions {
  readonly element: SignedElementSelector;
  /** Public keys (or certificates' keys) parsed once by the caller, from metadata, never from the message. */
  readonly trustedKeys: readonly KeyObject[];
  readonly allowedAlgorithms?: readonly SignatureAlgorithmName[];
  readonly maxBytes?: number;
}

export interface VerifiedElement {
  /** Exclusive canonical form of the signed element, its Signature removed: the only XML to read. */
  readonly signedXml: string;
  /** Which of `trustedKeys` verified it (tells a rotation's old key from the new one). */
  readonly keyIndex: number;
}

/**
 * Throws ERR_XMLDSIG_TOO_LARGE, _DOCTYPE, _XML_MALFORMED (parsing), _TARGET, _MISSING,
 * _AMBIGUOUS, _REFERENCE, _DUPLICATE_ID, _ALGORITHM (structure) or _INVALID (cryptography).
 */
export function verifyEnvelopedSignature(xml: string, options: VerifyEnvelopedOptions): VerifiedElement {
  return verifyEnvelopedSignatureIn(parseSignedXml(xml, options.maxBytes), options);
}

/**
 * The parse verifyEnvelopedSignature makes: line ends normalised first (XML 1.0 §2.11: a
 * processor normalises them before anything else; the signer did too), then parseXmlSafely.
 * A caller that reads the same message for other checks parses it once with this and verifies
 * with verifyEnvelopedSignatureIn (measured: the ACS parsed each Response four times).
 */
export function parseSignedXml(xml: string, maxBytes?: number): Document {
  return parseXmlSafely(xml.replace(/\r\n?/g, '\n'), maxBytes);
}

/** verifyEnvelopedSignature on a document from parseSignedXml, which it never changes. */
export function verifyEnvelopedSignatureIn(doc: Document, options: VerifyEnvelopedOptions): VerifiedElement {
  const [target, ...others] = candidates(doc, options.element);
  const id = target?.getAttribute('ID') ?? '';
  if (target === undefined || id === '')
    throw fail('ERR_XMLDSIG_TARGET', 'élément signé absent', `${target?.localName ?? 'target'} missing or without ID`);
  assertUniqueId(doc, id);
  // Exactly one in the whole document: a second copy (the signed one moved under Extensions,
  // Advice or ds:Object, an evil one in its place: XSW3–8) would leave "which one?" to the reader.
  if (others.length > 0)
    throw fail('ERR_XMLDSIG_TARGET', 'élément signé en double', `${others.length + 1} ${target.localName} elements`);
  const signature = soleSignature(target);
  const algorithm = checkSignedInfo(signature, id, options.allowedAlgorithms ?? allSignatureAlgorithms);
  return verifyLocatedSignature({ target, signature, algorithm }, options.trustedKeys);
}

/** The root, or every element of that name in document order (the caller demands exactly one). */
function candidates(doc: Document, selector: SignedElementSelector): Element[] {
  if (selector === 'root') return [doc.documentElement];
  return Array.from(doc.getElementsByTagNameNS(selector.namespace, selector.localName));
}

/**
 * No other element may carry the same ID, under any of the attribute names xml-crypto resolves a
 * Reference by (ID, Id, id, any namespace): with two, the digest could be checked on one copy
 * while the caller reads the other (duplicate-ID wrapping).
 */
function assertUniqueId(doc: Document, id: string): void {
  let count = 0;
  for (const element of Array.from(doc.getElementsByTagName('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      if (['ID', 'Id', 'id'].includes(attribute.localName ?? attribute.name) && attribute.value === id) count += 1;
    }
  }
  if (count !== 1) throw fail('ERR_XMLDSIG_DUPLICATE_ID', 'identifiant en double', `ID ${id} carried ${count} times`);
}

const childElements = (parent: Element, localName: string, namespace?: string): Element[] =>
  Array.from(parent.childNodes).filter(
    (node): node is Element =>
      node.nodeType === 1
      && (node as Element).localName === localName
      && (namespace === undefined || (node as Element).namespaceURI === namespace),
  );

/**
 * Exactly one ds:Signature, as a *direct child* of the target: a signature found deeper (in a
 * child assertion) signs something else, and a signature stripped must not pass as "unsigned
 * but fine" (signature exclusion). Two signatures leave the choice to the attacker.
 */
function soleSignature(target: Element): Element {
  const signatures = childElements(target, 'Signature', xmldsigUris.namespace);
  if (signatures.length === 0)
    throw fail('ERR_XMLDSIG_MISSING', 'signature absente', `${target.localName} is not signed`);
  if (signatures.length > 1)
    throw fail('ERR_XMLDSIG_AMBIGUOUS', 'signatures multiples', `${signatures.length} signatures`);
  return signatures[0] as Element;
}

/** The single child named `localName` (any namespace, so a look-alike cannot hide); else ERR_XMLDSIG_AMBIGUOUS. */
function sole(parent: Element, localName: string): Element {
  const found = childElements(parent, localName);
  if (found.length !== 1)
    throw fail('ERR_XMLDSIG_AMBIGUOUS', 'signature mal formée', `${found.length} ${localName} in ${parent.localName}`);
  return found[0] as Element;
}

function algorithmOf(parent: Element, localName: string): string {
  return sole(parent, localName).getAttribute('Algorithm') ?? '';
}

/** Checks SignedInfo before any cryptography; returns the signature algorithm it names. */
function checkSignedInfo(
  signature: Element,
  id: string,
  allowed: readonly SignatureAlgorithmName[],
): SignatureAlgorithmName {
  const signedInfo = sole(signature, 'SignedInfo');
  const references = childElements(signedInfo, 'Reference');
  if (references.length > 1)
    throw fail('ERR_XMLDSIG_AMBIGUOUS', 'signature mal formée', `${references.length} references`);
  const reference = references[0];
  // The Reference must point at the signature's own parent: otherwise a valid signature of
  // another element (or of a copy hidden elsewhere) would vouch for this one (XSW1/2).
  if (reference === undefined || reference.getAttribute('URI') !== `#${id}`) {
    throw fail(
      'ERR_XMLDSIG_REFERENCE',
      'la signature ne couvre pas l’élément',
      `reference URI ${reference?.getAttribute('URI') ?? '(none)'} for ID ${id}`,
    );
  }
  // Only enveloped-signature then exclusive c14n without comments: XPath/XSLT transforms can
  // select anything (and cost anything), and with-comments c14n reopens comment tricks.
  const transforms = childElements(sole(reference, 'Transforms'), 'Transform').map((t) => t.getAttribute('Algorithm'));
  const expected = [xmldsigUris.envelopedSignature, xmldsigUris.excC14n];
  if (transforms.length !== 2 || transforms.some((uri, i) => uri !== expected[i])) {
    throw fail('ERR_XMLDSIG_ALGORITHM', 'transformation non autorisée', `transforms ${transforms.join(' ')}`);
  }
  const c14n = algorithmOf(signedInfo, 'CanonicalizationMethod');
  const digest = algorithmOf(reference, 'DigestMethod');
  const method = algorithmOf(signedInfo, 'SignatureMethod');
  const name = allowed.find((candidate) => xmldsigUris.signature[candidate] === method);
  // SHA-1 (signature or digest) is refused: collisions are practical; so is anything unlisted.
  if (
    c14n !== xmldsigUris.excC14n
    || !Object.values<string>(xmldsigUris.digest).includes(digest)
    || name === undefined
  ) {
    throw fail('ERR_XMLDSIG_ALGORITHM', 'algorithme non autorisé', `c14n ${c14n} digest ${digest} signature ${method}`);
  }
  return name;
}
