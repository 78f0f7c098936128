/**
 * Schema validation of untrusted SAML 2.0 messages (Responses from ENTs, AuthnRequests and
 * LogoutRequests from publishers) against the OASIS protocol schema and its imports
 * (assertion, xmldsig, xenc), with libxml2 compiled to WebAssembly: no Java, no native code.
 *
 * The schema is compiled once per process; each call parses the message afresh and frees it,
 * since libxml2 objects live in wasm memory that no garbage collector reclaims in time.
 *
 * Security (architecture: only src/trust parses untrusted XML; saml-sec-consider §6.3.1):
 * - the size is checked first, so parsing cost is bounded;
 * - a DOCTYPE is refused before libxml2 sees the text (see `refuseDoctype`), so no entity is
 *   declared or expanded and no external DTD is named;
 * - libxml2 parses with NONET and NO_XXE and never DTDLOAD/NOENT, and its only input provider
 *   serves the four bundled schemas by exact name (bundled-saml-schema-provider.ts).
 */
import {
  ParseOption,
  XmlDocument,
  XmlParseError,
  XmlValidateError,
  XsdValidator,
  xmlRegisterInputProvider,
  type ErrorDetail,
} from 'libxml2-wasm';
import { fail } from '../../core/fail.js';
import {
  bundledSamlSchemaNames,
  createBundledSchemaProvider,
  readBundledSamlSchemas,
} from './bundled-saml-schema-provider.js';

export interface SamlSchemaValidator {
  /** Returns when `xml` is a schema-valid SAML 2.0 document; throws a coded BrokerError otherwise. */
  validate(xml: string): void;
}

export interface SamlSchemaValidatorOptions {
  /** UTF-8 bytes of a message; larger ones are refused unparsed. */
  readonly maxBytes?: number;
}

export const defaultSamlSchemaMaxBytes = 256 * 1024;

/**
 * NONET and NO_XXE: nothing outside the text is loaded. IGNORE_ENC: the text reaches libxml2 as
 * UTF-8 (from a JS string) and is decoded as such whatever its declaration says, so the text
 * libxml2 reads is the text `refuseDoctype` scanned.
 */
const parseOptions = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_IGNORE_ENC;

/** libxml2 messages kept in an error's log-only detail. */
const detailMessages = 3;

/** The compiled schema and the document it was compiled from, held for the process's life. */
let compiled: { readonly schemaDocument: XmlDocument; readonly schema: XsdValidator } | undefined;

/** Compiles the protocol schema (and, through the provider, its imports) on first use only. */
function compiledSamlSchema(): XsdValidator {
  if (compiled !== undefined) return compiled.schema;
  const files = readBundledSamlSchemas();
  if (!xmlRegisterInputProvider(createBundledSchemaProvider(files))) {
    throw fail('ERR_SAML_SCHEMA_SETUP', 'validation SAML indisponible', 'libxml2 refused the schema input provider');
  }
  const [protocol] = bundledSamlSchemaNames;
  const bytes = files.get(protocol);
  if (bytes === undefined) throw fail('ERR_SAML_SCHEMA_SETUP', 'validation SAML indisponible', `missing ${protocol}`);
  // The url is the schema's own name, so libxml2 resolves each schemaLocation to a bare file
  // name the provider knows. The schema document stays referenced: the compiled schema may point
  // into it, and an unreferenced wrapper would be freed by libxml2-wasm's finalizer.
  const schemaDocument = XmlDocument.fromBuffer(bytes, { url: protocol, option: parseOptions });
  compiled = { schemaDocument, schema: XsdValidator.fromDoc(schemaDocument) };
  return compiled.schema;
}

/** Builds a validator; the first one built pays the schema compilation (≈ 20 ms). */
export function createSamlSchemaValidator(options: SamlSchemaValidatorOptions = {}): SamlSchemaValidator {
  const maxBytes = options.maxBytes ?? defaultSamlSchemaMaxBytes;
  const schema = compiledSamlSchema();
  return {
    validate(xml: string): void {
      const size = Buffer.byteLength(xml, 'utf8');
      if (size > maxBytes) {
        throw fail(
          'ERR_SAML_TOO_LARGE',
          `message SAML trop grand (${maxBytes} octets au plus)`,
          `bytes=${size} max=${maxBytes}`,
        );
      }
      refuseDoctype(xml);
      const document = parseSamlXml(xml);
      try {
        schema.validate(document);
      } catch (err) {
        if (err instanceof XmlValidateError) {
          throw fail('ERR_SAML_SCHEMA_INVALID', 'message SAML non conforme au schéma SAML 2.0', describe(err.details));
        }
        throw err;
      } finally {
        document.dispose();
      }
    },
  };
}

/**
 * XML 1.0 §2.8: entities and external DTDs can only be declared in a doctypedecl, which must be
 * written literally `<!DOCTYPE` in the prolog; a SAML message never needs one. A substring
 * scan is enough because libxml2 reads exactly this text (see parseOptions), and it costs far
 * less than a second parse (saxes, as create-guarded-sax-parser.ts does, would double the cost).
 * It is case-insensitive and also refuses the string inside a comment or CDATA section: failing
 * closed costs nothing there.
 */
function refuseDoctype(xml: string): void {
  if (/<!DOCTYPE/i.test(xml)) {
    throw fail(
      'ERR_SAML_XML_DOCTYPE',
      'DOCTYPE interdit dans un message SAML',
      'DOCTYPE declaration refused before parsing',
    );
  }
}

function parseSamlXml(xml: string): XmlDocument {
  try {
    return XmlDocument.fromString(xml, { option: parseOptions });
  } catch (err) {
    if (err instanceof XmlParseError) {
      throw fail('ERR_SAML_XML_MALFORMED', 'message SAML mal formé (XML invalide)', describe(err.details));
    }
    throw err;
  }
}

/** The first libxml2 messages with their line, for logs (each cut short: values may be quoted). */
function describe(details: readonly ErrorDetail[]): string {
  const lines = details.slice(0, detailMessages).map((d) => `line ${d.line}: ${d.message.trim().slice(0, 300)}`);
  return lines.length > 0 ? lines.join(' | ') : 'no libxml2 diagnostic';
}
