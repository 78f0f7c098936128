/**
 * The decryption of an EncryptedAssertion: every supported algorithm pair in both key placements,
 * the hand-written OAEP decoder against node's own, the refusals, and the rule that an unsigned
 * Response with an encrypted assertion fails under one code whatever went wrong after decryption.
 */
import assert from 'node:assert/strict';
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { readIdpResponse, signEnveloped } from '../../../../src/trust/index.js';
import { decodeOaep } from '../../../../src/trust/saml/decode-oaep.js';
import { decryptAssertion } from '../../../../src/trust/saml/decrypt-assertion.js';
import type { ContentAlgorithm } from '../../../../src/trust/saml/xml-encryption-uris.js';
import { parseXmlSafely } from '../../../../src/trust/xmldsig/parse-xml-safely.js';
import { assertionXml, responseXml, validShape } from '../../../../scripts/acs-fixture-template.js';
import { thrownCode } from '../../../support/thrown-code.js';
import { acsExpectations, brokerDecryptionKey, readFixture } from './acs-expectations.js';
import { encryptAssertion, type KeyTransportChoice } from './xml-encrypt.js';

const brokerPublicKey = createPublicKey(brokerDecryptionKey);
const entKey = createPrivateKey(readFixture('test-ent-idp.key.pem'));
const untrustedKey = createPrivateKey(readFixture('test-untrusted-signer.key.pem'));
const plain = assertionXml(validShape);
const element = (xml: string): Element => parseXmlSafely(xml).documentElement;

