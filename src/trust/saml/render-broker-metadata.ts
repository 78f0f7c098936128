/**
 * The broker's own metadata (saml-metadata-2.0-os): its SP side for the ENTs, its IdP side for
 * the publishers. What it announces is what it enforces: signed requests, HTTP-POST answers only,
 * and WantAssertionsSigned="true" only when the Response policy (`requiredSignature`) refuses an
 * assertion that is not signed itself; under `response` or `either` a Response signed only as a
 * whole is accepted, so the metadata says "false" (saml-metadata §2.4.4: the SP "requires" signed
 * assertions when true). Served unsigned (over TLS); partners pin the certificates.
 */
import { X509Certificate } from 'node:crypto';
import { escapeXml } from '../../core/escape-xml.js';
import { fail } from '../../core/fail.js';
import { samlMetadataUris } from '../metadata/saml-metadata.js';
import { element } from './canonical-xml.js';
import type { BrokerIdpMetadataInput, BrokerSpMetadataInput, RequiredResponseSignature } from './saml-protocol.js';
import { samlUris } from './xml-text.js';

const md = samlMetadataUris.metadata;
const protocolSupport = { protocolSupportEnumeration: samlUris.protocol };

export function renderBrokerSpMetadata(input: BrokerSpMetadataInput): string {
  const keys =
    keyDescriptors(input.signingCertificatesPem, 'signing')
    + keyDescriptors(input.encryptionCertificatesPem, 'encryption');
  const acs = element(
    'md:AssertionConsumerService',
    {},
    { Binding: samlUris.postBinding, Location: input.acsUrl, index: '0', isDefault: 'true' },
  );
  const roleAttributes = {
    ...protocolSupport,
    AuthnRequestsSigned: 'true',
    WantAssertionsSigned: String(wantsSignedAssertions(input.requiredSignature)),
  };
  const content = keys + singleLogout(input.sloUrl) + nameIdFormat() + acs;
  const descriptor = element('md:SPSSODescriptor', {}, roleAttributes, content);
  return document(input.entityId, descriptor);
}

/** Whether the policy refuses a Response whose assertion is not signed itself. */
export function wantsSignedAssertions(required: RequiredResponseSignature): boolean {
  return required === 'assertion' || required === 'both';
}

export function renderBrokerIdpMetadata(input: BrokerIdpMetadataInput): string {
  const sso = (['HTTP-Redirect', 'HTTP-POST'] as const)
    .map((binding) =>
      element('md:SingleSignOnService', {}, { Binding: samlMetadataUris.bindings[binding], Location: input.ssoUrl }),
    )
    .join('');
  const attributes = input.attributeNames
    .map((name) =>
      element('saml:Attribute', { saml: samlUris.assertion }, { Name: name, NameFormat: samlUris.basicAttribute }),
    )
    .join('');
  const descriptor = element(
    'md:IDPSSODescriptor',
    {},
    { ...protocolSupport, WantAuthnRequestsSigned: String(input.wantAuthnRequestsSigned) },
    keyDescriptors(input.signingCertificatesPem, 'signing')
      + singleLogout(input.sloUrl)
      + nameIdFormat()
      + sso
      + attributes,
  );
  return document(input.entityId, descriptor);
}

function document(entityId: string, descriptor: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `${element('md:EntityDescriptor', { md }, { entityID: entityId }, descriptor)}\n`
  );
}

/**
 * saml-profiles §4.4.5: partners find where to send logout messages in metadata. Both browser
 * bindings at one URL (the endpoint tells them apart by method). Schema order (saml-metadata
 * §2.4.2 SSODescriptorType): after the KeyDescriptors, before NameIDFormat and the role's services.
 */
function singleLogout(url: string | undefined): string {
  if (url === undefined) return '';
  return (['HTTP-Redirect', 'HTTP-POST'] as const)
    .map((binding) =>
      element('md:SingleLogoutService', {}, { Binding: samlMetadataUris.bindings[binding], Location: url }),
    )
    .join('');
}

/** Transient only: a publisher never receives a persistent identifier it could link across services. */
const nameIdFormat = (): string =>
  element('md:NameIDFormat', {}, {}, escapeXml(samlUris.transient, { form: 'c14n-text' }));

function keyDescriptors(pems: readonly string[], use: 'signing' | 'encryption'): string {
  return pems
    .map((pem) => {
      const body = element('ds:X509Data', {}, {}, element('ds:X509Certificate', {}, {}, certificateDer(pem)));
      return element(
        'md:KeyDescriptor',
        {},
        { use },
        element('ds:KeyInfo', { ds: samlMetadataUris.xmldsig }, {}, body),
      );
    })
    .join('');
}

function certificateDer(pem: string): string {
  try {
    return new X509Certificate(pem).raw.toString('base64');
  } catch (error) {
    throw fail(
      'ERR_SAML_METADATA_RENDER',
      'Métadonnées du service indisponibles.',
      `certificate: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
