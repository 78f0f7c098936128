/**
 * The schema validator in the shape samlify 2.13 wants for `setSchemaValidator`: samlify awaits
 * `validate(xml)` before it reads a message (flow.js, libsaml `isValidXml`) and treats any
 * rejection as an invalid message; the resolved value is not read, and 'SUCCESS_VALIDATE_XML'
 * is what samlify's documentation shows.
 */
import type { SamlSchemaValidator } from './saml-schema-validator.js';

export interface SamlifySchemaValidator {
  validate(xml: string): Promise<string>;
}

export const samlifyValidationSuccess = 'SUCCESS_VALIDATE_XML';

/** Wraps `validator`: resolves on a valid message, rejects with its coded BrokerError otherwise. */
export function createSamlifySchemaValidator(validator: SamlSchemaValidator): SamlifySchemaValidator {
  return {
    validate: async (xml: string) => {
      validator.validate(xml);
      return samlifyValidationSuccess;
    },
  };
}
