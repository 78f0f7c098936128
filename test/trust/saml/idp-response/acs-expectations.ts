/** What the ACS tests expect of the fixtures in test/fixtures/saml/acs/ (see its README). */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  readIdpResponse,
  type IdpMetadata,
  type IdpResponseExpectations,
  type RequiredResponseSignature,
  type VerifiedIdpAssertion,
} from '../../../../src/trust/index.js';

export const acsFixtureFolder = new URL('../../../fixtures/saml/acs/', import.meta.url);

import { acsFixtureInstant, acsParties } from '../../../../scripts/acs-fixture-template.js';

/** The instant every fixture was made at, and the parties it names: the generator's own values. */
export const acsNow = acsFixtureInstant;
export { acsParties };

export const readFixture = (file: string): string => readFileSync(new URL(file, acsFixtureFolder), 'utf8');

/** The SAMLResponse form value for a fixture: the `.txt` one as is, an `.xml` one base64-encoded. */
export function postedValue(file: string): string {
  const text = readFixture(file);
  return file.endsWith('.txt') ? text.trim() : Buffer.from(text, 'utf8').toString('base64');
}

export function entIdpMetadata(certificateFiles: readonly string[] = ['test-ent-idp.crt.pem']): IdpMetadata {
  return {
    role: 'idp',
    entityId: acsParties.idp,
    wantAuthnRequestsSigned: true,
    signingCertificates: certificateFiles.map((file) => new X509Certificate(readFixture(file))),
    nameIdFormats: [],
    singleLogout: [],
    ignoredEndpoints: [],
    singleSignOn: [{ binding: 'HTTP-Redirect', location: 'https://ent.test/sso' }],
  };
}

export const brokerDecryptionKey = createPrivateKey(readFixture('test-broker-encryption.key.pem'));

export function acsExpectations(changes: Partial<IdpResponseExpectations> = {}): IdpResponseExpectations {
  return {
    idp: entIdpMetadata(),
    spEntityId: acsParties.sp,
    acsUrl: acsParties.acs,
    now: acsNow,
    skewSeconds: 60,
    requiredSignature: 'assertion',
    decryptionKeys: [brokerDecryptionKey],
    ...changes,
  };
}

export const readFixtureResponse = (
  file: string,
  required: RequiredResponseSignature,
  changes: Partial<IdpResponseExpectations> = {},
): VerifiedIdpAssertion =>
  readIdpResponse(postedValue(file), acsExpectations({ requiredSignature: required, ...changes }));
