import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import samlify from 'samlify';
import { isBrokerError } from '../../../src/core/broker-error.js';
import { errorCodes } from '../../../src/core/error-codes.js';
import {
  createBundledSchemaProvider,
  readBundledSamlSchemas,
} from '../../../src/trust/saml/bundled-saml-schema-provider.js';
import { createSamlSchemaValidator, defaultSamlSchemaMaxBytes } from '../../../src/trust/saml/saml-schema-validator.js';
import {
  createSamlifySchemaValidator,
  samlifyValidationSuccess,
} from '../../../src/trust/saml/samlify-schema-validator.js';
import { thrownCode } from '../../support/thrown-code.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/saml/schema/${name}`, import.meta.url), 'utf8');
const validator = createSamlSchemaValidator();

function thrown(work: () => unknown): { code: string; status: number; detail: string } {
  try {
    work();
  } catch (err) {
    if (isBrokerError(err)) return { code: err.code, status: err.status, detail: err.detail ?? '' };
    throw err;
  }
  throw new Error('expected a BrokerError');
}

describe('trust/saml: SAML schema validation with libxml2-wasm', () => {
  describe('fixtures (see test/fixtures/saml/schema/README.md)', () => {
    const cases: ReadonlyArray<readonly [string, string | undefined]> = [
      ['valid.response-signed-shape.xml', undefined],
      ['valid.authn-request.xml', undefined],
      ['valid.logout-request.xml', undefined],
      ['invalid.missing-issue-instant.xml', 'ERR_SAML_SCHEMA_INVALID'],
      ['invalid.unknown-element-in-assertion.xml', 'ERR_SAML_SCHEMA_INVALID'],
      ['invalid.wrong-version.xml', 'ERR_SAML_SCHEMA_INVALID'],
      ['invalid.not-saml.xml', 'ERR_SAML_SCHEMA_INVALID'],
      ['invalid.doctype-xxe.xml', 'ERR_SAML_XML_DOCTYPE'],
      ['invalid.malformed.xml', 'ERR_SAML_XML_MALFORMED'],
    ];
    for (const [name, code] of cases) {
      it(`${name} → ${code ?? 'valid'}`, () => {
        const xml = fixture(name);
        if (code === undefined) validator.validate(xml);
        else
          assert.equal(
            thrownCode(() => validator.validate(xml)),
            code,
          );
      });
    }
  });

  it('puts the first libxml2 messages in the log-only detail, with status 400', () => {
    const failure = thrown(() => validator.validate(fixture('invalid.unknown-element-in-assertion.xml')));
    assert.equal(failure.status, 400);
    assert.match(failure.detail, /GarExtra/);
    assert.match(thrown(() => validator.validate(fixture('invalid.missing-issue-instant.xml'))).detail, /IssueInstant/);
  });

  it('its codes carry the statuses the brief fixes (413 for size, 400 otherwise)', () => {
    const statuses = {
      ERR_SAML_TOO_LARGE: 413,
      ERR_SAML_XML_DOCTYPE: 400,
      ERR_SAML_XML_MALFORMED: 400,
      ERR_SAML_SCHEMA_INVALID: 400,
    } as const;
    for (const [code, status] of Object.entries(statuses))
      assert.equal(errorCodes[code as keyof typeof statuses].status, status, code);
  });

  describe('size limit', () => {
    const response = fixture('valid.response-signed-shape.xml');

    it('refuses a message over the default 256 KiB with 413, unparsed', () => {
      // Whitespace padding: the document stays valid, so only the size can refuse it.
      const padded = response.replace('</samlp:Response>', `${' '.repeat(defaultSamlSchemaMaxBytes)}</samlp:Response>`);
      const failure = thrown(() => validator.validate(padded));
      assert.deepEqual([failure.code, failure.status], ['ERR_SAML_TOO_LARGE', 413]);
    });

    it('counts UTF-8 bytes against the given limit, the limit itself included', () => {
      const bytes = Buffer.byteLength(response, 'utf8');
      createSamlSchemaValidator({ maxBytes: bytes }).validate(response);
      assert.equal(
        thrownCode(() => createSamlSchemaValidator({ maxBytes: bytes - 1 }).validate(response)),
        'ERR_SAML_TOO_LARGE',
      );
    });
  });

  describe('nothing outside the message is ever read', () => {
    const logout = fixture('valid.logout-request.xml');
    const doctypes = [
      ['an internal subset with an external entity', fixture('invalid.doctype-xxe.xml')],
      [
        'a lower-case doctype naming an external DTD',
        logout.replace('<samlp:', '<!doctype x SYSTEM "file:///etc/passwd"><samlp:'),
      ],
      ['a DOCTYPE after a comment', logout.replace('<samlp:', '<!-- c --><!DOCTYPE x [<!ENTITY a "aaaa">]><samlp:')],
      [
        'a DOCTYPE behind a declaration naming another encoding',
        logout
          .replace('encoding="UTF-8"', 'encoding="UTF-16"')
          .replace('<samlp:', '<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd"><samlp:'),
      ],
    ] as const;
    for (const [what, xml] of doctypes) {
      it(`refuses ${what} before libxml2 parses it`, () => {
        // libxml2 never throws this code: only the pre-scan does.
        assert.equal(
          thrownCode(() => validator.validate(xml)),
          'ERR_SAML_XML_DOCTYPE',
        );
      });
    }

    it('the input provider serves the four bundled schemas by exact name and nothing else', () => {
      const files = readBundledSamlSchemas();
      const provider = createBundledSchemaProvider(files);
      assert.deepEqual([...files.keys()].sort(), [
        'saml-schema-assertion-2.0.xsd',
        'saml-schema-protocol-2.0.xsd',
        'xenc-schema.xsd',
        'xmldsig-core-schema.xsd',
      ]);
      for (const name of files.keys()) assert.equal(typeof provider.open(name), 'number', name);
      const refused = [
        '/etc/passwd',
        'file:///etc/passwd',
        'http://127.0.0.1/x.xsd',
        './saml-schema-protocol-2.0.xsd',
        'XMLSchema.dtd',
        'datatypes.dtd',
        `/x/${[...files.keys()][0]}`,
      ];
      for (const name of refused) {
        // match claims every name, so libxml2's own file loader is never asked to open one.
        assert.equal(provider.match(name), true, name);
        assert.equal(provider.open(name), undefined, name);
      }
    });

    it('ignores xsi:schemaLocation hints in the message', () => {
      const hinted = logout.replace(
        'xmlns:samlp=',
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
          + ' xsi:schemaLocation="urn:oasis:names:tc:SAML:2.0:protocol file:///etc/passwd" xmlns:samlp=',
      );
      validator.validate(hinted);
    });
  });

  it('keeps wasm memory flat over 10,000 validations (valid, schema-invalid and malformed)', async function () {
    this.timeout(120_000);
    // A fresh process, so the probe sees libxml2's own WebAssembly memory from its creation.
    const probe = fileURLToPath(new URL('./wasm-memory-probe.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', probe, '10000'], {
      timeout: 110_000,
    });
    const result = JSON.parse(stdout) as { afterWarmUp: number; afterRun: number; validations: number };
    assert.equal(result.validations, 10_000);
    assert.ok(result.afterWarmUp > 0);
    assert.equal(
      result.afterRun,
      result.afterWarmUp,
      `wasm memory grew from ${result.afterWarmUp} to ${result.afterRun} bytes`,
    );
  });

  describe('samlify adapter', () => {
    const adapter = createSamlifySchemaValidator(validator);

    it('resolves with the success string for a valid message and rejects with the coded error otherwise', async () => {
      assert.equal(await adapter.validate(fixture('valid.response-signed-shape.xml')), samlifyValidationSuccess);
      await assert.rejects(adapter.validate(fixture('invalid.doctype-xxe.xml')), { code: 'ERR_SAML_XML_DOCTYPE' });
      await assert.rejects(adapter.validate(fixture('invalid.not-saml.xml')), { code: 'ERR_SAML_SCHEMA_INVALID' });
    });

    it('is accepted by samlify and used as samlify calls it', async () => {
      samlify.setSchemaValidator(adapter);
      assert.equal(await samlify.SamlLib.isValidXml(fixture('valid.authn-request.xml')), samlifyValidationSuccess);
      await assert.rejects(samlify.SamlLib.isValidXml(fixture('invalid.malformed.xml')), {
        code: 'ERR_SAML_XML_MALFORMED',
      });
    });
  });
});
