/**
 * The only files libxml2 may read: the four SAML 2.0 schemas bundled with
 * `@authenio/samlify-xmllint-wasm`, served from memory by their exact file names.
 *
 * Security: the provider claims every name libxml2 asks for (`match` is always true), so
 * libxml2's own loaders never get a name to open: anything but the four bundled schemas fails
 * to open, whether a path (/etc/passwd), a file: URL or an http: URL. Callers refuse DOCTYPEs
 * and never ask for DTD loading either; this is the second wall.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { XmlInputProvider } from 'libxml2-wasm';

/** The protocol schema first: it imports the other three (saml-core §1.4, xmldsig, xmlenc). */
export const bundledSamlSchemaNames = [
  'saml-schema-protocol-2.0.xsd',
  'saml-schema-assertion-2.0.xsd',
  'xmldsig-core-schema.xsd',
  'xenc-schema.xsd',
] as const;

/** Reads the bundled schemas from the installed package, by name. */
export function readBundledSamlSchemas(): ReadonlyMap<string, Uint8Array> {
  const manifest = createRequire(import.meta.url).resolve('@authenio/samlify-xmllint-wasm/package.json');
  const folder = join(dirname(manifest), 'schemas');
  return new Map(bundledSamlSchemaNames.map((name) => [name, readFileSync(join(folder, name))]));
}

/** An input provider serving exactly `files` (by exact name) and refusing every other name. */
export function createBundledSchemaProvider(files: ReadonlyMap<string, Uint8Array>): XmlInputProvider {
  const open = new Map<number, { bytes: Uint8Array; position: number }>();
  let nextHandle = 1;
  return {
    match: () => true,
    open: (name) => {
      const bytes = files.get(name);
      if (bytes === undefined) return undefined;
      const handle = nextHandle++;
      open.set(handle, { bytes, position: 0 });
      return handle;
    },
    read: (handle, buffer) => {
      const file = open.get(handle);
      if (file === undefined) return -1;
      const chunk = file.bytes.subarray(file.position, file.position + buffer.byteLength);
      buffer.set(chunk);
      file.position += chunk.byteLength;
      return chunk.byteLength;
    },
    close: (handle) => open.delete(handle),
  };
}
