/**
 * CAS protocol 3.0 wire formats the broker writes (§2.6, appendix A and C), read back with a
 * DOM parser and JSON.parse as a CAS client would: one element per value, names = GAR codes,
 * hostile values escaped, control characters that XML cannot carry replaced.
 */
import assert from 'node:assert/strict';
import { casLogoutRequest } from '../../src/federation/cas-logout-request.js';
import { renderCasServiceResponse, type CasValidation } from '../../src/federation/index.js';
import { readJsonAnswer, readXmlAnswer, sessionIndexOf } from '../support/cas-peer.js';

const ido = 'a'.repeat(128);
const success: CasValidation = {
  kind: 'success',
  user: ido,
  attributes: [
    { name: 'IDO', values: [ido] },
    { name: 'UAI', values: ['0561534N'] },
    { name: 'PRO', values: ['National_elv'] },
    { name: 'NOM', values: ["O'Brien <script>&amp;</script>"] },
    { name: 'DIV', values: ['6A##6e A', '6B##"6e B"'] },
  ],
};

describe('CAS serviceValidate answers', () => {
  it(
    'success, XML: cas:user is the IDO; '
      + 'cas:attributes holds one element per value, in order, values intact after escaping',
    () => {
      const { contentType, body } = renderCasServiceResponse(success, 'xml');
      assert.equal(contentType, 'application/xml; charset=utf-8');
      assert.doesNotMatch(body, /<script>/);
      assert.deepEqual(readXmlAnswer(body), {
        kind: 'success',
        user: ido,
        attributes: {
          IDO: [ido],
          UAI: ['0561534N'],
          PRO: ['National_elv'],
          NOM: ["O'Brien <script>&amp;</script>"],
          DIV: ['6A##6e A', '6B##"6e B"'],
        },
      });
    },
  );

  it('success, JSON: serviceResponse.authenticationSuccess with user and every attribute as an array', () => {
    const { contentType, body } = renderCasServiceResponse(success, 'json');
    assert.equal(contentType, 'application/json; charset=utf-8');
    assert.deepEqual(JSON.parse(body), {
      serviceResponse: {
        authenticationSuccess: {
          user: ido,
          attributes: {
            IDO: [ido],
            UAI: ['0561534N'],
            PRO: ['National_elv'],
            NOM: ["O'Brien <script>&amp;</script>"],
            DIV: ['6A##6e A', '6B##"6e B"'],
          },
        },
      },
    });
  });

  for (const code of ['INVALID_REQUEST', 'INVALID_TICKET', 'INVALID_SERVICE', 'INTERNAL_ERROR'] as const) {
    it(`failure ${code} in both forms`, () => {
      const failure: CasValidation = { kind: 'failure', code, description: 'Ticket <inconnu> & "refusé"' };
      assert.deepEqual(readXmlAnswer(renderCasServiceResponse(failure, 'xml').body), {
        kind: 'failure',
        code,
        description: 'Ticket <inconnu> & "refusé"',
      });
      assert.deepEqual(readJsonAnswer(renderCasServiceResponse(failure, 'json').body), {
        kind: 'failure',
        code,
        description: 'Ticket <inconnu> & "refusé"',
      });
    });
  }

  it('keeps the document well-formed when a value holds characters XML 1.0 forbids (replaced by U+FFFD)', () => {
    const hostile: CasValidation = {
      kind: 'success',
      user: ido,
      attributes: [{ name: 'NOM', values: ['a\u0000b\u001Fc\uD800d'] }],
    };
    const answer = readXmlAnswer(renderCasServiceResponse(hostile, 'xml').body);
    assert.deepEqual(answer.kind === 'success' ? answer.attributes['NOM'] : answer, ['a\uFFFDb\uFFFDc\uFFFDd']);
  });

  it('refuses an attribute name that is not a code (a bug, never escaped into an element name)', () => {
    assert.throws(() =>
      renderCasServiceResponse({ kind: 'success', user: ido, attributes: [{ name: 'x><y', values: ['1'] }] }, 'xml'),
    );
  });
});

describe('CAS back-channel LogoutRequest', () => {
  it('is a SAML 2 LogoutRequest: ID, Version 2.0, IssueInstant, NameID @NOT_USED@, SessionIndex = the ticket', () => {
    const xml = casLogoutRequest('ST-abc_DEF-123', new Date('2026-03-01T10:00:00.123Z'));
    assert.deepEqual(sessionIndexOf(xml), {
      sessionIndex: 'ST-abc_DEF-123',
      nameId: '@NOT_USED@',
      root: 'urn:oasis:names:tc:SAML:2.0:protocol#LogoutRequest',
    });
    assert.match(xml, / ID="_[0-9a-f]{40}" Version="2\.0" IssueInstant="2026-03-01T10:00:00Z"/);
    assert.notEqual(
      /ID="([^"]+)"/.exec(xml)?.[1],
      /ID="([^"]+)"/.exec(casLogoutRequest('ST-x', new Date()))?.[1],
      'a new ID each time',
    );
  });
});
