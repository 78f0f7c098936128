/**
 * saml-core §3.2.2.2: only a top-level Success says the user was authenticated. Read before any
 * signature (IdPs often leave error responses unsigned): the refusal needs no trust, and the log
 * gets the status code URIs, never the StatusMessage (free text, possibly personal).
 */
import { fail } from '../../core/fail.js';
import { childElements } from '../metadata/child-elements.js';
import { samlUris } from './xml-text.js';

/** At most this many nested StatusCode URIs, each cut short, go to the log detail. */
const loggedCodes = 3;

const noPassive = ['urn:oasis:names:tc:SAML:2.0:status:Responder', 'urn:oasis:names:tc:SAML:2.0:status:NoPassive'];

/**
 * Throws ERR_SAML_RESPONSE_STATUS unless the Response's top-level StatusCode is Success;
 * ERR_SAML_RESPONSE_NO_PASSIVE for Responder/NoPassive (saml-core §3.2.2.2): the answer to an
 * IsPassive request when the ENT has no session, which the broker handles as such.
 */
export function checkResponseStatus(response: Element): void {
  const codes = statusCodes(response);
  if (codes[0] === noPassive[0] && codes[1] === noPassive[1]) {
    throw fail('ERR_SAML_RESPONSE_NO_PASSIVE', "L'ENT n'a pas de session ouverte.", 'status Responder > NoPassive');
  }
  if (codes[0] !== samlUris.success) {
    throw fail(
      'ERR_SAML_RESPONSE_STATUS',
      "L'ENT n'a pas authentifié l'utilisateur.",
      `status ${
        codes
          .slice(0, loggedCodes)
          .map((c) => c.slice(0, 120))
          .join(' > ') || '(none)'
      }`,
    );
  }
}

/** The StatusCode Values, outermost first (the schema guarantees one Status with one StatusCode). */
function statusCodes(response: Element): string[] {
  const values: string[] = [];
  let parent: Element | undefined = childElements(response, samlUris.protocol, 'Status')[0];
  for (let depth = 0; parent !== undefined && depth < loggedCodes + 1; depth += 1) {
    const code: Element | undefined = childElements(parent, samlUris.protocol, 'StatusCode')[0];
    if (code !== undefined) values.push(code.getAttribute('Value') ?? '');
    parent = code;
  }
  return values;
}
