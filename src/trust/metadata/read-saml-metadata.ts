/**
 * Reads one partner's SAML metadata (saml-metadata-2.0-os) into a typed IdpMetadata or
 * SpMetadata, or refuses it whole with a coded error: a partner is never half-loaded.
 * The steps, in order:
 * 1. verify the signature of the root when trusted signers are configured, then read only the
 *    verified canonical bytes (architecture habit 3); otherwise parse the text safely;
 * 2. the root is one md:EntityDescriptor with a usable entityID;
 * 3. `validUntil` is in the future; `cacheDuration`, when given, is read (the shortest wins);
 * 4. exactly one role descriptor of the expected kind supports SAML 2.0;
 * 5. keys, then endpoints, each refused whole when one is bad.
 */
import type { KeyObject } from 'node:crypto';
import { fail } from '../../core/fail.js';
import { parseXmlSafely } from '../xmldsig/parse-xml-safely.js';
import { verifyEnvelopedSignature } from '../xmldsig/verify-enveloped-signature.js';
import { attributeValue } from './attribute-value.js';
import { childElements } from './child-elements.js';
import { readMetadataCertificates } from './read-metadata-certificates.js';
import { metadataBoolean, readAssertionConsumers, readMetadataEndpoints } from './read-metadata-endpoints.js';
import { parseXsDuration } from './parse-xs-duration.js';
import { samlMetadataUris, type IdpMetadata, type SpMetadata } from './saml-metadata.js';
import { definedFields } from '../../core/defined-fields.js';

export interface ReadSamlMetadataOptions<R extends 'idp' | 'sp'> {
  readonly expected: R;
  readonly now: Date;
  /** When given, the root must carry an enveloped signature by one of these keys. */
  readonly trustedSigners?: readonly KeyObject[];
  readonly maxBytes?: number;
}

/** 256 KiB: one entity with a few keys and endpoints is a few KiB; aggregates are not accepted. */
export const defaultMaxMetadataBytes = 256 * 1024;

const md = samlMetadataUris.metadata;
/** SAML core §8.3.6: an entity identifier is at most 1024 characters. */
const maxEntityIdLength = 1024;

/**
 * Throws the ERR_XMLDSIG_* codes of parsing and signature checks (ERR_XMLDSIG_MISSING when
 * signers are configured and the metadata is unsigned, ERR_XMLDSIG_INVALID when another key
 * signed it or it was altered), then ERR_METADATA_ROOT, _ENTITY_ID, _INVALID, _EXPIRED, _ROLE,
 * _CERTIFICATE, _NO_SIGNING_KEY, _ENDPOINT, _ENDPOINT_MISSING, _ACS_AMBIGUOUS.
 */
export function readSamlMetadata(xml: string, options: ReadSamlMetadataOptions<'idp'>): IdpMetadata;
export function readSamlMetadata(xml: string, options: ReadSamlMetadataOptions<'sp'>): SpMetadata;
export function readSamlMetadata(
  xml: string,
  options: ReadSamlMetadataOptions<'idp' | 'sp'>,
): IdpMetadata | SpMetadata {
  const root = trustedRoot(xml, options);
  const entityId = checkedEntityId(attributeValue(root, 'entityID'));
  const role = soleRole(root, options.expected);
  const validUntil = earliest(validUntilOf(root), validUntilOf(role));
  // metadata §2.3.1: past validUntil the metadata must not be used, however it was obtained.
  if (validUntil !== undefined && validUntil.getTime() <= options.now.getTime()) {
    throw fail('ERR_METADATA_EXPIRED', 'métadonnées expirées', `validUntil ${validUntil.toISOString()}`);
  }
  const cacheDurationMs = shortest(cacheDurationOf(root), cacheDurationOf(role));
  const common = {
    entityId,
    ...definedFields({ validUntil, cacheDurationMs }),
    nameIdFormats: nameIdFormats(role),
  };
  return options.expected === 'idp' ? idpMetadata(role, common) : spMetadata(role, common);
}

