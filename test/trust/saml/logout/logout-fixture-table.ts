/**
 * The logout fixture corpus as a table: each file of test/fixtures/saml/logout/, what it shows,
 * which reader gets it at which of the broker's endpoints, and the exact code it is refused with
 * (or `accepted`). make-logout-fixtures.ts writes the files and the README from it; the tests
 * run it and check that the README and the folder say the same.
 */
export const accepted = 'accepted';

export interface LogoutFixtureRow {
  readonly file: string;
  readonly shows: string;
  readonly readAs: 'request' | 'response';
  /** The broker's SP endpoint (`sp`, where ENTs send) or IdP endpoint (`idp`, where publishers send). */
  readonly at: 'sp' | 'idp';
  readonly expected: string;
}

const row = (
  file: string, readAs: LogoutFixtureRow['readAs'], at: LogoutFixtureRow['at'], expected: string, shows: string,
): LogoutFixtureRow => ({ file, shows, readAs, at, expected });

export const logoutFixtureTable: readonly LogoutFixtureRow[] = [
  row('valid.request.ent.redirect.query.txt', 'request', 'sp', accepted,
    'the ENT\'s LogoutRequest by HTTP-Redirect, RSA-SHA256 query signature, RelayState, persistent NameID, '
    + 'two SessionIndexes'),
  row('valid.request.publisher.post.xml', 'request', 'idp', accepted,
    'a publisher\'s LogoutRequest by HTTP-POST, enveloped signature, transient NameID with SPNameQualifier, '
    + 'NotOnOrAfter'),
  row('valid.request.redirect-sha512.query.txt', 'request', 'idp', accepted,
    'HTTP-Redirect signed RSA-SHA512, no RelayState'),
  row('valid.request.not-on-or-after-within-skew.post.xml', 'request', 'idp', accepted,
    'NotOnOrAfter 30 s before now: past, but within the 60 s skew'),
  row('valid.response.publisher.redirect.query.txt', 'response', 'idp', accepted,
    'a publisher\'s LogoutResponse by HTTP-Redirect (SAMLResponse), status Success'),
  row('valid.response.ent.post.xml', 'response', 'sp', accepted,
    'the ENT\'s LogoutResponse by HTTP-POST, Success with second-level PartialLogout'),
  row('valid.response.requester-status.redirect.query.txt', 'response', 'idp', accepted,
    'status Requester / UnknownPrincipal: the message is authentic, its status is returned, not judged'),
  row('unsigned.request.redirect.query.txt', 'request', 'sp', 'ERR_SAML_LOGOUT_UNSIGNED',
    'an unsigned HTTP-Redirect LogoutRequest (no SigAlg, no Signature)'),
  row('unsigned.request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_UNSIGNED', 'an unsigned HTTP-POST LogoutRequest'),
  row('unsigned.response.redirect.query.txt', 'response', 'idp', 'ERR_SAML_LOGOUT_UNSIGNED',
    'an unsigned HTTP-Redirect LogoutResponse'),
  row('unsigned.response.post.xml', 'response', 'sp', 'ERR_SAML_LOGOUT_UNSIGNED',
    'an unsigned HTTP-POST LogoutResponse'),
  row('signature-stripped.request.redirect.query.txt', 'request', 'sp', 'ERR_SAML_LOGOUT_UNSIGNED',
    'the Signature parameter removed, SigAlg left'),
  row('signature-stripped.request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_UNSIGNED',
    'the ds:Signature removed from a signed POST request (signature exclusion)'),
  row('signed-by-untrusted-key.request.redirect.query.txt', 'request', 'sp', 'ERR_SAML_LOGOUT_SIGNATURE_INVALID',
    'a query signature by a key no metadata lists'),
  row('signed-by-untrusted-key.request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_SIGNATURE_INVALID',
    'an enveloped signature by a key no metadata lists (its certificate in KeyInfo)'),
  row('signed-by-other-partner.request.redirect.query.txt', 'request', 'idp', 'ERR_SAML_LOGOUT_SIGNATURE_INVALID',
    'the publisher\'s request signed with the ENT\'s key: registered, but not the Issuer\'s'),
  row('signed-by-other-partner.response.post.xml', 'response', 'sp', 'ERR_SAML_LOGOUT_SIGNATURE_INVALID',
    'the ENT\'s response signed with the publisher\'s key'),
  row('sha1.request.redirect.query.txt', 'request', 'sp', 'ERR_SAML_REDIRECT_ALGORITHM',
    'a query signature with SigAlg rsa-sha1'),
  row('sha1.request.post.xml', 'request', 'idp', 'ERR_XMLDSIG_ALGORITHM',
    'an enveloped RSA-SHA1 signature with a SHA-1 digest'),
  row('tampered-nameid.request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_SIGNATURE_INVALID',
    'the NameID of a signed POST request changed after signing (log another user out)'),
  row('tampered.response.redirect.query.txt', 'response', 'idp', 'ERR_SAML_LOGOUT_SIGNATURE_INVALID',
    'SAMLResponse replaced by one answering another request, the original SigAlg and Signature kept'),
  row('issuer-changed.request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_SIGNATURE_INVALID',
    'the publisher\'s signed request with its Issuer changed to the ENT: checked with the ENT\'s keys, it fails'),
  row('issuer-changed.request.redirect.query.txt', 'request', 'idp', 'ERR_SAML_LOGOUT_SIGNATURE_INVALID',
    'the signed SAMLRequest replaced by the same request with the ENT as Issuer, the publisher\'s signature kept'),
  row('issuer-format-not-entity.request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_ISSUER',
    'a signed Issuer with Format transient (saml-profiles §4.4.4.1: omitted or entity)'),
  row('unknown-issuer.request.redirect.query.txt', 'request', 'idp', 'ERR_SAML_LOGOUT_UNKNOWN_ISSUER',
    'an Issuer that is not a registered partner, signed by its own key'),
  row('no-issuer.request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_UNKNOWN_ISSUER',
    'a signed request without Issuer'),
  row('xsw.signed-request-in-extensions.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_UNSIGNED',
    'XSW: an unsigned evil request (another NameID) whose Extensions hold the signed one'),
  row('xsw.signature-copied-onto-evil-request.post.xml', 'request', 'idp', 'ERR_XMLDSIG_REFERENCE',
    'XSW: the evil request carries the signed one\'s signature (its Reference names the other ID), '
    + 'the signed one in its Extensions'),
  row('xsw.evil-request-with-same-id.post.xml', 'request', 'idp', 'ERR_SAML_SCHEMA_INVALID',
    'XSW: as above with the evil request taking the signed one\'s ID (two elements, one xs:ID)'),
  row('xsw.two-signatures.post.xml', 'request', 'idp', 'ERR_SAML_SCHEMA_INVALID',
    'two ds:Signature on the root: one by an untrusted key, then the valid one'),
  row('xsw.signature-copied-onto-evil-response.post.xml', 'response', 'idp', 'ERR_XMLDSIG_REFERENCE',
    'XSW: an evil response (another InResponseTo) carries the signed response\'s signature, '
    + 'the signed one in its Extensions'),
  row('wrong-destination.request.redirect.query.txt', 'request', 'idp', 'ERR_SAML_LOGOUT_DESTINATION',
    'a publisher\'s request addressed to the broker\'s SP endpoint, received at its IdP endpoint'),
  row('no-destination.request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_DESTINATION',
    'a signed request without Destination (saml-bindings §3.5.5.2: required when signed)'),
  row('no-destination.response.redirect.query.txt', 'response', 'idp', 'ERR_SAML_LOGOUT_DESTINATION',
    'a signed response without Destination (saml-bindings §3.4.5.2)'),
  row('expired-not-on-or-after.request.redirect.query.txt', 'request', 'idp', 'ERR_SAML_LOGOUT_EXPIRED',
    'NotOnOrAfter 150 s before now (beyond the 60 s skew)'),
  row('issued-in-future.request.redirect.query.txt', 'request', 'sp', 'ERR_SAML_LOGOUT_ISSUE_INSTANT',
    'IssueInstant 5 minutes after now (beyond the 60 s skew)'),
  row('issued-too-long-ago.response.post.xml', 'response', 'sp', 'ERR_SAML_LOGOUT_ISSUE_INSTANT',
    'IssueInstant 10 minutes before now (the limit is 5 minutes plus the skew)'),
  row('instant-without-zone.request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_INVALID',
    'an IssueInstant without time zone (would be read in local time)'),
  row('encrypted-id.request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_IDENTIFIER_UNSUPPORTED',
    'the principal named by an EncryptedID'),
  row('base-id.request.post.xml', 'request', 'idp', 'ERR_SAML_SCHEMA_INVALID',
    'the principal named by a BaseID of an xsi:type no schema declares'),
  row('no-name-id.request.post.xml', 'request', 'idp', 'ERR_SAML_SCHEMA_INVALID', 'no NameID, EncryptedID nor BaseID'),
  row('empty-name-id.request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_INVALID', 'an empty NameID'),
  row('version-not-2.0.request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_INVALID',
    'a signed request with Version="1.1"'),
  row('response-read-as-request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_MESSAGE_KIND',
    'a valid signed LogoutResponse posted where a LogoutRequest is expected'),
  row('request-read-as-response.redirect.query.txt', 'response', 'idp', 'ERR_SAML_LOGOUT_MESSAGE_KIND',
    'a valid signed LogoutRequest (SAMLRequest) where a LogoutResponse is expected'),
  row('response-as-samlrequest.redirect.query.txt', 'request', 'idp', 'ERR_SAML_LOGOUT_MESSAGE_KIND',
    'a signed LogoutResponse carried as SAMLRequest'),
  row('authn-request.post.xml', 'request', 'idp', 'ERR_SAML_LOGOUT_MESSAGE_KIND',
    'a signed AuthnRequest posted to the SLO endpoint'),
  row('no-in-response-to.response.redirect.query.txt', 'response', 'idp', 'ERR_SAML_LOGOUT_IN_RESPONSE_TO',
    'a signed LogoutResponse without InResponseTo'),
  row('relaystate-too-long.request.redirect.query.txt', 'request', 'sp', 'ERR_SAML_REQUEST_RELAYSTATE',
    'a signed request with an 81-byte RelayState (saml-bindings §3.4.3: at most 80)'),
  row('deflate-bomb.request.redirect.query.txt', 'request', 'idp', 'ERR_SAML_INFLATE',
    '16 KiB of DEFLATE that inflate to 16 MiB: inflation stops at the 64 KiB cap'),
  row('doctype.request.post.xml', 'request', 'idp', 'ERR_SAML_XML_DOCTYPE',
    'XXE: a DOCTYPE declaring an external entity used in the Issuer'),
  row('malformed-base64.post.txt', 'request', 'idp', 'ERR_SAML_MESSAGE_ENCODING',
    'a posted value that is not base64 (this file is the posted value)'),
];
