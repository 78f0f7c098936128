/**
 * The one schema of the deployment configuration. Every key has a default and a description;
 * `x-env` names the environment variable that overrides it. docs/configuration.md is generated
 * from this object (`npm run docs`), and a test fails when that document is stale.
 */
export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    publicUrl: {
      type: 'string', format: 'uri', pattern: '^https?://[^/]+(/.*[^/])?$',
      description: 'Base URL under which browsers and partners reach the broker (no trailing slash). Used in links and metadata. Default: http://localhost:<http.port>.',
      'x-env': 'GAR_BROKER_PUBLIC_URL',
    },
    http: {
      type: 'object', additionalProperties: false, default: {},
      description: 'The public HTTP listener.',
      properties: {
        host: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'Address to listen on. Use 0.0.0.0 behind a reverse proxy in a container.', 'x-env': 'GAR_BROKER_HOST' },
        port: { type: 'integer', minimum: 0, maximum: 65535, default: 8080, description: 'TCP port (0 picks a free one).', 'x-env': 'PORT' },
        trustProxy: { type: 'boolean', default: false, description: 'Trust X-Forwarded-* headers from the reverse proxy in front of the broker.', 'x-env': 'GAR_BROKER_TRUST_PROXY' },
      },
    },
    database: {
      type: 'object', additionalProperties: false, default: {},
      description: 'Where operational data lives.',
      properties: {
        url: {
          type: 'string', pattern: '^(sqlite:.+|postgres(ql)?://.+)$', default: 'sqlite:var/gar-broker.sqlite',
          description: 'sqlite:<file> (embedded, default; sqlite::memory: for tests) or postgres://user:password@host:port/db. Never logged.',
          'x-env': 'DATABASE_URL',
        },
        poolSize: { type: 'integer', minimum: 1, maximum: 200, default: 10, description: 'PostgreSQL connection pool size.', 'x-env': 'GAR_BROKER_DB_POOL_SIZE' },
      },
    },
    log: {
      type: 'object', additionalProperties: false, default: {},
      description: 'Structured logs (JSON lines on stdout). Personal data and secrets are never logged.',
      properties: {
        level: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', description: 'Minimum level written.', 'x-env': 'LOG_LEVEL' },
      },
    },
    feeds: {
      type: 'object', additionalProperties: false, default: {},
      description: 'Import of the ENT directory feeds (flux d\'alimentation).',
      properties: {
        maxInvalidShare: {
          type: 'number', minimum: 0, maximum: 1, default: 0.01,
          description: 'Largest share of invalid records a delivery may hold; above it the whole delivery is refused and the directory stays as it was.',
          'x-env': 'GAR_BROKER_FEED_MAX_INVALID_SHARE',
        },
        readerThreads: {
          type: 'integer', minimum: 0, maximum: 8, default: 2,
          description: 'Worker threads that parse a delivery and map it to rows while the main thread writes to the database (0: all on the main thread). Workers keep the server answering during an import; 2 was fastest on a 2-core machine.',
          'x-env': 'GAR_BROKER_FEED_READER_THREADS',
        },
        batchSize: { type: 'integer', minimum: 1, maximum: 2000, default: 500, description: 'Rows per database statement while staging a delivery.', 'x-env': 'GAR_BROKER_FEED_BATCH_SIZE' },
        watchIntervalSeconds: { type: 'integer', minimum: 1, maximum: 86400, default: 60, description: 'How often the server looks into the drop folders for new deliveries.', 'x-env': 'GAR_BROKER_FEED_WATCH_INTERVAL' },
        dropFolders: {
          type: 'array', default: [],
          description: 'Drop folders watched by the server, one per ENT project: deliveries (.tar.gz + .md5) placed there are imported, and the report is written beside them.',
          items: {
            type: 'object', additionalProperties: false, required: ['entId', 'path'],
            properties: {
              entId: { type: 'string', pattern: '^[A-Za-z0-9]{1,16}$', description: 'The ENT project (idENT) whose deliveries arrive in this folder.' },
              path: { type: 'string', minLength: 1, description: 'Folder path.' },
            },
          },
        },
      },
    },
  },
} as const;
