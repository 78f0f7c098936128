/** readAssertionFields on hand-made assertions: what is read, and what cannot be smuggled in. */
import assert from 'node:assert/strict';
import { readAssertionFields } from '../../../../src/trust/saml/read-assertion-fields.js';
import { parseXmlSafely } from '../../../../src/trust/xmldsig/parse-xml-safely.js';
import { thrownCode } from '../../../support/thrown-code.js';

const assertion = (inner: string, attributes = 'ID="_a" Version="2.0" IssueInstant="2026-09-01T08:00:00Z"'): Element =>
  parseXmlSafely(
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ${attributes}>${inner}</saml:Assertion>`,
  ).documentElement;

const attribute = (name: string, ...values: string[]): string =>
  `<saml:Attribute Name="${name}">`
  + `${values.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`;

describe('trust/saml readAssertionFields', () => {
  it('keeps attribute names such as __proto__ and constructor as plain names (null prototype)', () => {
    const fields = readAssertionFields(
      assertion(
        `<saml:AttributeStatement>${attribute('__proto__', 'x')}`
          + `${attribute('constructor', 'y')}</saml:AttributeStatement>`,
      ),
    );
    assert.equal(Object.getPrototypeOf(fields.attributes), null);
    assert.deepEqual(Object.entries(fields.attributes), [
      ['__proto__', ['x']],
      ['constructor', ['y']],
    ]);
    assert.equal(fields.attributes.toString, undefined);
  });

  it('joins the values of an attribute repeated across statements, in document order, blanks dropped', () => {
    const statements =
      `<saml:AttributeStatement>${attribute('a', '1', ' ')}</saml:AttributeStatement>`
      + `<saml:AttributeStatement>${attribute('a', '2')}</saml:AttributeStatement>`;
    assert.deepEqual(readAssertionFields(assertion(statements)).attributes.a, ['1', '2']);
  });

  it('reads the whole NameID text across comments and CDATA', () => {
    const fields = readAssertionFields(
      assertion(
        '<saml:Subject><saml:NameID>alice@ent.test<!-- x --><![CDATA[.evil]]>.example</saml:NameID></saml:Subject>',
      ),
    );
    assert.deepEqual(fields.nameId, { value: 'alice@ent.test.evil.example' });
  });

  it("ignores a NameID or confirmation nested deeper than the Subject's children", () => {
    const fields = readAssertionFields(
      assertion('<saml:Advice><saml:Subject><saml:NameID>mallory</saml:NameID></saml:Subject></saml:Advice>'),
    );
    assert.equal(fields.nameId, undefined);
    assert.deepEqual(fields.bearerConfirmations, []);
  });

  const instants: ReadonlyArray<readonly [string, string]> = [
    ['without a zone', '2026-09-01T08:00:00'],
    ['a date only', '2026-09-01'],
    ['not a date', 'tomorrow'],
  ];
  for (const [name, value] of instants) {
    it(`refuses an IssueInstant ${name} → ERR_SAML_RESPONSE_VALUE`, () => {
      assert.equal(
        thrownCode(() => readAssertionFields(assertion('', `ID="_a" Version="2.0" IssueInstant="${value}"`))),
        'ERR_SAML_RESPONSE_VALUE',
      );
    });
  }

  it('reads an instant with an offset as the UTC instant it names', () => {
    assert.deepEqual(
      readAssertionFields(assertion('', 'ID="_a" Version="2.0" IssueInstant="2026-09-01T10:00:00+02:00"')).issueInstant,
      new Date('2026-09-01T08:00:00Z'),
    );
  });

  it('refuses an assertion without ID → ERR_SAML_RESPONSE_VALUE', () => {
    assert.equal(
      thrownCode(() => readAssertionFields(assertion('', 'Version="2.0" IssueInstant="2026-09-01T08:00:00Z"'))),
      'ERR_SAML_RESPONSE_VALUE',
    );
  });
});
