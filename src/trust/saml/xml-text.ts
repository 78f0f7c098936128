/**
 * The SAML vocabulary the broker writes: instants and URIs. Values are escaped by core's
 * escapeXml, in the exclusive-c14n forms (`c14n-text`, `c14n-attribute`).
 */

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
