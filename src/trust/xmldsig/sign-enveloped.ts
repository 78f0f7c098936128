/**
 * Signs one element of an XML message the broker built (a SAML Response or Assertion, a request)
 * with an enveloped XML-DSig signature of the only form verify-enveloped-signature.ts accepts:
 * one Reference to the element's ID, enveloped-signature + exclusive c14n, SHA-256 or SHA-512.
 * SAML core §5.4.1 wants the Signature right after the element's Issuer, hence `insertAfter`.
 */
import type { KeyObject } from 'node:crypto';
import { fail } from '../../core/fail.js';
import { createSignedXml } from './create-signed-xml.js';
import { parseXmlSafely } from './parse-xml-safely.js';
import type { SignedElementSelector } from './verify-enveloped-signature.js';
import { xmldsigUris, type SignatureAlgorithmName } from './xmldsig-uris.js';
import { definedFields } from '../../core/defined-fields.js';

export interface SignEnvelopedOptions {
  readonly element: SignedElementSelector;
  /** Parsed once by the caller: PEM text on each call makes signing about 3× slower. */
  readonly privateKey: KeyObject;
  /** PEM certificate written into KeyInfo, for the relying party's convenience only. */
  readonly certificate?: string;
  readonly algorithm?: SignatureAlgorithmName;
  /** The Signature goes right after this child of the element, or first in it when absent. */
  readonly insertAfter?: string;
}

/** An XML NCName, simplified: IDs and names are spliced into XPaths, so nothing else may pass. */
const ncName = /^[A-Za-z_][\w.-]*$/;

/** Returns `xml` with the element signed. Throws ERR_XMLDSIG_SIGNING when it cannot be. */
export function signEnveloped(xml: string, options: SignEnvelopedOptions): string {
  const algorithm = options.algorithm ?? 'rsa-sha256';
  const target = findTarget(parseXmlSafely(xml), options.element);
  const id = target.getAttribute('ID') ?? '';
  const anchor = options.insertAfter ?? 'Issuer';
  if (!ncName.test(anchor))
    throw fail('ERR_XMLDSIG_SIGNING', 'signature impossible', `invalid insertAfter ${JSON.stringify(anchor)}`);
  const signed = createSignedXml({
    privateKey: options.privateKey,
    signatureAlgorithm: algorithm,
    ...definedFields({ certificate: options.certificate }),
  });
  const targetPath = `//*[@ID='${id}']`;
  signed.addReference({
    xpath: targetPath,
    transforms: [xmldsigUris.envelopedSignature, xmldsigUris.excC14n],
    digestAlgorithm: algorithm === 'rsa-sha512' ? xmldsigUris.digest.sha512 : xmldsigUris.digest.sha256,
  });
  const hasAnchor = Array.from(target.childNodes).some(
    (node) => node.nodeType === 1 && (node as Element).localName === anchor,
  );
  try {
    signed.computeSignature(xml, {
      prefix: 'ds',
      location: hasAnchor
        ? { reference: `${targetPath}/*[local-name()='${anchor}'][1]`, action: 'after' }
        : { reference: targetPath, action: 'prepend' },
    });
  } catch (error) {
    throw fail('ERR_XMLDSIG_SIGNING', 'signature impossible', error instanceof Error ? error.message : String(error));
  }
  return signed.getSignedXml();
}

function findTarget(doc: Document, selector: SignedElementSelector): Element {
  const target =
    selector === 'root' ? doc.documentElement : doc.getElementsByTagNameNS(selector.namespace, selector.localName)[0];
  const id = target?.getAttribute('ID') ?? '';
  // The ID and anchor are spliced into XPaths: only NCName-like values (SAML IDs are xs:ID).
  if (target === undefined || !ncName.test(id)) {
    throw fail(
      'ERR_XMLDSIG_SIGNING',
      'signature impossible',
      `element to sign missing or without a valid ID: ${JSON.stringify(id)}`,
    );
  }
  return target;
}
