/**
 * The cryptographic half of verifying one enveloped signature, on DOM nodes that
 * verify-enveloped-signature.ts has already located and checked structurally (one target with a
 * unique ID, one ds:Signature as its child, one Reference to that ID, only enveloped-signature +
 * exclusive c14n, allowed algorithms). Measured: resolving the Reference by XPath and finding
 * ancestor namespaces by XPath (xml-crypto's path) cost about 2 ms of a 4–6 ms verification;
 * here nothing is searched: the nodes are given.
 *
 * 1. The target without its own Signature (the enveloped-signature transform) is canonicalized
 *    (exclusive c14n, without comments, with the Transform's InclusiveNamespaces PrefixList if
 *    any) by xml-crypto's canonicalizer: those bytes are the only XML the caller will read. The
 *    Signature is detached for that call and put back in place, so the document is unchanged
 *    when this returns or throws; only with a PrefixList, which xml-crypto writes into the node
 *    it renders, is a copy canonicalized instead (measured: deep copies were a sixth of a
 *    Response's verification).
 * 2. Their digest must equal DigestValue.
 * 3. SignedInfo, canonicalized the same way (its CanonicalizationMethod's PrefixList), must
 *    verify with a trusted key; KeyInfo is never read.
 */
import { createHash, verify, type KeyObject } from 'node:crypto';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { fail } from '../../core/fail.js';
import { xmldsigUris, type SignatureAlgorithmName } from './xmldsig-uris.js';

export interface LocatedSignature {
  readonly target: Element;
  readonly signature: Element;
  readonly algorithm: SignatureAlgorithmName;
}

const digestOf: Record<string, string> = {
  [xmldsigUris.digest.sha256]: 'sha256',
  [xmldsigUris.digest.sha512]: 'sha512',
};
const hashOf: Record<SignatureAlgorithmName, string> = {
  'rsa-sha256': 'sha256',
  'rsa-sha512': 'sha512',
  'ecdsa-sha256': 'sha256',
};

export function verifyLocatedSignature(
  located: LocatedSignature,
  keys: readonly KeyObject[],
): { signedXml: string; keyIndex: number } {
  const { target, signature, algorithm } = located;
  const signedInfo = only(signature, 'SignedInfo');
  const reference = only(signedInfo, 'Reference');
  const transforms = only(reference, 'Transforms');
  const c14nTransform = children(transforms, 'Transform')[1] as Element;
  const signedXml = canonicalWithout(target, signature, prefixList(c14nTransform));
  const digest = createHash(digestOf[only(reference, 'DigestMethod').getAttribute('Algorithm') ?? ''] ?? 'sha256')
    .update(signedXml, 'utf8')
    .digest('base64');
  if (digest !== textOf(only(reference, 'DigestValue')))
    throw fail('ERR_XMLDSIG_INVALID', 'signature invalide', 'digest mismatch');
  const signedInfoBytes = Buffer.from(
    canonical(signedInfo, prefixList(only(signedInfo, 'CanonicalizationMethod'))),
    'utf8',
  );
  const value = Buffer.from(textOf(only(signature, 'SignatureValue')), 'base64');
  const options = algorithm === 'ecdsa-sha256' ? { dsaEncoding: 'ieee-p1363' as const } : {};
  for (const [keyIndex, key] of keys.entries()) {
    try {
      if (verify(hashOf[algorithm], signedInfoBytes, { key, ...options }, value)) return { signedXml, keyIndex };
    } catch {
      // A key of another type (EC against RSA) cannot verify: try the next one.
    }
  }
  throw fail(
    'ERR_XMLDSIG_INVALID',
    'signature invalide',
    keys.length === 0 ? 'no trusted key' : 'no trusted key verifies SignedInfo',
  );
}

/** The enveloped-signature transform: `target` canonicalized without its `signature` child. */
function canonicalWithout(target: Element, signature: Element, prefixes: readonly string[]): string {
  if (prefixes.length > 0) {
    const index = Array.from(target.childNodes).indexOf(signature as unknown as ChildNode);
    const clone = target.cloneNode(true) as Element;
    clone.removeChild(clone.childNodes[index] as ChildNode);
    return canonical(clone, prefixes, target);
  }
  const next = signature.nextSibling;
  target.removeChild(signature);
  try {
    return canonical(target, prefixes);
  } finally {
    target.insertBefore(signature, next);
  }
}

/**
 * Exclusive c14n of `node`. xmldom keeps each node's namespace URI, so visibly used prefixes
 * render as in place whether or not the node is attached; only a PrefixList needs the
 * declarations of `original`'s ancestors, and then xml-crypto adds them to the node it renders:
 * with a PrefixList, `node` must be a copy.
 */
function canonical(node: Element, prefixes: readonly string[], original: Element = node): string {
  const copy = prefixes.length === 0 || node !== original ? node : (node.cloneNode(true) as Element);
  return new ExclusiveCanonicalization().process(
    copy as never,
    {
      inclusiveNamespacesPrefixList: [...prefixes],
      ancestorNamespaces: prefixes.length === 0 ? [] : ancestorNamespaces(original),
    } as never,
  ) as unknown as string;
}

function ancestorNamespaces(element: Element): { prefix: string; namespaceURI: string }[] {
  const seen = new Map<string, string>();
  for (let node = element.parentNode; node !== null && node.nodeType === 1; node = node.parentNode) {
    for (const attribute of Array.from((node as Element).attributes)) {
      if (attribute.prefix === 'xmlns' && !seen.has(attribute.localName))
        seen.set(attribute.localName, attribute.value);
    }
  }
  return [...seen].map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}

function prefixList(parent: Element): string[] {
  const inclusive = children(parent, 'InclusiveNamespaces')[0];
  return (inclusive?.getAttribute('PrefixList') ?? '').split(/\s+/).filter((p) => p !== '');
}

const children = (parent: Element, localName: string): Element[] =>
  Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === localName);

function only(parent: Element, localName: string): Element {
  const found = children(parent, localName);
  if (found.length !== 1)
    throw fail('ERR_XMLDSIG_AMBIGUOUS', 'signature mal formée', `${found.length} ${localName} in ${parent.localName}`);
  return found[0] as Element;
}

const textOf = (element: Element): string => (element.textContent ?? '').replace(/\s+/g, '');
