/**
 * A publisher's AuthnRequest at `/saml/idp/sso` (HTTP-Redirect or HTTP-POST) into a
 * VerifiedSpRequest: decoded within bounds, schema-valid, from a registered SP, signed by one of
 * its metadata keys when signatures are required (and whenever one is present), fresh, and with
 * its ACS resolved in metadata. The Issuer is read unverified only to find whose keys to use;
 * every returned field comes from the verified bytes.
 */
import type { KeyObject } from 'node:crypto';
import { isBrokerError } from '../../core/broker-error.js';
import { fail } from '../../core/fail.js';
import type { SpMetadata } from '../metadata/saml-metadata.js';
import { envelopedSignatures } from '../xmldsig/enveloped-signatures.js';
import { parseXmlSafely } from '../xmldsig/parse-xml-safely.js';
import { xmldsigUris } from '../xmldsig/xmldsig-uris.js';
import { checkDestination, checkIssueInstant, resolveAcs } from './check-sp-request.js';
import { decodeSamlBase64 } from './peek-saml-issuer.js';
import {
  defaultMaxRedirectMessageBytes,
  inflateBounded,
  parseRedirectQuery,
  verifyRedirectSignature,
} from './redirect-binding.js';
import type { IncomingAuthnRequest, SpRequestExpectations, VerifiedSpRequest } from './saml-protocol.js';
import { createSamlSchemaValidator, type SamlSchemaValidator } from './saml-schema-validator.js';
import { assertAuthnRequestRoot, directIssuer, readAuthnRequestFields } from './sp-request-fields.js';
import { definedFields } from '../../core/defined-fields.js';

/** saml-bindings §3.4.3 / §3.5.3: RelayState MUST NOT exceed 80 bytes. */
export const maxRelayStateBytes = 80;

let validator: SamlSchemaValidator | undefined;
const schema = (): SamlSchemaValidator =>
  (validator ??= createSamlSchemaValidator({ maxBytes: defaultMaxRedirectMessageBytes }));

interface DecodedRequest {
  readonly xml: string;
  readonly relayState?: string;
  /**
   * Verifies the binding's signature with the SP's keys; returns the XML to read fields from, or
   * undefined when unsigned.
   */
  readonly verify: (keys: readonly KeyObject[], root: Element) => string | undefined;
}

export async function readSpAuthnRequest(
  input: IncomingAuthnRequest,
  expect: SpRequestExpectations,
): Promise<VerifiedSpRequest> {
  const decoded = decode(input);
  if (decoded.relayState !== undefined && Buffer.byteLength(decoded.relayState, 'utf8') > maxRelayStateBytes) {
    throw fail(
      'ERR_SAML_REQUEST_RELAYSTATE',
      'Paramètre RelayState trop long.',
      `${Buffer.byteLength(decoded.relayState, 'utf8')} bytes`,
    );
  }
  schema().validate(decoded.xml);
  const claimed = parseXmlSafely(decoded.xml, defaultMaxRedirectMessageBytes).documentElement;
  assertAuthnRequestRoot(claimed);
  const claimedIssuer = directIssuer(claimed);
  const sp = claimedIssuer === undefined ? undefined : await expect.findSp(claimedIssuer);
  if (sp === undefined) {
    throw fail(
      'ERR_SAML_REQUEST_UNKNOWN_SP',
      "Cette ressource n'est pas (ou plus) enregistrée auprès du service.",
      `issuer ${claimedIssuer ?? '(none)'}`,
    );
  }
  const signedXml = decoded.verify(
    sp.signingCertificates.map((c) => c.publicKey),
    claimed,
  );
  if (signedXml === undefined && (expect.requireSigned || sp.authnRequestsSigned)) {
    throw fail(
      'ERR_SAML_REQUEST_UNSIGNED',
      'La demande d’authentification de la ressource doit être signée.',
      `${input.binding} request unsigned`,
    );
  }
  const fields = readAuthnRequestFields(
    signedXml === undefined ? claimed : parseXmlSafely(signedXml, defaultMaxRedirectMessageBytes).documentElement,
  );
  if (fields.issuer !== sp.entityId)
    throw fail('ERR_SAML_REQUEST_UNKNOWN_SP', 'Émetteur de la demande incohérent.', 'signed Issuer differs');
  checkDestination(fields, expect.ssoUrl);
  checkIssueInstant(fields, expect.now, expect.skewSeconds);
  const acs = resolveAcs(fields, sp);
  return verified(fields, input, acs.location, sp, decoded.relayState);
}

function verified(
  fields: ReturnType<typeof readAuthnRequestFields>,
  input: IncomingAuthnRequest,
  acsUrl: string,
  sp: SpMetadata,
  relayState: string | undefined,
): VerifiedSpRequest {
  return {
    id: fields.id,
    issuer: fields.issuer,
    issueInstant: fields.issueInstant,
    binding: input.binding,
    acsUrl,
    forceAuthn: fields.forceAuthn,
    isPassive: fields.isPassive,
    sp,
    ...definedFields({ relayState }),
  };
}

function decode(input: IncomingAuthnRequest): DecodedRequest {
  if (input.binding === 'HTTP-Redirect') {
    const query = parseRedirectQuery(input.rawQuery);
    // §3.4.4.1: the query signature covers the deflated message, so the inflated XML is the signed text.
    const verify = (keys: readonly KeyObject[]) => {
      if (query.signature === undefined) return undefined;
      asRequestSignatureError(() => verifyRedirectSignature(query, keys));
      return query.xml;
    };
    return { xml: query.xml, ...definedFields({ relayState: query.relayState }), verify };
  }
  const xml = postedXml(input.samlRequest);
  const verify = (keys: readonly KeyObject[], root: Element) => {
    // A signature present is always checked: an invalid one is refused even when none is required.
    if (!hasRootSignature(root)) return undefined;
    return asRequestSignatureError(() =>
      envelopedSignatures.verify(xml, { element: 'root', trustedKeys: keys, maxBytes: defaultMaxRedirectMessageBytes }),
    ).signedXml;
  };
  return { xml, ...definedFields({ relayState: input.relayState }), verify };
}

/**
 * A signature that does not verify with the SP's metadata keys gets one code whatever the
 * binding (an impostor, or a key the SP rotated without updating its metadata); structural
 * faults (wrapping, SHA-1, duplicates) keep their precise codes.
 */
function asRequestSignatureError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (
      isBrokerError(error)
      && (error.code === 'ERR_SAML_REDIRECT_SIGNATURE_INVALID' || error.code === 'ERR_XMLDSIG_INVALID')
    ) {
      throw fail(
        'ERR_SAML_REQUEST_SIGNATURE_INVALID',
        'La signature de la demande d’authentification de la ressource est invalide.',
        `${error.code}: ${error.detail ?? ''}`,
      );
    }
    throw error;
  }
}

/**
 * saml-bindings §3.5.4: base64 of the XML. node-saml (a common publisher library) deflates its
 * POST requests by default; such a body is inflated (bounded) and then checked exactly the same way.
 */
function postedXml(samlRequest: string): string {
  const text = decodeSamlBase64(samlRequest, defaultMaxRedirectMessageBytes);
  return /^\s*</.test(text) ? text : inflateBounded(samlRequest, defaultMaxRedirectMessageBytes);
}

function hasRootSignature(root: Element): boolean {
  return Array.from(root.childNodes).some(
    (n) =>
      n.nodeType === 1
      && (n as Element).localName === 'Signature'
      && (n as Element).namespaceURI === xmldsigUris.namespace,
  );
}
