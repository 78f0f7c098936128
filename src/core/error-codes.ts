/**
 * Every error code the broker can throw, with its HTTP status and a one-line description.
 * docs/errors.md is generated from this table (`npm run docs`), and a test fails when a code used
 * in src/ is missing here or the document is stale.
 */
export const errorCodes = {
  ERR_CONFIG_INVALID: {
    status: 500,
    description:
      'The configuration file or environment does not satisfy the schema; start-up stops listing every error.',
  },
  ERR_CONFIG_UNREADABLE: { status: 500, description: 'The configuration file cannot be read or is not JSON.' },
  ERR_STORE_UNREACHABLE: { status: 503, description: 'The database cannot be reached.' },
  ERR_STORE_MIGRATION: {
    status: 500,
    description: 'A database migration failed; the schema was left at the previous version.',
  },
  ERR_HTTP_NOT_FOUND: { status: 404, description: 'No route answers this path.' },
  ERR_HTTP_BAD_REQUEST: {
    status: 400,
    description: 'The request itself cannot be read (a malformed %-escape in the path, say).',
  },
  ERR_HTTP_INTERNAL: { status: 500, description: 'An unexpected failure; the response shows only a correlation id.' },
  ERR_XML_UNREPRESENTABLE: {
    status: 500,
    description:
      'A value to write into an XML document holds a character XML 1.0 cannot carry (a C0 control other '
      + 'than tab, LF, CR; U+FFFE, U+FFFF; a lone surrogate): the document is not written.',
  },
  ERR_CLI_USAGE: { status: 400, description: 'A command-line call has unknown or missing arguments.' },
  ERR_FEED_UNREADABLE: { status: 400, description: 'A delivery path does not exist or cannot be read.' },
  ERR_FEED_MD5_MISMATCH: {
    status: 400,
    description: 'The delivery archive does not match its .md5 file; the whole delivery is refused.',
  },
  ERR_FEED_MD5_MISSING: { status: 400, description: 'A .tar.gz delivery has no .md5 file beside it.' },
  ERR_FEED_ARCHIVE_INVALID: {
    status: 400,
    description: 'The archive is not a valid gzip-compressed tar, or holds a member that is not a regular file.',
  },
  ERR_FEED_ARCHIVE_PATH: {
    status: 400,
    description: 'An archive member has an absolute path or a `..` segment; the whole delivery is refused.',
  },
  ERR_FEED_FILE_NAME: {
    status: 400,
    description:
      'A delivery file name does not follow the GAR naming, or names another ENT project or degree than the delivery.',
  },
  ERR_FEED_EMPTY: { status: 400, description: 'The delivery holds no feed file.' },
  ERR_FEED_MIXED_DEGREES: { status: 400, description: 'One delivery holds files of both degrees (1D and 2D).' },
  ERR_FEED_XML_MALFORMED: { status: 400, description: 'A feed file is not well-formed XML.' },
  ERR_FEED_XML_DOCTYPE: {
    status: 400,
    description: 'A feed file has a DOCTYPE or entity declaration (XXE, entity expansion): refused.',
  },
  ERR_FEED_XML_LIMIT: { status: 400, description: 'A feed record is too deep or too large.' },
  ERR_FEED_ROOT_UNKNOWN: { status: 400, description: 'The root element is not one of the five GAR feed documents.' },
  ERR_FEED_NAMESPACE: {
    status: 400,
    description: 'The root element is not in a GAR feed namespace, or elements of one file mix namespaces.',
  },
  ERR_FEED_VERSION_MISSING: { status: 400, description: 'The root element has no Version attribute.' },
  ERR_FEED_RECORD_UNKNOWN: { status: 400, description: 'A record element is not allowed in this document kind.' },
  ERR_FEED_RECORD_INVALID: {
    status: 400,
    description: 'A record misses a required element, has one out of order, too many, or an unknown one.',
  },
  ERR_FEED_VALUE_TOO_LONG: { status: 400, description: 'A value is longer than the feed schema allows.' },
  ERR_FEED_VALUE_INVALID: {
    status: 400,
    description: 'A value does not have the expected form (profile, status, date, code).',
  },
  ERR_FEED_DUPLICATE_KEY: { status: 400, description: 'Two records of the delivery have the same key.' },
  ERR_FEED_DANGLING_REFERENCE: {
    status: 400,
    description: 'A record names a person, establishment, group, MEF or subject that the delivery does not hold.',
  },
  ERR_FEED_FOREIGN_ESTABLISHMENT: {
    status: 400,
    description: 'A record names an establishment attached to another ENT project.',
  },
  ERR_FEED_TOO_MANY_INVALID: {
    status: 400,
    description: 'More records were invalid than the configured share allows; the whole delivery is refused.',
  },
  ERR_FEED_ENT_UNKNOWN: { status: 400, description: 'The ENT project named for the import is not valid.' },
  ERR_FEED_BUSY: { status: 409, description: 'Another import of the same ENT project and degree is running.' },
  ERR_WS_BODY_TOO_LARGE: {
    status: 413,
    description: 'A web-service request body is larger than allowed (64 KiB by default); it is not parsed.',
  },
  ERR_WS_XML_MALFORMED: {
    status: 400,
    description: 'A web-service request body is not well-formed UTF-8 XML (or declares another encoding).',
  },
  ERR_WS_XML_DOCTYPE: {
    status: 400,
    description:
      'A web-service request body has a DOCTYPE (XXE, entity expansion): refused before anything in it is used.',
  },
  ERR_WS_XML_LIMIT: {
    status: 400,
    description: 'A web-service request body nests elements too deep or holds too many.',
  },
  ERR_WS_ROOT_UNKNOWN: {
    status: 400,
    description: 'The root element is not the one the operation expects (`abonnement`, `filtres`).',
  },
  ERR_WS_NAMESPACE: { status: 400, description: 'An element is not in the wsabonnement v1.0 namespace.' },
  ERR_WS_ELEMENT_UNKNOWN: { status: 400, description: 'An element is not part of the wsabonnement grammar.' },
  ERR_WS_ELEMENT_ORDER: {
    status: 400,
    description: 'An element comes before one it must follow (GAR order of `abonnement` or `filtres`).',
  },
  ERR_WS_ELEMENT_DUPLICATE: {
    status: 400,
    description: 'An element allowed once appears twice, or `publicCible` names an audience twice.',
  },
  ERR_WS_ELEMENT_MISSING: { status: 400, description: 'A required element is absent.' },
  ERR_WS_ELEMENT_CHOICE: {
    status: 400,
    description:
      'Both sides of an either/or are given: `finValidite` and `anneeFinValidite`, or `nbLicenceGlobale` and '
      + 'per-audience counts.',
  },
  ERR_WS_ELEMENT_FORBIDDEN: {
    status: 400,
    description: 'An element is not allowed in this operation: `uaiEtab` in an update.',
  },
  ERR_WS_VALUE_TOO_LONG: { status: 400, description: 'A value is longer than the wsabonnement grammar allows.' },
  ERR_WS_VALUE_INVALID: {
    status: 400,
    description:
      'A value is empty or does not have the expected form (identifier, date-time, school year, count, enumeration), '
      + 'or text stands where elements are expected.',
  },
  ERR_WS_DATE_ORDER: { status: 400, description: 'The subscription ends before it starts.' },
  ERR_WS_ID_MISMATCH: { status: 400, description: 'The `idAbonnement` of the body differs from the one in the URL.' },
  ERR_WS_FILTER_UNKNOWN: { status: 400, description: 'A list filter names a field one cannot filter on.' },
  ERR_WS_SORT_INVALID: {
    status: 400,
    description: 'A list request sorts on a field one cannot sort by, or `tri` is neither ASC nor DESC.',
  },
  ERR_WS_PAGING: {
    status: 400,
    description:
      'The `debut`/`fin` query parameters are not non-negative integers with debut ≤ fin, or ask for more than 1000 '
      + 'items.',
  },
  ERR_WS_XML_UNREPRESENTABLE: {
    status: 500,
    description: 'A value to render holds a character XML 1.0 cannot carry (a bug upstream: parsed values never do).',
  },
  ERR_RESOURCE_UNREADABLE: {
    status: 400,
    description: 'A resource document file (`resource add|import`) does not exist or cannot be read.',
  },
  ERR_RESOURCE_TOO_LARGE: { status: 413, description: 'A resource document is larger than 16 MiB; it is not parsed.' },
  ERR_RESOURCE_JSON: { status: 400, description: 'A resource document is not JSON text.' },
  ERR_RESOURCE_INVALID: {
    status: 400,
    description:
      'A resource document breaks the resource schema, repeats an `idRessource` or a vocabulary URI, or names one '
      + 'publisher or distributor id with two names; every problem is listed with its JSON pointer and nothing is '
      + 'written.',
  },
  ERR_WS_CONTENT_TYPE: {
    status: 415,
    description: 'A web-service request body is not `application/xml` (with or without `charset=utf-8`).',
  },
  ERR_WS_ESTABLISHMENT_UNKNOWN: {
    status: 400,
    description: 'The subscription names an establishment (`uaiEtab`) the directory does not hold.',
  },
  ERR_WS_RESOURCE_UNKNOWN: {
    status: 400,
    description: 'The subscription names a resource (`idRessource`) that is not registered.',
  },
  ERR_WS_RESOURCE_TYPE_MISMATCH: {
    status: 400,
    description: 'The `typeIdRessource` of the subscription is not the registered type of the resource.',
  },
  ERR_WS_RESOURCE_NOT_DISTRIBUTED: {
    status: 403,
    description: 'The calling distributor is neither the commercial nor the technical distributor of the resource.',
  },
  ERR_WS_DISTRIBUTOR_MISMATCH: {
    status: 403,
    description:
      '`idDistributeurCom` is neither the calling distributor nor the commercial distributor of the resource.',
  },
  ERR_WS_SUBSCRIPTION_EXISTS: {
    status: 409,
    description:
      'A create names a subscription id the distributor already uses (the message contains "existe deja", as GAR\'s).',
  },
  ERR_WS_SUBSCRIPTION_UNKNOWN: {
    status: 404,
    description:
      "No subscription of the calling distributor has this id (another distributor's subscriptions are never visible).",
  },
  ERR_WS_LICENCES_BELOW_USAGE: {
    status: 409,
    description: 'An update lowers a licence count below the licences already assigned; nothing changed.',
  },
  ERR_SUBSCRIPTION_FILE_UNREADABLE: {
    status: 400,
    description:
      'The `<abonnement>` file of `subscription add|update --file` does not exist or cannot be read; nothing is '
      + 'written.',
  },
  ERR_WS_COUNTS_QUERY: {
    status: 400,
    description: 'The assignment counts need exactly one of `idAbonnement` or `codeProjetRessource`.',
  },
  ERR_WS_REPORT_UNKNOWN: {
    status: 404,
    description:
      'No assignment report of the calling distributor has this name, or the report status filter is not TOUT, '
      + 'PRIS_EN_COMPTE or NON_PRIS_EN_COMPTE.',
  },
  ERR_PKI_CERTIFICATE_INPUT: {
    status: 500,
    description:
      'A certificate the broker was asked to make is inconsistent: validity, signing key type (only ECDSA P-256 and '
      + 'RSA), DNS name or IP address.',
  },
  ERR_PKI_CERTIFICATE_INVALID: {
    status: 400,
    description: 'A certificate given to the broker (file or text) is not a PEM or DER X.509 certificate.',
  },
  ERR_PKI_FILE_INVALID: {
    status: 500,
    description:
      'A certificate or key file of the broker cannot be read or parsed, or the partner CA certificate is not a CA.',
  },
  ERR_PKI_PAIR_INCOMPLETE: {
    status: 500,
    description:
      'Of a certificate file and its key file only one exists: the broker will not make a new pair beside a '
      + 'half-present one.',
  },
  ERR_PKI_KEY_MISMATCH: { status: 500, description: 'A certificate file and its key file do not belong together.' },
  ERR_PKI_FINGERPRINT_INVALID: {
    status: 400,
    description: 'A certificate fingerprint is not 64 hexadecimal digits (SHA-256), with or without colons.',
  },
  ERR_WS_CLIENT_CERT_MISSING: { status: 401, description: 'A web-service call came without a TLS client certificate.' },
  ERR_WS_CLIENT_CERT_INVALID: { status: 401, description: 'The TLS client certificate cannot be parsed.' },
  ERR_WS_CLIENT_CERT_UNKNOWN: {
    status: 403,
    description:
      'The TLS client certificate is not registered for a partner of the expected kind (unknown CA, never issued, '
      + 'unknown fingerprint, or an issued record not signed by the partner CA).',
  },
  ERR_WS_CLIENT_CERT_EXPIRED: {
    status: 403,
    description: 'The TLS client certificate is outside its validity, or outside the validity registered for it.',
  },
  ERR_WS_CLIENT_CERT_REVOKED: { status: 403, description: 'The TLS client certificate was revoked by the operator.' },
  ERR_PARTNER_CERT_DUPLICATE: {
    status: 409,
    description: 'A partner certificate with this fingerprint is already registered.',
  },
  ERR_PARTNER_CERT_UNKNOWN: { status: 404, description: 'No partner certificate has this fingerprint.' },
  ERR_PARTNER_CERT_OUTSIDE_VALIDITY: {
    status: 400,
    description:
      '`partner add` was given a certificate that has expired or is not yet valid (or a `--not-after` in the past): '
      + 'the web services would refuse it; nothing is registered unless `--force` is given.',
  },
  ERR_ASSIGN_TARGET_INVALID: {
    status: 400,
    description:
      'An assignment target is malformed: none or several of person, class, group, level, subject, profile; an empty '
      + 'code; a person not written `ENT:ID`; an unknown audience.',
  },
  ERR_ASSIGN_SUBSCRIPTION_UNKNOWN: {
    status: 404,
    description: 'The subscription named for an assignment does not exist (distributor and subscription id).',
  },
  ERR_ASSIGN_ETABL: {
    status: 409,
    description:
      'The subscription is `ETABL`: every person of its audiences may open the resource, it takes no assignment.',
  },
  ERR_ASSIGN_WRONG_ESTABLISHMENT: {
    status: 403,
    description: "The assignment names another establishment than the subscription's.",
  },
  ERR_ASSIGN_TARGET_UNKNOWN: {
    status: 404,
    description:
      'The class, group, level, subject or person targeted does not exist (or is not present) in the establishment.',
  },
  ERR_ASSIGN_AUDIENCE_EXCLUDED: {
    status: 409,
    description: "The target's audience is not among the subscription's `publicCible`.",
  },
  ERR_ASSIGN_DUPLICATE: { status: 409, description: 'The subscription already has a live assignment to this target.' },
  ERR_ASSIGN_UNKNOWN: { status: 404, description: 'No live assignment has this id.' },
  ERR_ASSIGN_NOT_TRANSFERABLE: {
    status: 409,
    description:
      'The subscription is `non transferable`: its licences belong to their holders and its assignments cannot be '
      + 'revoked.',
  },
  ERR_STORE_CONFLICT: {
    status: 409,
    description:
      'A database guard (CHECK on licence counters, a unique live row) refused a change that a lock should have '
      + 'prevented: nothing was written (a bug, reported as 409, never a 500).',
  },
  ERR_STORE_BUSY: {
    status: 503,
    description:
      'The database stayed busy (lock held, deadlock, serialisation failure) through every retry of a locked change; '
      + 'nothing was written, try again.',
  },
  ERR_WS_ZIP_LIMIT: {
    status: 500,
    description: 'A report to zip has a name over 65,535 bytes or a size of 4 GiB or more (ZIP64 is not written).',
  },
  ERR_KEYRING_INVALID: {
    status: 500,
    description:
      "The broker's SAML keyring (saml.keysDir) is unreadable, incomplete or inconsistent with its manifest; start-up "
      + 'stops rather than sign with an unintended key.',
  },
  ERR_XMLDSIG_TOO_LARGE: {
    status: 413,
    description: 'A signed XML message (SAML response or request) is larger than allowed; it is not parsed.',
  },
  ERR_XMLDSIG_DOCTYPE: {
    status: 400,
    description:
      'A signed XML message has a DOCTYPE or entity declaration (XXE, entity expansion): refused before parsing.',
  },
  ERR_XMLDSIG_XML_MALFORMED: {
    status: 400,
    description: 'A signed XML message is not well-formed XML (any parser error or warning is fatal).',
  },
  ERR_XMLDSIG_TARGET: {
    status: 400,
    description: 'The element whose signature is required is missing, appears more than once, or has no ID attribute.',
  },
  ERR_XMLDSIG_MISSING: {
    status: 400,
    description: 'The element whose signature is required has no ds:Signature as a direct child.',
  },
  ERR_XMLDSIG_AMBIGUOUS: {
    status: 400,
    description:
      'The element carries more than one ds:Signature, or its signature has more than one Reference or SignedInfo.',
  },
  ERR_XMLDSIG_REFERENCE: {
    status: 400,
    description: 'The signature does not reference its parent element by its ID (signature wrapping).',
  },
  ERR_XMLDSIG_DUPLICATE_ID: {
    status: 400,
    description: 'Another element of the document has the same ID as the signed element (signature wrapping).',
  },
  ERR_XMLDSIG_ALGORITHM: {
    status: 400,
    description:
      'The signature uses an algorithm or transform that is not allowed (SHA-1, inclusive or with-comments '
      + 'canonicalization, other transforms).',
  },
  ERR_XMLDSIG_INVALID: {
    status: 400,
    description: 'The signature does not verify with any trusted key (altered content, or signed by an untrusted key).',
  },
  ERR_XMLDSIG_SIGNING: {
    status: 500,
    description: 'The broker could not sign an XML message (element to sign missing or without ID, unusable key).',
  },
  ERR_SAML_TOO_LARGE: {
    status: 413,
    description:
      'A SAML message is larger than the schema validator accepts (256 KiB by default); it is refused unparsed.',
  },
  ERR_SAML_XML_DOCTYPE: {
    status: 400,
    description: 'A SAML message has a DOCTYPE (XXE, entity expansion): refused before libxml2 sees it.',
  },
  ERR_SAML_XML_MALFORMED: { status: 400, description: 'A SAML message is not well-formed XML.' },
  ERR_SAML_SCHEMA_INVALID: {
    status: 400,
    description:
      'A SAML message does not conform to the SAML 2.0 protocol schema (with the assertion, xmldsig and xenc schemas '
      + 'it imports).',
  },
  ERR_SAML_SCHEMA_SETUP: {
    status: 500,
    description: 'The bundled SAML schemas could not be loaded or compiled at start (a broken install).',
  },
  ERR_CONTRACT_JSON: { status: 400, description: 'A contract document is not JSON text.' },
  ERR_CONTRACT_INVALID: {
    status: 400,
    description:
      'A contract document breaks the contract schema (ARK `idRessource`, `version` ≥ 1, `finalite` of 10 to 2,000 '
      + 'characters, `attributs` unique and requestable: not `IDO`, `UAI`, `PRO`), justifies an attribute it does not '
      + 'request, or is over 64 KiB; every problem is listed with its JSON pointer.',
  },
  ERR_CONTRACT_UNKNOWN: { status: 404, description: "The resource's contract has no version with this number." },
  ERR_CONTRACT_STATE: {
    status: 409,
    description:
      'The contract version cannot be approved or rejected: it is not `submitted` (rejected, superseded or already '
      + 'approved), a later version is already approved, or the versions given are of several resources.',
  },
  ERR_ATTRIBUTE_VALUE_INVALID: {
    status: 500,
    description:
      'A composite attribute value cannot be built: a code is empty or holds `#` or `|`, or a label holds `##` or `||` '
      + '(a value could then pass for another).',
  },
  ERR_PSEUDONYM_KEY_WEAK: {
    status: 500,
    description: 'The secret of the pseudonyms (`IDO`) is shorter than 32 bytes.',
  },
  ERR_PSEUDONYM_INPUT: {
    status: 500,
    description: 'A pseudonym (`IDO`) was asked for an empty ENT project, ENT user id or scope.',
  },
  ERR_RELEASE_CONTEXT_INVALID: {
    status: 500,
    description:
      'The attribute filter was given an access context whose `IDO` is not 128 lower-case hex characters, or whose UAI '
      + 'or profile is empty; nothing is released.',
  },
  ERR_METADATA_ROOT: {
    status: 400,
    description:
      "A partner's SAML metadata is not one `md:EntityDescriptor` at its root (an `EntitiesDescriptor`, even of one "
      + 'entity, or another document); the partner is not loaded.',
  },
  ERR_METADATA_ENTITY_ID: {
    status: 400,
    description:
      "A partner's SAML metadata has no `entityID`, or one that is neither an https URL nor a URN, or longer than "
      + '1,024 characters.',
  },
  ERR_METADATA_INVALID: {
    status: 400,
    description:
      "A value of a partner's SAML metadata is unreadable: a `validUntil` that is not a date-time with a zone, a "
      + '`cacheDuration` that is not a positive xs:duration, a boolean that is not `true`/`false`/`1`/`0`, an `index` '
      + 'that is not 0 to 65535.',
  },
  ERR_METADATA_EXPIRED: {
    status: 400,
    description:
      "A partner's SAML metadata (entity or role descriptor) has a `validUntil` in the past; it must not be used.",
  },
  ERR_METADATA_ROLE: {
    status: 400,
    description:
      "A partner's SAML metadata has no role descriptor of the expected kind (IdP for an ENT, SP for a publisher) "
      + 'supporting SAML 2.0, or more than one.',
  },
  ERR_METADATA_CERTIFICATE: {
    status: 400,
    description:
      "A KeyDescriptor of a partner's SAML metadata has an unknown `use`, not exactly one `ds:X509Certificate`, or a "
      + 'certificate that does not parse; the whole document is refused.',
  },
  ERR_METADATA_NO_SIGNING_KEY: {
    status: 400,
    description:
      "A partner's SAML metadata has no signing certificate where one is needed: an IdP, or an SP announcing signed "
      + 'requests.',
  },
  ERR_METADATA_ENDPOINT: {
    status: 400,
    description:
      "An endpoint of a partner's SAML metadata has a Location that is not an absolute https URL without credentials "
      + '(plain http is allowed only on localhost and 127.0.0.1).',
  },
  ERR_METADATA_ENDPOINT_MISSING: {
    status: 400,
    description:
      "A partner's SAML metadata has no usable endpoint: an SP without an HTTP-POST AssertionConsumerService, an IdP "
      + 'without an HTTP-Redirect or HTTP-POST SingleSignOnService.',
  },
  ERR_METADATA_ACS_AMBIGUOUS: {
    status: 400,
    description:
      "An SP's metadata has two AssertionConsumerServices with the same index, or more than one marked "
      + '`isDefault="true"`: where assertions go would be left open.',
  },
  ERR_LOGIN_STORE_INPUT: {
    status: 500,
    description:
      'The login store was given a cookie value where its SHA-256 digest (64 lower-case hex) belongs, or a broker '
      + 'session whose idle expiry is not after its creation or is after its absolute expiry; nothing is stored.',
  },
  ERR_LOGIN_STORE_DUPLICATE: {
    status: 500,
    description:
      'A login transaction (id or AuthnRequest ID) or a broker session (id digest) already exists; these ids are '
      + 'random, so this is a bug; nothing is stored.',
  },
  ERR_CONTRACT_RESOURCE_UNKNOWN: {
    status: 404,
    description:
      'A contract was submitted, decided or listed for a resource that is not in the catalogue (register it first with '
      + '`resource add`).',
  },
  ERR_CONTRACT_VERSION_EXISTS: {
    status: 409,
    description:
      'A contract version with this number was already submitted for the resource: a version is never edited, submit a '
      + 'new number.',
  },
  ERR_CONTRACT_VERSION_ORDER: {
    status: 409,
    description:
      'A submitted contract version is not above every version already submitted for the resource (numbers may skip, '
      + 'never go back).',
  },
  ERR_CONTRACT_REASON_INVALID: {
    status: 400,
    description:
      'A contract version is refused without a reason, or with one over 2,000 characters; the publisher must learn '
      + 'why.',
  },
  ERR_CONTRACT_UNREADABLE: {
    status: 400,
    description: 'A contract document file (`contract submit`) does not exist or cannot be read.',
  },
  ERR_RELEASE_PERSON_UNKNOWN: {
    status: 404,
    description:
      '`release preview`: the person is unknown to the ENT project, has departed, or has no profile in the '
      + 'establishment; there is nothing to release.',
  },
  ERR_RELEASE_RESOURCE_UNKNOWN: {
    status: 404,
    description: '`release preview`: the resource is not in the catalogue.',
  },
  ERR_RELEASE_SECRET_INVALID: {
    status: 500,
    description:
      '`release preview`: `GAR_BROKER_PSEUDONYM_SECRET` is set but is not hexadecimal text (an even number of 0-9, '
      + 'a-f); a short one is ERR_PSEUDONYM_KEY_WEAK.',
  },
  ERR_SAML_PARTNER_INPUT: {
    status: 400,
    description:
      'A SAML partner was registered without its owner: an IdP needs its ENT project (`--ent`, sidecar `entId`) and no '
      + 'distributor, an SP its technical distributor (`SIREN_16digits`) and no ENT project.',
  },
  ERR_SAML_PARTNER_ENT_TAKEN: {
    status: 409,
    description:
      'Another identity provider (another entityID) is already registered for this ENT project: one IdP per ENT '
      + 'project; remove the old one first.',
  },
  ERR_SAML_PARTNER_UNKNOWN: {
    status: 404,
    description: 'No SAML partner (IdP or SP) is registered with this entityID.',
  },
  ERR_METADATA_SIDECAR: {
    status: 400,
    description:
      'A metadata file of `metadata/` has no sidecar `<name>.json`, or one that is not `{ "entId" }` (idp/) or `{ '
      + '"distributorId" }` (sp/) with an optional `"signer": "<file.pem>"` beside it; the file is skipped.',
  },
  ERR_METADATA_FILE_UNREADABLE: {
    status: 400,
    description: "A partner's SAML metadata file does not exist or cannot be read; nothing is registered.",
  },
  ERR_METADATA_SIGNER_INVALID: {
    status: 400,
    description:
      "The certificate configured to verify a partner's signed metadata (`--signer`, sidecar `signer`) cannot be read "
      + 'or is not a PEM X.509 certificate; nothing is registered.',
  },
  // -- SAML upstream (ENT responses, AuthnRequests to ENTs): trust/saml --
  ERR_SAML_AUTHN_REQUEST_BUILD: {
    status: 500,
    description:
      'The broker could not build its AuthnRequest to an ENT: an ID that is not an NCName, a destination that is not '
      + 'an absolute URL, a RelayState over 80 bytes (saml-bindings §3.4.3), or a signing key that is not RSA.',
  },
  ERR_SAML_RESPONSE_ROOT: {
    status: 400,
    description:
      "An ENT's message is not one SAML 2.0 `samlp:Response`: another root element, a Version other than 2.0, or a "
      + 'second Response nested inside it (response-level signature wrapping).',
  },
  ERR_SAML_RESPONSE_ASSERTION_COUNT: {
    status: 400,
    description:
      "An ENT's Response does not carry exactly one `saml:Assertion` or `saml:EncryptedAssertion`, as a direct child "
      + 'of the Response, counted anywhere in the document (two assertions, or one hidden under Extensions, Advice or '
      + 'ds:Object: signature wrapping).',
  },
  ERR_SAML_RESPONSE_NO_PASSIVE: {
    status: 401,
    description:
      'An ENT answered a passive AuthnRequest (IsPassive) with Responder/NoPassive: it has no session for '
      + 'this browser. The broker ends its own session of that browser and asks for a normal login.',
  },
  ERR_SAML_RESPONSE_STATUS: {
    status: 400,
    description:
      "An ENT's Response has a top-level StatusCode other than Success (the user was not authenticated); the detail "
      + 'lists the status code URIs only, never the StatusMessage.',
  },
  ERR_SAML_RESPONSE_UNSIGNED: {
    status: 400,
    description:
      "An ENT's Response lacks a signature the broker requires (`requiredSignature`: the Response's, the assertion's, "
      + 'either or both); a signature present is always verified, a missing one is never assumed.',
  },
  ERR_SAML_RESPONSE_ENCRYPTION_ALGORITHM: {
    status: 400,
    description:
      'An EncryptedAssertion uses an algorithm the broker does not accept: content other than AES-128/256-GCM or '
      + 'AES-128/256-CBC, key transport other than RSA-OAEP (mgf1p, or xmlenc11 rsa-oaep with a SHA-1/SHA-256 digest '
      + 'and MGF1); RSA PKCS#1 v1.5 is refused.',
  },
  ERR_SAML_RESPONSE_DECRYPTION: {
    status: 400,
    description:
      "An EncryptedAssertion cannot be decrypted with any of the broker's encryption keys, or is malformed. When the "
      + 'Response itself is unsigned, every failure from decryption on (wrong key, bad padding or tag, plaintext '
      + 'malformed or not schema-valid, assertion unsigned or badly signed) is reported under this one code, so a '
      + 'refusal cannot serve as a decryption oracle; only ERR_SAML_RESPONSE_ENCRYPTION_ALGORITHM, decided before any '
      + 'decryption, keeps its code.',
  },
  ERR_SAML_RESPONSE_ISSUER: {
    status: 400,
    description:
      "The Issuer of an ENT's assertion (or of its Response, when present) is missing, is not the entityID of the IdP "
      + 'whose metadata verified it, or has a Format other than entity.',
  },
  ERR_SAML_RESPONSE_DESTINATION: {
    status: 400,
    description:
      "An ENT's Response Destination is not the broker's ACS URL, or is missing from a signed Response (saml-bindings "
      + '§3.5.5.2).',
  },
  ERR_SAML_RESPONSE_SUBJECT: {
    status: 400,
    description:
      "An ENT's assertion has no Subject with a NameID (EncryptedID and BaseID are not supported), no bearer "
      + 'SubjectConfirmation, or a bearer SubjectConfirmationData without NotOnOrAfter (saml-profiles §4.1.4.2).',
  },
  ERR_SAML_RESPONSE_RECIPIENT: {
    status: 400,
    description:
      "No bearer SubjectConfirmationData of an ENT's assertion has the broker's ACS URL as Recipient (the assertion "
      + 'was made for another service).',
  },
  ERR_SAML_RESPONSE_UNSOLICITED: {
    status: 400,
    description:
      "An ENT's Response answers no AuthnRequest (no InResponseTo on the Response nor on its SubjectConfirmationData): "
      + "IdP-initiated logins are refused (except at the console's ACS).",
  },
  ERR_SAML_RESPONSE_STALE: {
    status: 400,
    description:
      "An unsolicited Response (IdP-initiated, accepted only at the console's ACS), or its assertion, was issued "
      + 'longer ago than the allowed skew plus five minutes.',
  },
  ERR_SAML_RESPONSE_IN_RESPONSE_TO: {
    status: 400,
    description:
      "The InResponseTo of an ENT's bearer SubjectConfirmationData is missing or differs from the Response's own "
      + 'InResponseTo.',
  },
  ERR_SAML_RESPONSE_EXPIRED: {
    status: 400,
    description:
      "An ENT's assertion is no longer valid: its SubjectConfirmationData or Conditions NotOnOrAfter is at or before "
      + 'now minus the allowed skew.',
  },
  ERR_SAML_RESPONSE_NOT_YET_VALID: {
    status: 400,
    description:
      "An ENT's assertion is not valid yet: its Conditions (or SubjectConfirmationData) NotBefore, or the IssueInstant "
      + 'of the Response or assertion, is later than now plus the allowed skew.',
  },
  ERR_SAML_RESPONSE_AUDIENCE: {
    status: 400,
    description:
      "An ENT's assertion has no Conditions/AudienceRestriction, or one whose Audiences do not include the broker's SP "
      + 'entityID exactly (every AudienceRestriction must, saml-core §2.5.1.4).',
  },
  ERR_SAML_RESPONSE_CONDITION_UNKNOWN: {
    status: 400,
    description:
      "An ENT's assertion carries a Condition the broker does not understand (a `saml:Condition` of another xsi:type): "
      + 'saml-core §2.5.1.1 makes it Indeterminate, hence refused.',
  },
  ERR_SAML_RESPONSE_VALUE: {
    status: 400,
    description:
      "A value of an ENT's Response or assertion that the broker needs is missing or unreadable: an ID, or an instant "
      + 'that is not an xs:dateTime with an explicit zone (a zone-less instant would be read in local time).',
  },
  // -- SAML downstream (publisher AuthnRequests, responses to publishers, broker metadata): trust/saml --
  ERR_SAML_REDIRECT_QUERY: {
    status: 400,
    description:
      'An HTTP-Redirect query has no SAMLRequest (or both SAMLRequest and SAMLResponse), repeats one of SAMLRequest, '
      + 'SAMLResponse, RelayState, SigAlg or Signature, or has a malformed %-escape.',
  },
  ERR_SAML_REDIRECT_ALGORITHM: {
    status: 400,
    description:
      'An HTTP-Redirect signature names no SigAlg, or one other than rsa-sha256 / rsa-sha512 (SHA-1 is refused).',
  },
  ERR_SAML_REDIRECT_SIGNATURE_INVALID: {
    status: 400,
    description:
      'An HTTP-Redirect query signature (over the raw SAMLRequest, RelayState and SigAlg octets as received) does not '
      + "verify with any signing key of the sender's metadata.",
  },
  ERR_SAML_INFLATE: {
    status: 400,
    description:
      'An HTTP-Redirect SAML message is not valid raw DEFLATE, inflates past the size limit (64 KiB; inflation stops '
      + 'at the cap), or is not UTF-8.',
  },
  ERR_SAML_REQUEST_INVALID: {
    status: 400,
    description:
      "A publisher's message is not a SAML 2.0 AuthnRequest (other root, Version not 2.0, no ID, IssueInstant or "
      + 'Issuer).',
  },
  ERR_SAML_REQUEST_UNKNOWN_SP: {
    status: 403,
    description:
      'An AuthnRequest names an Issuer that is not a registered service provider (or whose metadata expired); it is '
      + 'not verified further.',
  },
  ERR_SAML_REQUEST_SIGNATURE_INVALID: {
    status: 400,
    description:
      'An AuthnRequest signature (HTTP-Redirect query signature or HTTP-POST enveloped signature) does not verify with '
      + "any signing key of the SP's metadata (an impostor, or a key missing from the metadata); wrapping and "
      + 'algorithm faults keep their ERR_XMLDSIG_ / ERR_SAML_REDIRECT_ codes.',
  },
  ERR_SAML_REQUEST_UNSIGNED: {
    status: 400,
    description:
      'An AuthnRequest carries no signature (no Signature query parameter, or no enveloped ds:Signature for HTTP-POST) '
      + 'while the broker or the SP metadata requires signed requests.',
  },
  ERR_SAML_REQUEST_DESTINATION: {
    status: 400,
    description: "An AuthnRequest Destination is not the broker's IdP SSO URL (saml-bindings §3.4.5.2, §3.5.5.2).",
  },
  ERR_SAML_REQUEST_EXPIRED: {
    status: 400,
    description:
      'An AuthnRequest IssueInstant is more than the allowed skew in the future, or older than 10 minutes plus the '
      + 'skew.',
  },
  ERR_SAML_REQUEST_ACS_UNKNOWN: {
    status: 400,
    description:
      'An AuthnRequest asks for an AssertionConsumerServiceURL, index or ProtocolBinding that is not an HTTP-POST ACS '
      + 'of the SP metadata (or the metadata has no HTTP-POST ACS): nothing is sent there.',
  },
  ERR_SAML_REQUEST_RELAYSTATE: {
    status: 400,
    description: 'A RelayState is longer than 80 bytes (saml-bindings §3.4.3, §3.5.3).',
  },
  ERR_SAML_RESPONSE_BUILD: {
    status: 500,
    description:
      'The broker could not build a Response to a publisher (unusable signing key, or an encryption certificate '
      + 'without an RSA key).',
  },
  ERR_SAML_METADATA_RENDER: {
    status: 500,
    description:
      "The broker's own metadata could not be rendered: a configured certificate is not a PEM X.509 certificate.",
  },
  // -- SAML Single Logout (LogoutRequest / LogoutResponse, both sides): trust/saml --
  ERR_SAML_LOGOUT_MESSAGE_KIND: {
    status: 400,
    description:
      'A SingleLogoutService endpoint received another message than the one expected: a LogoutResponse '
      + 'where a LogoutRequest was expected or the reverse (by its root element, or by its SAMLRequest / '
      + 'SAMLResponse parameter), or another SAML message altogether.',
  },
  ERR_SAML_LOGOUT_INVALID: {
    status: 400,
    description:
      'A logout message lacks what saml-core §3.7 requires of it: Version 2.0, ID, Issuer, an IssueInstant '
      + '(or NotOnOrAfter) that is an xs:dateTime with a zone, a non-empty NameID (LogoutRequest), a Status '
      + 'with a StatusCode (LogoutResponse).',
  },
  ERR_SAML_LOGOUT_UNKNOWN_ISSUER: {
    status: 403,
    description:
      'A logout message names no Issuer, or one that is not a registered partner (ENT identity provider or '
      + 'publisher service provider); it is not verified further.',
  },
  ERR_SAML_LOGOUT_UNSIGNED: {
    status: 400,
    description:
      'A logout message is unsigned (no Signature query parameter for HTTP-Redirect, no enveloped '
      + 'ds:Signature of the root for HTTP-POST): saml-profiles §4.4.4 requires signed logout messages over '
      + 'the browser bindings.',
  },
  ERR_SAML_LOGOUT_SIGNATURE_INVALID: {
    status: 400,
    description:
      'A logout message signature (HTTP-Redirect query or HTTP-POST enveloped) does not verify with any '
      + "signing key of the issuer's metadata; wrapping and algorithm faults keep their ERR_XMLDSIG_ / "
      + 'ERR_SAML_REDIRECT_ codes.',
  },
  ERR_SAML_LOGOUT_ISSUER: {
    status: 400,
    description:
      'The signed Issuer of a logout message is not the partner whose metadata keys verified it, or has a '
      + 'Format other than entity (saml-profiles §4.4.4.1, §4.4.4.2).',
  },
  ERR_SAML_LOGOUT_DESTINATION: {
    status: 400,
    description:
      'A logout message has no Destination (required on a signed message, saml-bindings §3.4.5.2, '
      + "§3.5.5.2), or one other than the broker's SingleLogoutService URL that received it.",
  },
  ERR_SAML_LOGOUT_ISSUE_INSTANT: {
    status: 400,
    description:
      'A logout message IssueInstant is more than the allowed skew in the future, or older than five '
      + 'minutes plus the skew.',
  },
  ERR_SAML_LOGOUT_EXPIRED: {
    status: 400,
    description:
      'A LogoutRequest NotOnOrAfter has passed (with the allowed skew): saml-core §3.7.1 lets the recipient'
      + ' discard it.',
  },
  ERR_SAML_LOGOUT_IDENTIFIER_UNSUPPORTED: {
    status: 400,
    description: 'A LogoutRequest names the principal by an EncryptedID or a BaseID: only a clear NameID is supported.',
  },
  ERR_SAML_LOGOUT_IN_RESPONSE_TO: {
    status: 400,
    description: 'A LogoutResponse has no InResponseTo: it cannot be matched with a LogoutRequest the broker sent.',
  },
  ERR_SAML_LOGOUT_BUILD: {
    status: 500,
    description:
      'The broker could not build or send a logout message: an ID that is not an NCName, a Destination that'
      + ' is not an absolute URL or not the chosen SingleLogoutService, a value XML cannot carry, a '
      + 'RelayState over 80 bytes, or a signing key that is not RSA.',
  },
  // -- SAML metadata fetched from URLs: federation --
  ERR_METADATA_URL_INVALID: {
    status: 400,
    description:
      'A metadata URL is not an absolute https URL without credentials (plain http is allowed only to localhost and '
      + '127.0.0.1); nothing is fetched.',
  },
  ERR_METADATA_FETCH_FAILED: {
    status: 502,
    description:
      'Partner metadata could not be fetched from its URL (network error, timeout, redirect, or a non-2xx answer); a '
      + 'refresh keeps the previous document.',
  },
  ERR_METADATA_FETCH_TOO_LARGE: {
    status: 502,
    description:
      'Partner metadata fetched from a URL is larger than the metadata limit (256 KiB, as for files); reading stopped '
      + 'at the cap and nothing is saved.',
  },
  ERR_METADATA_ENTITY_CHANGED: {
    status: 502,
    description:
      'A refresh fetched metadata naming another entityID than the partner registered from that URL; the previous '
      + 'document is kept (register the new entity explicitly if the change is intended).',
  },
  // -- login flow (idp-bridge, federation, broker, http) --
  ERR_SAML_MESSAGE_ENCODING: {
    status: 400,
    description:
      'A SAMLResponse or SAMLRequest parameter is missing, larger than allowed, or not base64; it is not decoded '
      + 'further.',
  },
  ERR_LOGIN_ENTRY_INVALID: {
    status: 400,
    description:
      '`/domaineGar` was called without `idENT`, `idEtab` or `idRessource`, or with an `idENT`/`idEtab` that is not '
      + 'base64 of a valid ENT project id / UAI.',
  },
  ERR_LOGIN_RESOURCE_UNKNOWN: {
    status: 404,
    description: 'The resource named by the médiacentre link (`idRessource`) is not in the catalogue.',
  },
  ERR_LOGIN_ENT_UNKNOWN: {
    status: 404,
    description:
      'No identity provider is registered (or its metadata is no longer valid) for the ENT project a login must '
      + 'authenticate at.',
  },
  ERR_LOGIN_IDP_UNKNOWN: {
    status: 400,
    description:
      'A Response reached the ACS from an issuer that is not a registered ENT identity provider (or names no issuer); '
      + 'it is not verified further.',
  },
  ERR_LOGIN_NO_BROWSER_BINDING: {
    status: 400,
    description:
      'A Response reached the ACS from a browser without the login cookie set when the login started (cookies blocked, '
      + 'another browser, or an unsolicited response).',
  },
  ERR_LOGIN_TRANSACTION_UNKNOWN: {
    status: 400,
    description: "The Response's InResponseTo names no login started by the broker.",
  },
  ERR_LOGIN_TRANSACTION_EXPIRED: {
    status: 400,
    description: 'The Response answers a login that waited longer than `login.transactionMinutes`.',
  },
  ERR_LOGIN_TRANSACTION_CONSUMED: {
    status: 400,
    description: 'The Response answers a login that was already finished: a Response is usable once.',
  },
  ERR_LOGIN_TRANSACTION_OTHER_BROWSER: {
    status: 400,
    description: 'The Response answers a login started by another browser; nothing is consumed.',
  },
  ERR_LOGIN_IDP_MISMATCH: {
    status: 400,
    description: "The Response is from another ENT's identity provider than the one the login was sent to.",
  },
  ERR_LOGIN_ASSERTION_REPLAYED: {
    status: 400,
    description: 'The assertion (issuer and ID) was already accepted once; a replay is refused until it expires.',
  },
  ERR_LOGIN_USER_UNKNOWN: {
    status: 403,
    description:
      "The ENT authenticated a user the broker's directory does not know in that ENT project (not in the feeds, or "
      + 'departed).',
  },
  ERR_LOGIN_NOT_ENTITLED: {
    status: 403,
    description:
      'The user holds no licence for the resource in the establishment (no subscription, not assigned, ended…): no '
      + 'assertion is sent.',
  },
  ERR_LOGIN_NO_CONTRACT: {
    status: 403,
    description: 'The resource has no approved contract: it receives nothing, not even IDO.',
  },
  ERR_LOGIN_RESOURCE_AMBIGUOUS: {
    status: 403,
    description:
      "A publisher's AuthnRequest could not be tied to one resource: its SP serves none or several, and neither a "
      + 'médiacentre click nor the RelayState names one.',
  },
  ERR_LOGIN_NOT_CONFIGURED: {
    status: 500,
    description: 'Logins cannot be served: `pseudonyms.secret` is not configured.',
  },
  ERR_LOGIN_PASSIVE: {
    status: 403,
    description:
      'A publisher asked for a passive login (IsPassive) and the browser has no broker session: a `NoPassive` status '
      + 'goes back to its ACS.',
  },
  ERR_LOGIN_SP_UNKNOWN: {
    status: 403,
    description:
      "The publisher's service provider a login is to answer is no longer registered (or its metadata expired) since "
      + 'its request arrived.',
  },
  ERR_LOGIN_METHOD: { status: 405, description: 'A login endpoint was called with a method it does not accept.' },
  ERR_LOGOUT_RUN_UNKNOWN: {
    status: 404,
    description:
      'A front-channel logout page or frame named a logout run that is unknown, finished or expired (its '
      + 'id is random and lives a few minutes).',
  },
  ERR_LOGOUT_REQUEST_REPLAYED: {
    status: 400,
    description: "An ENT's LogoutRequest (its issuer and ID) was already received: nothing is ended again.",
  },
  ERR_LOGOUT_SESSION_UNKNOWN: {
    status: 400,
    description:
      'A verified logout from an ENT (SAML LogoutRequest, OIDC logout token) names no live broker session '
      + "of that ENT (wrong NameID, SessionIndex or sid, or another user's): nothing is ended; a SAML ENT gets a "
      + 'LogoutResponse with status Requester.',
  },
  ERR_LOGOUT_METHOD: {
    status: 405,
    description: 'A logout endpoint was called with a method or parameters it does not accept.',
  },
  ERR_CAS_SERVICE_UNKNOWN: {
    status: 400,
    description:
      '`/cas/login` (or `partner cas-service remove`) named no registered CAS service: missing, unknown, or not '
      + 'exactly a registered URL (no prefix, no other query, no trailing slash added); the browser is not sent there.',
  },
  ERR_CAS_SERVICE_INPUT: {
    status: 400,
    description:
      'A CAS service (or its logout URL) to register is not an absolute https URL (http only to localhost), or has a '
      + 'fragment, credentials, spaces or more than 2048 characters.',
  },
  ERR_CAS_SERVICE_RESOURCE_UNKNOWN: {
    status: 404,
    description: 'A CAS service to register names a resource that is not in the catalogue.',
  },
  // -- OIDC upstream (ENT projects whose identity provider is an OpenID Provider): idp-bridge, cli --
  ERR_OIDC_ENT_INPUT: {
    status: 400,
    description:
      '`partner oidc-ent add` was given an unusable registration: issuer not an https URL (http only when '
      + '`oidc.allowInsecureHttp`), scope without `openid`, an algorithm that is unknown, `none` or HMAC, a claim name '
      + 'out of form, or no client secret; nothing was saved.',
  },
  ERR_OIDC_ENT_UNKNOWN: {
    status: 404,
    description:
      'The ENT project has no OpenID Provider registration (`partner oidc-ent remove`, or a callback for an ENT whose '
      + 'registration was removed during the login).',
  },
  ERR_OIDC_ENT_DISCOVERY: {
    status: 502,
    description:
      "The ENT provider's discovery document could not be fetched, or names another issuer than the registered one "
      + '(OIDC Discovery §4.3), or lacks an endpoint the broker needs (authorization, token, JWKS, userinfo when '
      + 'used), or one is not https.',
  },
  ERR_OIDC_ENT_ERROR: {
    status: 400,
    description:
      'The ENT provider answered the authorization request with an `error` (access_denied, login_required…); the login '
      + 'stops there.',
  },
  ERR_OIDC_ENT_STATE_MISMATCH: {
    status: 400,
    description:
      "The OIDC callback's `state` is missing or repeated, names no OIDC login the broker started (a tampered or "
      + 'foreign state), or is not the one of this login (RFC 6749 §10.12).',
  },
  ERR_OIDC_ENT_ISSUER_MISMATCH: {
    status: 400,
    description:
      "The callback's `iss` names another provider, or is missing while the provider advertises it (RFC 9207 mix-up "
      + "defence), or the ENT's registered issuer changed during the login.",
  },
  ERR_OIDC_ENT_RESPONSE_INVALID: {
    status: 400,
    description:
      'The callback has no authorization code, repeats a parameter, or carries tokens (implicit or hybrid answers are '
      + 'not accepted).',
  },
  ERR_OIDC_ENT_CODE_REFUSED: {
    status: 400,
    description:
      "The ENT provider's token endpoint refused the authorization code (`invalid_grant`): already used, expired, or "
      + 'issued for another client or PKCE verifier.',
  },
  ERR_OIDC_ENT_TOKEN_REFUSED: {
    status: 502,
    description:
      "The ENT provider's token endpoint refused the broker's request for another reason than the code "
      + "(`invalid_client`, `unauthorized_client`, `server_error`…): check the registration's client id, secret and "
      + 'authentication method.',
  },
  ERR_OIDC_ENT_UNREACHABLE: {
    status: 502,
    description:
      "The ENT provider's token, JWKS or userinfo endpoint did not answer within `oidc.httpTimeoutSeconds`, could not "
      + 'be reached, or answered outside the protocol (status, content type).',
  },
  ERR_OIDC_ENT_ID_TOKEN_INVALID: {
    status: 400,
    description:
      'The ID token (or the token response) is refused: wrong issuer or audience, untrusted `azp`, expired or issued '
      + 'in the future, unsigned (`alg: none`), signed with an algorithm outside the allowed list (HMAC never), or '
      + "with a key absent from the provider's JWKS, or an invalid signature, or a required claim missing (sub, iat, "
      + 'exp, nonce) (OIDC Core §3.1.3.7).',
  },
  ERR_OIDC_ENT_NONCE_MISMATCH: {
    status: 400,
    description:
      "The ID token's `nonce` is not the one sent for this login (OIDC Core §3.1.3.7 item 11): a token from another "
      + 'login. A token without `nonce` is ERR_OIDC_ENT_ID_TOKEN_INVALID.',
  },
  ERR_OIDC_ENT_AUTHENTICATION_STALE: {
    status: 400,
    description:
      "A new authentication was demanded (prompt=login, a publisher's ForceAuthn or prompt) and the ID token's "
      + '`auth_time` is absent or earlier than the start of the login: the provider did not authenticate the user '
      + 'again.',
  },
  ERR_OIDC_ENT_AT_HASH_MISMATCH: {
    status: 400,
    description:
      "The ID token has an `at_hash` that is not the hash of the token response's access token (OIDC Core §3.1.3.6, "
      + "§3.1.3.8: the left half of its hash with the hash function of the ID token's `alg`, base64url): the access "
      + 'token is not the one the provider signed for.',
  },
  ERR_OIDC_ENT_USERINFO_INVALID: {
    status: 400,
    description: "The userinfo answer is not about the ID token's subject (OIDC Core §5.3.2), or cannot be read.",
  },
  ERR_OIDC_ENT_USER_ID_MISSING: {
    status: 400,
    description:
      'The claim configured as the ENT user id (`--user-id-claim`) is absent, empty or not a string in the ID token '
      + '(or userinfo): the broker cannot tell who logged in.',
  },
  ERR_OIDC_ENT_NO_SESSION: {
    status: 401,
    description:
      'A passive login (prompt=none) found no usable session at the ENT provider: it answered '
      + '`login_required`, `interaction_required`, `consent_required` or `account_selection_required` (OIDC '
      + 'Core §3.1.2.6). Only in answer to a passive request; otherwise such an answer is '
      + 'ERR_OIDC_ENT_ERROR.',
  },
  ERR_OIDC_ENT_LOGOUT_TOKEN_TOO_LARGE: {
    status: 400,
    description: 'A back-channel logout token is longer than 16 KiB: refused before it is decoded.',
  },
  ERR_OIDC_ENT_LOGOUT_TOKEN_MALFORMED: {
    status: 400,
    description:
      'A back-channel logout token is not a signed JWT (JWS compact form, JSON header and claims); an '
      + 'encrypted one is refused too, the broker registers no encryption key.',
  },
  ERR_OIDC_ENT_LOGOUT_TOKEN_ISSUER_UNKNOWN: {
    status: 400,
    description:
      "A back-channel logout token's `iss` is not the issuer of any registered OIDC ENT (Back-Channel "
      + 'Logout 1.0 §2.6).',
  },
  ERR_OIDC_ENT_LOGOUT_TOKEN_AUDIENCE: {
    status: 400,
    description:
      "A back-channel logout token's `aud` does not hold the client id of a registration of its issuer "
      + '(Back-Channel Logout 1.0 §2.6).',
  },
  ERR_OIDC_ENT_LOGOUT_TOKEN_SIGNATURE: {
    status: 400,
    description:
      'A back-channel logout token is unsigned (`alg: none`), signed with an algorithm outside the '
      + "registration's list (HMAC never), with a key absent from the provider's JWKS, or its signature "
      + 'is invalid.',
  },
  ERR_OIDC_ENT_LOGOUT_TOKEN_TYPE: {
    status: 400,
    description:
      'A back-channel logout token has a `typ` header other than `logout+jwt` (Back-Channel Logout 1.0 '
      + '§2.4: another kind of JWT, such as an ID token, is not a logout token).',
  },
  ERR_OIDC_ENT_LOGOUT_TOKEN_EXPIRED: {
    status: 400,
    description: "A back-channel logout token's `exp` has passed, beyond the clock skew.",
  },
  ERR_OIDC_ENT_LOGOUT_TOKEN_IAT: {
    status: 400,
    description:
      'A back-channel logout token has no `iat`, or was issued in the future, or more than 5 minutes ago '
      + '(beyond the clock skew), or is not valid yet (`nbf`).',
  },
  ERR_OIDC_ENT_LOGOUT_TOKEN_JTI: {
    status: 400,
    description:
      'A back-channel logout token has no `jti` (a string of 1 to 255 characters): its replay could not '
      + 'be detected.',
  },
  ERR_OIDC_ENT_LOGOUT_TOKEN_EVENTS: {
    status: 400,
    description:
      'A back-channel logout token has no `events` object with the member '
      + '`http://schemas.openid.net/event/backchannel-logout` whose value is an object (Back-Channel Logout '
      + '1.0 §2.4).',
  },
  ERR_OIDC_ENT_LOGOUT_TOKEN_SUBJECT: {
    status: 400,
    description:
      'A back-channel logout token names no session: neither `sid` nor `sub`, or one of them is not a '
      + 'string of 1 to 255 characters (Back-Channel Logout 1.0 §2.4).',
  },
  ERR_OIDC_ENT_LOGOUT_TOKEN_NONCE: {
    status: 400,
    description:
      'A back-channel logout token carries a `nonce`, which it must not (Back-Channel Logout 1.0 §2.4: an '
      + 'ID token cannot pass as a logout token).',
  },
  ERR_OIDC_ENT_FRONT_LOGOUT_UNNAMED: {
    status: 400,
    description:
      'A front-channel logout request names no provider: `iss` absent (with or without `sid`, which only '
      + 'means something for its issuer).',
  },
  ERR_OIDC_ENT_FRONT_LOGOUT_ISSUER_UNKNOWN: {
    status: 400,
    description:
      "A front-channel logout request's `iss` is not the issuer of any registered OIDC ENT "
      + '(Front-Channel Logout 1.0 §2).',
  },
  ERR_OIDC_ENT_FRONT_LOGOUT_SID_INVALID: {
    status: 400,
    description:
      "A front-channel logout request's `sid` is empty, longer than 255 characters or holds control " + 'characters.',
  },
  // -- OIDC downstream (publishers' clients): federation, broker, http/oidc, cli --
  ERR_OIDC_CLIENT_INPUT: {
    status: 400,
    description:
      '`partner oidc-client add` was given an unusable client: client id or distributor (SIREN_16 digits) out of form, '
      + 'a redirect URI not https (http only to localhost), with a fragment or credentials, an authentication method '
      + 'other than client_secret_basic, client_secret_post or private_key_jwt, a private_key_jwt client without '
      + "public keys (or with a private key member), a secret shorter than 32 characters, or metadata oidc-provider's "
      + 'client schema refuses; nothing was saved.',
  },
  ERR_OIDC_CLIENT_UNKNOWN: {
    status: 404,
    description:
      'No OIDC client has this client id (`partner oidc-client remove`, or an authorization whose client was removed '
      + 'while it waited).',
  },
  ERR_OIDC_INTERACTION_UNKNOWN: {
    status: 400,
    description:
      'The browser came to `/oidc/interaction/<uid>` without the live authorization request of that uid (expired after '
      + '`login.transactionMinutes`, finished, or begun in another browser): start again from the publisher.',
  },
  ERR_OIDC_RESOURCE_FORBIDDEN: {
    status: 403,
    description:
      "An OIDC authorization names (`idRessource`) a resource of another technical distributor than the client's: a "
      + "client receives only its own distributor's resources; no code is issued.",
  },
  ERR_OIDC_FAILED: {
    status: 400,
    description:
      'oidc-provider refused a request at one of its endpoints (unknown client, redirect_uri not registered, PKCE '
      + 'missing, scope or parameter invalid…); its page shows only the correlation id, the error goes to the log.',
  },
  // -- médiacentre web service (ENTs): mediacentre, http/mediacentre --
  ERR_MEDIACENTRE_PATH_INVALID: {
    status: 400,
    description:
      'A médiacentre request names an ENT project, establishment (UAI) or user id that is empty, too long or not of '
      + 'its form.',
  },
  ERR_MEDIACENTRE_ENT_MISMATCH: {
    status: 403,
    description:
      'The `idENT` of the path is not the ENT project of the calling client certificate: an ENT asks only about its '
      + 'own users.',
  },
  ERR_MEDIACENTRE_ESTABLISHMENT_UNKNOWN: {
    status: 404,
    description: 'The establishment (UAI) is not in the directory, or has left it.',
  },
  ERR_MEDIACENTRE_ESTABLISHMENT_FOREIGN: {
    status: 403,
    description: "The establishment belongs to another ENT project than the caller's.",
  },
  ERR_MEDIACENTRE_USER_UNKNOWN: {
    status: 404,
    description: "The ENT project's directory has no live user with this id.",
  },
  ERR_MEDIACENTRE_USER_NOT_IN_ESTABLISHMENT: {
    status: 404,
    description: 'The user is known to the ENT project but has no live profile in this establishment.',
  },
  ERR_MEDIACENTRE_METHOD: {
    status: 405,
    description: 'A médiacentre endpoint was called with another method than GET.',
  },
  // -- console (licence managers and the operator): console, http/console --
  ERR_CONSOLE_CSRF: {
    status: 403,
    description:
      "A console form came back without this browser's CSRF token, or from another origin; nothing was changed.",
  },
  ERR_CONSOLE_LOGIN_REQUIRED: {
    status: 401,
    description: 'A console page needs a logged-in operator or licence manager (session missing, ended or expired).',
  },
  ERR_CONSOLE_FORBIDDEN: {
    status: 403,
    description:
      "The console page or the establishment is not within the logged-in person's rights (another establishment, or an "
      + 'operator page for a licence manager).',
  },
  ERR_CONSOLE_LOGIN_FAILED: {
    status: 401,
    description: 'Operator login refused: unknown login, wrong password or one-time code, or a code already used.',
  },
  ERR_CONSOLE_ACCOUNT_LOCKED: {
    status: 429,
    description: 'Operator login refused: too many failures in a row; the account is locked for 15 minutes.',
  },
  ERR_CONSOLE_FORM_INVALID: {
    status: 400,
    description: 'A console form is missing a field or has one out of form; nothing was changed.',
  },
  ERR_CONSOLE_OPERATOR_EXISTS: {
    status: 409,
    description: '`admin create`: an operator account with this login already exists; nothing was changed.',
  },
  ERR_CONSOLE_NOT_A_MANAGER: {
    status: 403,
    description:
      "An ENT logged someone into the console who is not, in that ENT project's feed (GAR-ENT-RespAff), a live licence "
      + 'manager of at least one live establishment; no session was opened.',
  },
  ERR_CONSOLE_PASSWORD_LENGTH: {
    status: 400,
    description:
      '`admin create`: the operator password has fewer than 12 characters (or more than the 256 the login form '
      + 'accepts); nothing was changed.',
  },
  // -- demo federation (examples) --
  ERR_DEMO_PRODUCTION: {
    status: 400,
    description:
      '`serve --demo` was asked with `NODE_ENV=production`: the demo federation (examples/) never runs in production; '
      + 'start without `--demo`.',
  },
  ERR_DEMO_UNAVAILABLE: {
    status: 500,
    description:
      '`serve --demo` cannot load the demo federation: the `examples/` folder is missing from this installation.',
  },
  ERR_DEMO_PORT_IN_USE: {
    status: 500,
    description:
      'A port of the demo ENT (8081) or the demo publisher (8082) is taken by another program; free it, then run `npm '
      + 'start` again.',
  },
  ERR_DEMO_SEED: {
    status: 500,
    description:
      'The demo federation could not seed its data (its generated delivery was refused); nothing of the demo was '
      + 'started.',
  },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof errorCodes;