/**
 * The root element to read. With signers, the signature must cover the root itself: a signed
 * child would leave the rest unsigned. Only its canonical signed form is parsed and read, never
 * the text that came in. Without signers a Signature, if any, is not checked: the trust then
 * comes from how the operator obtained the file. The root must be one EntityDescriptor: an EntitiesDescriptor, even of
 * one entity, is refused, since its own validUntil and signature would wrap the entity's and the
 * broker registers partners one by one.
 */
function trustedRoot(xml: string, options: ReadSamlMetadataOptions<'idp' | 'sp'>): Element {
  const maxBytes = options.maxBytes ?? defaultMaxMetadataBytes;
  const doc =
    options.trustedSigners === undefined
      ? parseXmlSafely(xml, maxBytes)
      : parseXmlSafely(
          verifyEnvelopedSignature(xml, { element: 'root', trustedKeys: options.trustedSigners, maxBytes }).signedXml,
          maxBytes,
        );
  const root = doc.documentElement;
  if (root.localName !== 'EntityDescriptor' || root.namespaceURI !== md) {
    throw fail(
      'ERR_METADATA_ROOT',
      'le document n’est pas une métadonnée SAML d’une entité',
      `root ${root.namespaceURI ?? ''} ${root.localName}`,
    );
  }
  return root;
}

/**
 * SAML core §8.3.6: an absolute URI of 1,024 characters at most; the broker takes, as GAR does,
 * https URLs (the SP's metadata URL, say) or URNs, and refuses anything else (`http://`, a bare
 * name) with a message that names the rule, since a partner reads it to fix its metadata.
 */
function checkedEntityId(entityId: string | null): string {
  const refuse = (what: string, why: string): never => {
    throw fail('ERR_METADATA_ENTITY_ID', `${what} ; ${entityIdRule}`, why);
  };
  if (entityId === null || entityId === '') return refuse("Les métadonnées n'ont pas d'entityID", 'entityID absent');
  if (entityId.length > maxEntityIdLength) {
    return refuse(
      `L'entityID des métadonnées fait ${entityId.length} caractères`,
      `entityID of ${entityId.length} characters`,
    );
  }
  if (/^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(entityId)) return entityId;
  let url: URL | undefined;
  try {
    url = new URL(entityId);
  } catch {
    /* refused below */
  }
  if (url?.protocol !== 'https:' || url.hostname === '' || /\s/.test(entityId)) {
    return refuse(
      `L'entityID « ${shown(entityId)} » n'est ni une URL https ni un URN`,
      'entityID is neither an https URL nor a URN',
    );
  }
  return entityId;
}

const entityIdRule =
  "l'entityID d'un partenaire doit être une URL https (https://…) ou un URN (urn:…), de 1 024 caractères au plus.";

/** A value of the document, shown in a message: printable, and short. */
const shown = (value: string): string => {
  const printable = value.replace(/[\p{C}]/gu, '?');
  return printable.length > 80 ? `${printable.slice(0, 80)}…` : printable;
};

/**
 * Exactly one descriptor of the expected kind listing the SAML 2.0 protocol (metadata §2.4.1):
 * none means a partner registered in the wrong role, or a SAML 1.x-only one; two would leave
 * the keys and endpoints to use open.
 */
