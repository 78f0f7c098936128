/**
 * Escaping for the XML the broker writes, in the exact form exclusive c14n renders (xml-c14n11 §2.3,
 * kept by exc-c14n): text escapes `& < > \r`, attribute values `& < " \t \n \r`. A string built
 * with these is already canonical, so its digest can be taken without a canonicalizer.
 */
export function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) => textEntities[c] ?? c);
}

export function escapeAttribute(value: string): string {
  return value.replace(/[&<"\t\n\r]/g, (c) => attributeEntities[c] ?? c);
}

const textEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const attributeEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };

/** xs:dateTime in UTC without milliseconds, as SAML peers expect (core §1.3.3). */
export function samlInstant(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const samlUris = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  postBinding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  redirectBinding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  entityFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity',
  bearer: 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
  basicAttribute: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
  passwordProtectedTransport: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  success: 'urn:oasis:names:tc:SAML:2.0:status:Success',
  responder: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
} as const;
