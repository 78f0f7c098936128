/**
 * The shape of an ENT's Response, checked on the whole parsed document before any signature:
 * one samlp:Response at the root, at most one assertion anywhere, and that one a direct child of
 * the Response. Counting *anywhere* (not just among the root's children) is what stops the
 * signature-wrapping family (XSW): a signed assertion moved under Extensions, Advice or a
 * ds:Object beside an evil one, or a signed Response nested inside an evil one, all leave a
 * second element of the name somewhere in the tree.
 */
import { fail } from '../../core/fail.js';
import { samlUris } from './xml-text.js';

const assertionNames = ['Assertion', 'EncryptedAssertion'] as const;

/** Returns the root Response. Throws ERR_SAML_RESPONSE_ROOT or ERR_SAML_RESPONSE_ASSERTION_COUNT. */
export function locateResponse(doc: Document): Element {
  const root = doc.documentElement;
  if (root.localName !== 'Response' || root.namespaceURI !== samlUris.protocol) {
    throw fail(
      'ERR_SAML_RESPONSE_ROOT',
      "La réponse de l'ENT n'est pas une réponse SAML.",
      `root {${root.namespaceURI ?? ''}}${root.localName}`,
    );
  }
  // saml-core §3.2.2: Version "2.0"; anything else has other processing rules.
  if (root.getAttribute('Version') !== '2.0') {
    throw fail(
      'ERR_SAML_RESPONSE_ROOT',
      "La réponse de l'ENT n'est pas une réponse SAML 2.0.",
      `Version ${root.getAttribute('Version') ?? '(none)'}`,
    );
  }
  const responses = doc.getElementsByTagNameNS(samlUris.protocol, 'Response').length;
  if (responses !== 1) {
    throw fail(
      'ERR_SAML_RESPONSE_ROOT',
      "La réponse de l'ENT contient d'autres réponses.",
      `${responses} Response elements`,
    );
  }
  const assertions = assertionNames.reduce(
    (n, name) => n + doc.getElementsByTagNameNS(samlUris.assertion, name).length,
    0,
  );
  if (assertions > 1) {
    throw fail(
      'ERR_SAML_RESPONSE_ASSERTION_COUNT',
      "La réponse de l'ENT contient plusieurs assertions.",
      `${assertions} Assertion/EncryptedAssertion elements`,
    );
  }
  return root;
}

/** The one Assertion or EncryptedAssertion child of `response`; throws ERR_SAML_RESPONSE_ASSERTION_COUNT. */
export function soleAssertionSlot(response: Element): Element {
  const slots = Array.from(response.childNodes).filter(
    (node): node is Element =>
      node.nodeType === 1
      && (node as Element).namespaceURI === samlUris.assertion
      && assertionNames.some((name) => name === (node as Element).localName),
  );
  const [slot] = slots;
  if (slot === undefined || slots.length > 1) {
    throw fail(
      'ERR_SAML_RESPONSE_ASSERTION_COUNT',
      "La réponse de l'ENT ne contient pas d'assertion.",
      `${slots.length} assertion children of the Response`,
    );
  }
  return slot;
}
