/**
 * Every error code the broker can throw, with its HTTP status and a one-line description.
 * docs/errors.md is generated from this table (`npm run docs`), and a test fails when a code used
 * in src/ is missing here or the document is stale.
 */
export const errorCodes = {
  ERR_CONFIG_INVALID: { status: 500, description: 'The configuration file or environment does not satisfy the schema; start-up stops listing every error.' },
  ERR_CONFIG_UNREADABLE: { status: 500, description: 'The configuration file cannot be read or is not JSON.' },
  ERR_STORE_UNREACHABLE: { status: 503, description: 'The database cannot be reached.' },
  ERR_STORE_MIGRATION: { status: 500, description: 'A database migration failed; the schema was left at the previous version.' },
  ERR_HTTP_NOT_FOUND: { status: 404, description: 'No route answers this path.' },
  ERR_HTTP_INTERNAL: { status: 500, description: 'An unexpected failure; the response shows only a correlation id.' },
  ERR_CLI_USAGE: { status: 400, description: 'A command-line call has unknown or missing arguments.' },
  ERR_FEED_UNREADABLE: { status: 400, description: 'A delivery path does not exist or cannot be read.' },
  ERR_FEED_MD5_MISMATCH: { status: 400, description: 'The delivery archive does not match its .md5 file; the whole delivery is refused.' },
  ERR_FEED_MD5_MISSING: { status: 400, description: 'A .tar.gz delivery has no .md5 file beside it.' },
  ERR_FEED_ARCHIVE_INVALID: { status: 400, description: 'The archive is not a valid gzip-compressed tar, or holds a member that is not a regular file.' },
  ERR_FEED_ARCHIVE_PATH: { status: 400, description: 'An archive member has an absolute path or a `..` segment; the whole delivery is refused.' },
  ERR_FEED_FILE_NAME: { status: 400, description: 'A delivery file name does not follow the GAR naming, or names another ENT project or degree than the delivery.' },
  ERR_FEED_EMPTY: { status: 400, description: 'The delivery holds no feed file.' },
  ERR_FEED_MIXED_DEGREES: { status: 400, description: 'One delivery holds files of both degrees (1D and 2D).' },
  ERR_FEED_XML_MALFORMED: { status: 400, description: 'A feed file is not well-formed XML.' },
  ERR_FEED_XML_DOCTYPE: { status: 400, description: 'A feed file has a DOCTYPE or entity declaration (XXE, entity expansion): refused.' },
  ERR_FEED_XML_LIMIT: { status: 400, description: 'A feed record is too deep or too large.' },
  ERR_FEED_ROOT_UNKNOWN: { status: 400, description: 'The root element is not one of the five GAR feed documents.' },
  ERR_FEED_NAMESPACE: { status: 400, description: 'The root element is not in a GAR feed namespace, or elements of one file mix namespaces.' },
  ERR_FEED_VERSION_MISSING: { status: 400, description: 'The root element has no Version attribute.' },
  ERR_FEED_RECORD_UNKNOWN: { status: 400, description: 'A record element is not allowed in this document kind.' },
  ERR_FEED_RECORD_INVALID: { status: 400, description: 'A record misses a required element, has one out of order, too many, or an unknown one.' },
  ERR_FEED_VALUE_TOO_LONG: { status: 400, description: 'A value is longer than the feed schema allows.' },
  ERR_FEED_VALUE_INVALID: { status: 400, description: 'A value does not have the expected form (profile, status, date, code).' },
  ERR_FEED_DUPLICATE_KEY: { status: 400, description: 'Two records of the delivery have the same key.' },
  ERR_FEED_DANGLING_REFERENCE: { status: 400, description: 'A record names a person, establishment, group, MEF or subject that the delivery does not hold.' },
  ERR_FEED_FOREIGN_ESTABLISHMENT: { status: 400, description: 'A record names an establishment attached to another ENT project.' },
  ERR_FEED_TOO_MANY_INVALID: { status: 400, description: 'More records were invalid than the configured share allows; the whole delivery is refused.' },
  ERR_FEED_ENT_UNKNOWN: { status: 400, description: 'The ENT project named for the import is not valid.' },
  ERR_FEED_BUSY: { status: 409, description: 'Another import of the same ENT project and degree is running.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof errorCodes;