function soleRole(root: Element, expected: 'idp' | 'sp'): Element {
  const name = expected === 'idp' ? 'IDPSSODescriptor' : 'SPSSODescriptor';
  const roles = childElements(root, md, name).filter((role) =>
    (attributeValue(role, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(samlMetadataUris.protocol),
  );
  const [role, ...others] = roles;
  if (role === undefined || others.length > 0) {
    throw fail(
      'ERR_METADATA_ROLE',
      'les métadonnées ne décrivent pas un '
        + `${expected === 'idp' ? 'fournisseur d’identité' : 'fournisseur de service'} SAML 2.0`,
      `${roles.length} SAML 2.0 ${name}`,
    );
  }
  return role;
}

/** xs:dateTime with an explicit zone: without one, Date would read local time, off by hours. */
function validUntilOf(element: Element): Date | undefined {
  const value = attributeValue(element, 'validUntil');
  if (value === null) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(date.getTime())) {
    throw fail(
      'ERR_METADATA_INVALID',
      'date de validité invalide dans les métadonnées',
      `validUntil=${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return date;
}

/** metadata §2.3.2: how long the document may be cached before it is fetched again; never negative. */
function cacheDurationOf(element: Element): number | undefined {
  const value = attributeValue(element, 'cacheDuration');
  if (value === null) return undefined;
  const ms = parseXsDuration(value);
  if (ms === undefined || ms < 0) {
    throw fail(
      'ERR_METADATA_INVALID',
      'durée de cache invalide dans les métadonnées',
      `cacheDuration=${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return ms;
}

function shortest(...values: ReadonlyArray<number | undefined>): number | undefined {
  const given = values.filter((value): value is number => value !== undefined);
  return given.length === 0 ? undefined : Math.min(...given);
}

function earliest(...dates: ReadonlyArray<Date | undefined>): Date | undefined {
  return dates.reduce<Date | undefined>(
    (first, date) => (date !== undefined && (first === undefined || date < first) ? date : first),
    undefined,
  );
}

function nameIdFormats(role: Element): string[] {
  return childElements(role, md, 'NameIDFormat')
    .map((element) => (element.textContent ?? '').trim())
    .filter((format) => format !== '');
}

type Common = Pick<IdpMetadata, 'entityId' | 'validUntil' | 'cacheDurationMs' | 'nameIdFormats'>;

/** An IdP without a signing key could not have a single response verified: refused at load. */
function idpMetadata(role: Element, common: Common): IdpMetadata {
  const { signing } = readMetadataCertificates(role);
  if (signing.length === 0)
    throw fail(
      'ERR_METADATA_NO_SIGNING_KEY',
      'aucune clé de signature dans les métadonnées',
      'IdP without a signing certificate',
    );
  const sso = readMetadataEndpoints(role, 'SingleSignOnService');
  const slo = readMetadataEndpoints(role, 'SingleLogoutService');
  if (sso.endpoints.length === 0)
    throw fail(
      'ERR_METADATA_ENDPOINT_MISSING',
      'aucun service d’authentification utilisable',
      'no SingleSignOnService with HTTP-Redirect or HTTP-POST',
    );
  return {
    role: 'idp',
    ...common,
    signingCertificates: signing,
    wantAuthnRequestsSigned: metadataBoolean(
      attributeValue(role, 'WantAuthnRequestsSigned'),
      'WantAuthnRequestsSigned',
    ),
    singleSignOn: sso.endpoints.map(({ binding, location }) => ({ binding, location })),
    singleLogout: slo.endpoints,
    ignoredEndpoints: [...sso.ignored, ...slo.ignored],
  };
}

/**
 * The broker answers an SP by HTTP-POST only (gar-reference §4), so one POST ACS is required.
 * An SP announcing signed requests must publish the key they are checked with.
 */
function spMetadata(role: Element, common: Common): SpMetadata {
  const { signing, encryption } = readMetadataCertificates(role);
  const authnRequestsSigned = metadataBoolean(attributeValue(role, 'AuthnRequestsSigned'), 'AuthnRequestsSigned');
  if (authnRequestsSigned && signing.length === 0)
    throw fail(
      'ERR_METADATA_NO_SIGNING_KEY',
      'aucune clé de signature dans les métadonnées',
      'AuthnRequestsSigned without a signing certificate',
    );
  const acs = readAssertionConsumers(role);
  const slo = readMetadataEndpoints(role, 'SingleLogoutService');
  if (!acs.endpoints.some((endpoint) => endpoint.binding === 'HTTP-POST')) {
    throw fail(
      'ERR_METADATA_ENDPOINT_MISSING',
      'aucun service de consommation HTTP-POST',
      'no AssertionConsumerService with HTTP-POST',
    );
  }
  return {
    role: 'sp',
    ...common,
    signingCertificates: signing,
    encryptionCertificates: encryption,
    authnRequestsSigned,
    wantAssertionsSigned: metadataBoolean(attributeValue(role, 'WantAssertionsSigned'), 'WantAssertionsSigned'),
    assertionConsumers: acs.endpoints,
    singleLogout: slo.endpoints,
    ignoredEndpoints: [...acs.ignored, ...slo.ignored],
  };
}
