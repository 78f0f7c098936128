/**
 * Keys for the broker (signing) and a publisher (encryption), a node-saml publisher SP to check
 * the broker's Responses with (another library than the broker's), and a sample assertion.
 */
import { X509Certificate } from 'node:crypto';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import type { AssertionToSp, ResponseSigningKeys } from '../../../../src/trust/index.js';
import { testKey } from '../sp-request/sp-request-fixtures.js';

export const brokerKey = testKey('broker-idp');
export const publisherEncryption = testKey('publisher-encryption');
export const idpEntityId = 'https://broker.test/idp';
export const spEntityId = 'https://publisher.test/sp';
export const acs = 'https://publisher.test/acs';

export function signingKeys(encrypt?: 'aes-256-gcm' | 'aes-128-gcm' | 'aes-256-cbc'): ResponseSigningKeys {
  return {
    privateKey: brokerKey.privateKey,
    certificatePem: brokerKey.certPem,
    ...(encrypt === undefined
      ? {}
      : { encryptTo: { certificate: new X509Certificate(publisherEncryption.certPem), algorithm: encrypt } }),
  };
}

export function assertion(overrides: Partial<AssertionToSp> = {}): AssertionToSp {
  return {
    idpEntityId,
    spEntityId,
    acsUrl: acs,
    inResponseTo: '_request1',
    nameId: '_transient1',
    sessionIndex: '_session1',
    authnInstant: new Date(Date.now() - 1000),
    now: new Date(),
    lifetimeSeconds: 300,
    skewSeconds: 60,
    attributes: [
      { name: 'IDO', values: ['ido-1'] },
      { name: 'GARPersonProfils', values: ['National_ELV', 'National_ENS'] },
    ],
    ...overrides,
  };
}

export function nodeSamlSp(): SAML {
  return new SAML({
    callbackUrl: acs,
    issuer: spEntityId,
    audience: spEntityId,
    idpCert: brokerKey.certPem,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    decryptionPvk: publisherEncryption.keyPem,
    validateInResponseTo: ValidateInResponseTo.never,
    acceptedClockSkewMs: 5000,
  });
}

export const base64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');
