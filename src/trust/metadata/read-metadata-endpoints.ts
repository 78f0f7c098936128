/**
 * The endpoints of a role descriptor (saml-metadata-2.0-os §2.2.2, §2.2.3): only the bindings
 * the broker speaks are kept; the others are listed for the load report, not used. A kept
 * endpoint must be https: the broker posts assertions there, and a cleartext or malformed
 * address would hand them to whoever is on the path.
 */
import { fail } from '../../core/fail.js';
import { attributeValue } from './attribute-value.js';
import { childElements } from './child-elements.js';
import {
  samlMetadataUris,
  type AssertionConsumerEndpoint,
  type IgnoredEndpoint,
  type SamlBinding,
  type SamlLogoutEndpoint,
} from './saml-metadata.js';

export interface ReadEndpoints<T> {
  readonly endpoints: readonly T[];
  readonly ignored: readonly IgnoredEndpoint[];
}

const bindingNames = Object.entries(samlMetadataUris.bindings) as ReadonlyArray<[SamlBinding, string]>;

/** Hosts where plain http stays allowed: the demo runs partners on the operator's machine. */
const loopbackHosts = new Set(['localhost', '127.0.0.1']);

/** The `localName` endpoints of `role` (SingleSignOnService, SingleLogoutService). Throws ERR_METADATA_ENDPOINT. */
export function readMetadataEndpoints(role: Element, localName: string): ReadEndpoints<SamlLogoutEndpoint> {
  const endpoints: SamlLogoutEndpoint[] = [];
  const ignored: IgnoredEndpoint[] = [];
  for (const element of childElements(role, samlMetadataUris.metadata, localName)) {
    const binding = knownBinding(element);
    if (binding === undefined) {
      ignored.push({ element: localName, binding: attributeValue(element, 'Binding') ?? '' });
      continue;
    }
    const response = attributeValue(element, 'ResponseLocation');
    endpoints.push({
      binding,
      location: checkedLocation(attributeValue(element, 'Location'), localName),
      ...(response === null ? {} : { responseLocation: checkedLocation(response, localName) }),
    });
  }
  return { endpoints, ignored };
}

/**
 * The AssertionConsumerServices of an SP role. Indexes are unique across *all* of them, kept or
 * not: an AuthnRequest may name one by AssertionConsumerServiceIndex (SAML core §3.4.1), and two
 * with the same index, or two defaults, would leave the choice of where assertions go open.
 * Throws ERR_METADATA_ENDPOINT, ERR_METADATA_INVALID or ERR_METADATA_ACS_AMBIGUOUS.
 */
export function readAssertionConsumers(role: Element): ReadEndpoints<AssertionConsumerEndpoint> {
  const endpoints: AssertionConsumerEndpoint[] = [];
  const ignored: IgnoredEndpoint[] = [];
  const seen = new Set<number>();
  let defaults = 0;
  for (const element of childElements(role, samlMetadataUris.metadata, 'AssertionConsumerService')) {
    const index = acsIndex(attributeValue(element, 'index'));
    if (seen.has(index))
      throw fail('ERR_METADATA_ACS_AMBIGUOUS', 'index de service de consommation en double', `index ${index} repeated`);
    seen.add(index);
    const isDefault = metadataBoolean(attributeValue(element, 'isDefault'), 'isDefault');
    if (isDefault) defaults += 1;
    const binding = knownBinding(element);
    if (binding === undefined) {
      ignored.push({ element: 'AssertionConsumerService', binding: attributeValue(element, 'Binding') ?? '' });
      continue;
    }
    endpoints.push({
      binding,
      location: checkedLocation(attributeValue(element, 'Location'), 'AssertionConsumerService'),
      index,
      isDefault,
    });
  }
  if (defaults > 1)
    throw fail(
      'ERR_METADATA_ACS_AMBIGUOUS',
      'plusieurs services de consommation par défaut',
      `${defaults} isDefault="true"`,
    );
  return { endpoints, ignored };
}

/** xs:boolean (XML Schema Part 2 §3.2.2): `true`, `false`, `1`, `0`; absent is false. Throws ERR_METADATA_INVALID. */
export function metadataBoolean(value: string | null, name: string): boolean {
  if (value === null || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw fail(
    'ERR_METADATA_INVALID',
    'valeur invalide dans les métadonnées',
    `${name}=${JSON.stringify(value.slice(0, 40))}`,
  );
}

function knownBinding(element: Element): SamlBinding | undefined {
  const uri = attributeValue(element, 'Binding');
  return bindingNames.find(([, known]) => known === uri)?.[0];
}

/** xs:unsignedShort, required on IndexedEndpointType (metadata §2.2.3). */
function acsIndex(value: string | null): number {
  if (value === null || !/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw fail(
      'ERR_METADATA_INVALID',
      'index de service de consommation invalide',
      `index=${JSON.stringify((value ?? '(absent)').slice(0, 40))}`,
    );
  }
  return Number(value);
}

/** An absolute https URL without credentials; http only on a loopback host (demo). Throws ERR_METADATA_ENDPOINT. */
function checkedLocation(location: string | null, element: string): string {
  let url: URL;
  try {
    url = new URL(location ?? '');
  } catch {
    throw fail(
      'ERR_METADATA_ENDPOINT',
      'adresse de service invalide dans les métadonnées',
      `${element} Location is not an absolute URL`,
    );
  }
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
  if (!allowed || url.username !== '' || url.password !== '') {
    throw fail(
      'ERR_METADATA_ENDPOINT',
      'adresse de service non https dans les métadonnées',
      `${element} Location ${url.protocol}//${url.host}`,
    );
  }
  return location as string;
}