describe('trust/saml decryptAssertion', () => {
  const contents: readonly ContentAlgorithm[] = ['aes-128-gcm', 'aes-256-gcm', 'aes-128-cbc', 'aes-256-cbc'];
  const transports: readonly KeyTransportChoice[] = ['mgf1p', 'oaep-sha1', 'oaep-sha256', 'oaep-sha256-mgf1sha1'];
  for (const content of contents) {
    for (const transport of transports) {
      for (const keyPlacement of ['key-info', 'sibling'] as const) {
        it(`opens ${content} with ${transport} (EncryptedKey ${keyPlacement})`, () => {
          const encrypted = encryptAssertion(plain, brokerPublicKey, { content, transport, keyPlacement });
          assert.equal(decryptAssertion(element(encrypted), [brokerDecryptionKey]), plain);
        });
      }
    }
  }

  const refusals: ReadonlyArray<readonly [string, (xml: string) => string, string]> = [
    [
      'RSA PKCS#1 v1.5 key transport',
      (x) => x.replace('xmlenc#rsa-oaep-mgf1p', 'xmlenc#rsa-1_5'),
      'ERR_SAML_RESPONSE_ENCRYPTION_ALGORITHM',
    ],
    [
      'Triple-DES content',
      (x) => x.replace('http://www.w3.org/2009/xmlenc11#aes256-gcm', 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc'),
      'ERR_SAML_RESPONSE_ENCRYPTION_ALGORITHM',
    ],
    [
      'an OAEP digest that is not SHA-1/SHA-256',
      (x) => x.replace('xmldsig#sha1', 'xmldsig-more#md5'),
      'ERR_SAML_RESPONSE_ENCRYPTION_ALGORITHM',
    ],
    [
      'a CipherReference instead of a CipherValue',
      (x) =>
        x.replace(
          /<xenc:CipherData><xenc:CipherValue>[^<]*<\/xenc:CipherValue><\/xenc:CipherData><\/xenc:EncryptedData>/,
          '<xenc:CipherData><xenc:CipherReference URI="https://evil.test/c"/></xenc:CipherData></xenc:EncryptedData>',
        ),
      'ERR_SAML_RESPONSE_DECRYPTION',
    ],
    [
      'a tampered GCM ciphertext',
      (x) =>
        x.replace(
          /(<\/ds:KeyInfo><xenc:CipherData><xenc:CipherValue>)(.)/,
          (_, t: string, c: string) => `${t}${c === 'A' ? 'B' : 'A'}`,
        ),
      'ERR_SAML_RESPONSE_DECRYPTION',
    ],
    [
      'five EncryptedKey elements',
      (x) =>
        x.replace(
          '</xenc:EncryptedData>',
          `</xenc:EncryptedData>${/<xenc:EncryptedKey[\s\S]*?<\/xenc:EncryptedKey>/.exec(x)?.[0].repeat(4) ?? ''}`,
        ),
      'ERR_SAML_RESPONSE_DECRYPTION',
    ],
    ['no EncryptedKey', (x) => x.replace(/<ds:KeyInfo[\s\S]*?<\/ds:KeyInfo>/, ''), 'ERR_SAML_RESPONSE_DECRYPTION'],
    [
      'an EncryptedData Type other than Element',
      (x) => x.replace('xmlenc#Element', 'xmlenc#Content'),
      'ERR_SAML_RESPONSE_DECRYPTION',
    ],
  ];
  for (const [name, edit, code] of refusals) {
    it(`refuses ${name} → ${code}`, () => {
      const encrypted = encryptAssertion(plain, brokerPublicKey, { content: 'aes-256-gcm', transport: 'mgf1p' });
      const edited = edit(encrypted);
      assert.notEqual(edited, encrypted);
      assert.equal(
        thrownCode(() => decryptAssertion(element(edited), [brokerDecryptionKey])),
        code,
      );
    });
  }
});

describe('trust/saml decodeOaep (used only when the OAEP and MGF1 digests differ)', () => {
  for (const hash of ['sha1', 'sha256'] as const) {
    it(`decodes what node's own OAEP-${hash} encoded`, () => {
      const message = randomBytes(32);
      const label = Buffer.from('label');
      const encrypted = publicEncrypt(
        { key: brokerPublicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash, oaepLabel: label },
        message,
      );
      const encoded = privateDecrypt({ key: brokerDecryptionKey, padding: constants.RSA_NO_PADDING }, encrypted);
      assert.deepEqual(decodeOaep(encoded, hash, hash, label), message);
      assert.throws(() => decodeOaep(encoded, hash, hash, Buffer.from('other label')), /OAEP decoding error/);
    });
  }

  it('refuses a block that is not OAEP at all', () => {
    assert.throws(() => decodeOaep(randomBytes(256), 'sha256', 'sha1', Buffer.alloc(0)), /OAEP decoding error/);
  });
});

describe('trust/saml readIdpResponse: an unsigned Response with an encrypted assertion fails under one code', () => {
  const post = (assertion: string): string => Buffer.from(responseXml(validShape, assertion)).toString('base64');
  const encrypt = (xml: string): string =>
    encryptAssertion(xml, brokerPublicKey, { content: 'aes-256-cbc', transport: 'mgf1p' });
  const signedBy = (key: typeof entKey): string => signEnveloped(plain, { element: 'root', privateKey: key });
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['plaintext that is not XML', encrypt('not xml at all')],
    ['plaintext that is XML but not SAML', encrypt('<a>b</a>')],
    ['an Assertion that breaks the schema', encrypt(plain.replace('Version="2.0" ', ''))],
    ['an unsigned Assertion', encrypt(plain)],
    ['an Assertion signed by an untrusted key', encrypt(signedBy(untrustedKey))],
    ['a signed Assertion altered after signing', encrypt(signedBy(entKey).replace(validShape.nameId, 'mallory'))],
    ['a signed Assertion with a DOCTYPE', encrypt(`<!DOCTYPE x>${signedBy(entKey)}`)],
  ];
  for (const [name, encrypted] of cases) {
    it(`${name} → ERR_SAML_RESPONSE_DECRYPTION`, () => {
      assert.equal(
        thrownCode(() => readIdpResponse(post(encrypted), acsExpectations({ requiredSignature: 'either' }))),
        'ERR_SAML_RESPONSE_DECRYPTION',
      );
    });
  }

  it('while the same assertion, signed by the ENT, is accepted', () => {
    assert.equal(
      readIdpResponse(post(encrypt(signedBy(entKey))), acsExpectations({ requiredSignature: 'either' })).assertionId,
      '_assertion-0001',
    );
  });
});
