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
      type: 'string',
      format: 'uri',
      pattern: '^https?://[^/]+(/.*[^/])?$',
      description:
        'Base URL under which browsers and partners reach the broker (no trailing slash). Used in links and metadata. '
        + 'Its scheme decides the cookies: https makes every cookie Secure, even behind a TLS-terminating proxy; '
        + 'plain http (the demo, tests) sets none Secure, and the cross-site login cookies SameSite=Lax instead of '
        + 'None (a warning at start says so). Default: http://localhost:<http.port>.',
      'x-env': 'GAR_BROKER_PUBLIC_URL',
    },
    dataDir: {
      type: 'string',
      minLength: 1,
      default: 'var',
      description:
        'The data folder (relative to the working directory unless absolute). Every file the broker writes goes '
        + 'under it, unless its own key names another place: the SQLite database (database.url), the SAML keys '
        + '(saml.keysDir), the TLS certificate of the web services (webServices.tls), the partner CA '
        + "(webServices.partnerCa), and the demo's files (demo/). Partners' metadata (saml.metadataDir) is read, "
        + 'never written, and stays apart. On the command line: --data-dir DIR.',
      'x-env': 'GAR_BROKER_DATA_DIR',
    },
    http: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'The public HTTP listener.',
      properties: {
        host: {
          type: 'string',
          minLength: 1,
          default: '127.0.0.1',
          description: 'Address to listen on. Use 0.0.0.0 behind a reverse proxy in a container.',
          'x-env': 'GAR_BROKER_HOST',
        },
        port: {
          type: 'integer',
          minimum: 0,
          maximum: 65535,
          default: 8080,
          description: 'TCP port (0 picks a free one).',
          'x-env': 'PORT',
        },
        trustProxy: {
          type: 'boolean',
          default: false,
          description: 'Trust X-Forwarded-* headers from the reverse proxy in front of the broker.',
          'x-env': 'GAR_BROKER_TRUST_PROXY',
        },
      },
    },
    database: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Where operational data lives.',
      properties: {
        url: {
          type: 'string',
          pattern: '^(sqlite:.+|postgres(ql)?://.+)$',
          description:
            'sqlite:<file> (embedded, default; sqlite::memory: for tests) or postgres://user:password@host:port/db. '
            + 'Never logged. Default: sqlite:<dataDir>/gar-broker.sqlite.',
          'x-env': 'DATABASE_URL',
        },
        poolSize: {
          type: 'integer',
          minimum: 1,
          maximum: 200,
          default: 10,
          description: 'PostgreSQL connection pool size.',
          'x-env': 'GAR_BROKER_DB_POOL_SIZE',
        },
      },
    },
    log: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Structured logs (JSON lines on stdout). Personal data and secrets are never logged.',
      properties: {
        level: {
          type: 'string',
          enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
          default: 'info',
          description: 'Minimum level written.',
          'x-env': 'LOG_LEVEL',
        },
      },
    },
    webServices: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description:
        'The partner web services (subscriptions, assignment counts and reports for distributors; the médiacentre for '
        + 'ENTs) on their own HTTPS listener, where partners authenticate with a TLS client certificate.',
      properties: {
        enabled: {
          type: 'boolean',
          default: true,
          description: 'Start the HTTPS listener of the partner web services.',
          'x-env': 'GAR_BROKER_WS_ENABLED',
        },
        host: {
          type: 'string',
          minLength: 1,
          default: '127.0.0.1',
          description: 'Address the HTTPS listener binds.',
          'x-env': 'GAR_BROKER_WS_HOST',
        },
        port: {
          type: 'integer',
          minimum: 0,
          maximum: 65535,
          description:
            'TCP port of the HTTPS listener (0 picks a free one). Default: 8443, or 0 when http.port is 0, so that a '
            + 'throwaway instance takes no fixed port.',
          'x-env': 'GAR_BROKER_WS_PORT',
        },
        publicUrl: {
          type: 'string',
          format: 'uri',
          pattern: '^https?://[^/]+(/.*[^/])?$',
          description:
            'Base URL partners use to reach the web services (no trailing slash). Default: '
            + 'https://localhost:<webServices.port>.',
          'x-env': 'GAR_BROKER_WS_PUBLIC_URL',
        },
        subscriptionsPath: {
          type: 'string',
          pattern: '^(/[A-Za-z0-9._~-]+)+$',
          default: '/ws/abonnements',
          description:
            'Base path of the subscription web service (GAR `abonnement`): GAR clients change only their base URL.',
          'x-env': 'GAR_BROKER_WS_SUBSCRIPTIONS_PATH',
        },
        assignmentCountsPath: {
          type: 'string',
          pattern: '^(/[A-Za-z0-9._~-]+)+$',
          default: '/ws/decompteaffectations',
          description: 'Path of the assignment counts (CSV) web service (GAR `decompteaffectations`).',
          'x-env': 'GAR_BROKER_WS_COUNTS_PATH',
        },
        assignmentReportsPath: {
          type: 'string',
          pattern: '^(/[A-Za-z0-9._~-]+)+$',
          default: '/ws/rapports-affectation',
          description: 'Base path of the assignment reports web service (GAR `ws-rapports-affectation`).',
          'x-env': 'GAR_BROKER_WS_REPORTS_PATH',
        },
        mediacentrePath: {
          type: 'string',
          pattern: '^(/[A-Za-z0-9._~-]+)+$',
          default: '/ws/mediacentre',
          description:
            'Base path of the médiacentre web service for ENTs (`/ressources/{idENT}/{UAI}/{GARPersonIdentifiant}`, '
            + '`/ressourcesDiffusables`); ENTs authenticate with a client certificate of kind `ent`.',
          'x-env': 'GAR_BROKER_WS_MEDIACENTRE_PATH',
        },
        mediacentreAnswerCacheSeconds: {
          type: 'integer',
          minimum: 0,
          maximum: 600,
          default: 60,
          description:
            'How long an encoded médiacentre answer (one establishment, one list of resources, shared by every user '
            + 'who sees that list) is reused; a changed resource description shows within this delay. Who may see what '
            + 'is decided live at every call. 0: never reused.',
          'x-env': 'GAR_BROKER_WS_MEDIACENTRE_ANSWER_CACHE_SECONDS',
        },
        mediacentreSourceLabel: {
          type: 'string',
          minLength: 1,
          maxLength: 255,
          default: 'Accessible via le gestionnaire d’accès aux ressources',
          description:
            'The `nomSourceEtiquetteGar` of every resource in médiacentre answers: the label ENTs show beside a '
            + 'resource.',
          'x-env': 'GAR_BROKER_WS_MEDIACENTRE_SOURCE_LABEL',
        },
        maxBodyBytes: {
          type: 'integer',
          minimum: 1024,
          maximum: 1048576,
          default: 65536,
          description: 'Largest request body accepted; larger bodies get 413 without being parsed.',
          'x-env': 'GAR_BROKER_WS_MAX_BODY_BYTES',
        },
        tls: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description:
            'The server certificate of the HTTPS listener. When both files are missing, a self-signed certificate is '
            + 'made there at start (for demos and tests; a warning is logged).',
          properties: {
            certFile: {
              type: 'string',
              minLength: 1,
              description: 'PEM certificate chain of the listener. Default: <dataDir>/pki/web-services.crt.',
              'x-env': 'GAR_BROKER_WS_TLS_CERT',
            },
            keyFile: {
              type: 'string',
              minLength: 1,
              description: 'PEM private key of the listener. Never logged. Default: <dataDir>/pki/web-services.key.',
              'x-env': 'GAR_BROKER_WS_TLS_KEY',
            },
          },
        },
        partnerCa: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description:
            "The broker's own partner CA, which `gar-broker partner issue-cert` uses (made on first use when missing).",
          properties: {
            certFile: {
              type: 'string',
              minLength: 1,
              description: 'PEM certificate of the partner CA. Default: <dataDir>/pki/partner-ca.crt.',
              'x-env': 'GAR_BROKER_PARTNER_CA_CERT',
            },
            keyFile: {
              type: 'string',
              minLength: 1,
              description:
                'PEM private key of the partner CA. Never logged; keep it offline in production. Default: '
                + '<dataDir>/pki/partner-ca.key.',
              'x-env': 'GAR_BROKER_PARTNER_CA_KEY',
            },
          },
        },
        proxy: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description:
            'Behind a TLS-terminating proxy: the proxy verifies the client certificate and forwards it in a header to '
            + 'the plain HTTP listener. Accepted only from the listed addresses.',
          properties: {
            trustedAddresses: {
              type: 'array',
              default: [],
              items: { type: 'string', minLength: 1 },
              description:
                'IP addresses of the proxies allowed to forward a client certificate (empty: the header is never '
                + 'accepted and the web services are not mounted on the plain listener).',
              'x-env': 'GAR_BROKER_WS_PROXY_ADDRESSES',
            },
            certificateHeader: {
              type: 'string',
              pattern: '^[A-Za-z0-9-]+$',
              default: 'x-ssl-client-cert',
              description:
                'Header holding the forwarded certificate as URL-encoded PEM (nginx `$ssl_client_escaped_cert`).',
              'x-env': 'GAR_BROKER_WS_PROXY_CERT_HEADER',
            },
          },
        },
      },
    },
    saml: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: "The broker's own SAML keys (as IdP of the publishers and SP of the ENTs).",
      properties: {
        keysDir: {
          type: 'string',
          minLength: 1,
          description:
            'Folder of the signing and encryption keys, made at first start (private keys mode 0600, never logged) '
            + 'with their manifest keyring.json. Default: <dataDir>/keys.',
          'x-env': 'GAR_BROKER_SAML_KEYS_DIR',
        },
        metadataDir: {
          type: 'string',
          minLength: 1,
          default: 'metadata',
          description:
            "Folder of partners' SAML metadata loaded at start: idp/*.xml and sp/*.xml, each with a <name>.json "
            + 'sidecar naming its ENT project or distributor. A file that fails is reported and skipped, never '
            + 'half-loaded.',
          'x-env': 'GAR_BROKER_SAML_METADATA_DIR',
        },
        metadataRefreshHours: {
          type: 'integer',
          minimum: 1,
          maximum: 168,
          default: 6,
          description:
            'Metadata registered from a URL is fetched again this often, sooner when its cacheDuration is shorter, and '
            + 'when three quarters of the time to its validUntil have passed; a failed refresh keeps the previous '
            + 'document and retries 15 minutes later.',
          'x-env': 'GAR_BROKER_SAML_METADATA_REFRESH_HOURS',
        },
        metadataRefreshCheckMinutes: {
          type: 'integer',
          minimum: 1,
          maximum: 1440,
          default: 10,
          description:
            'How often the server looks for URL metadata due for a refresh (metadata past its validUntil is no longer '
            + 'used, refreshed or not).',
          'x-env': 'GAR_BROKER_SAML_METADATA_CHECK_MINUTES',
        },
        metadataFetchTimeoutSeconds: {
          type: 'integer',
          minimum: 1,
          maximum: 120,
          default: 10,
          description: 'Time allowed to fetch metadata from a URL.',
          'x-env': 'GAR_BROKER_SAML_METADATA_FETCH_TIMEOUT',
        },
        keyRotationOverlapDays: {
          type: 'integer',
          minimum: 0,
          maximum: 365,
          default: 14,
          description:
            '`gar-broker keys rotate` publishes the next key in metadata at once and signs with it only after this '
            + 'many days, when partners have refreshed the metadata.',
          'x-env': 'GAR_BROKER_SAML_KEY_OVERLAP_DAYS',
        },
      },
    },
    login: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'The brokered SAML login: the broker as SP of the ENTs and as IdP of the publishers.',
      properties: {
        spEntityId: {
          type: 'string',
          minLength: 1,
          maxLength: 1024,
          description: "The broker's entityID as service provider of the ENTs. Default: <publicUrl>/saml/sp/metadata.",
          'x-env': 'GAR_BROKER_SP_ENTITY_ID',
        },
        idpEntityId: {
          type: 'string',
          minLength: 1,
          maxLength: 1024,
          description:
            "The broker's entityID as identity provider of the publishers. Default: <publicUrl>/saml/idp/metadata.",
          'x-env': 'GAR_BROKER_IDP_ENTITY_ID',
        },
        clockSkewSeconds: {
          type: 'integer',
          minimum: 0,
          maximum: 300,
          default: 60,
          description: 'Clock difference allowed on NotBefore, NotOnOrAfter and IssueInstant of SAML messages.',
          'x-env': 'GAR_BROKER_CLOCK_SKEW_SECONDS',
        },
        userIdAttribute: {
          type: 'string',
          minLength: 1,
          maxLength: 256,
          default: 'GARPersonIdentifiant',
          description:
            "The attribute of the ENT's assertion holding the ENT user id (the person id of the feeds); the NameID is "
            + 'used when the assertion has no such attribute.',
          'x-env': 'GAR_BROKER_USER_ID_ATTRIBUTE',
        },
        responseSignature: {
          enum: ['assertion', 'response', 'either', 'both'],
          default: 'either',
          description:
            "Which signature an ENT's Response must carry: on the assertion, on the response, either (at least one), "
            + 'or both.',
          'x-env': 'GAR_BROKER_RESPONSE_SIGNATURE',
        },
        requireSignedAuthnRequests: {
          type: 'boolean',
          default: true,
          description:
            "Refuse publishers' AuthnRequests that are not signed, whatever their metadata says (GAR requires signed "
            + 'requests).',
          'x-env': 'GAR_BROKER_REQUIRE_SIGNED_REQUESTS',
        },
        assertionLifetimeSeconds: {
          type: 'integer',
          minimum: 30,
          maximum: 600,
          default: 300,
          description: 'How long an assertion sent to a publisher may be used (NotOnOrAfter).',
          'x-env': 'GAR_BROKER_ASSERTION_LIFETIME',
        },
        transactionMinutes: {
          type: 'integer',
          minimum: 1,
          maximum: 60,
          default: 10,
          description: "How long a login may wait for the ENT's answer.",
          'x-env': 'GAR_BROKER_LOGIN_TRANSACTION_MINUTES',
        },
        sessionIdleMinutes: {
          type: 'integer',
          minimum: 1,
          maximum: 1440,
          default: 30,
          description: 'A broker session unused for this long ends: the next resource needs a new ENT round-trip.',
          'x-env': 'GAR_BROKER_SESSION_IDLE_MINUTES',
        },
        sessionMaxHours: {
          type: 'integer',
          minimum: 1,
          maximum: 24,
          default: 8,
          description: 'A broker session ends this long after the ENT login, however much it is used.',
          'x-env': 'GAR_BROKER_SESSION_MAX_HOURS',
        },
        sessionConfirmSeconds: {
          type: 'integer',
          minimum: 0,
          maximum: 3600,
          default: 5,
          description:
            "A broker session is reused for a publisher's request (SAML, OIDC, CAS) without asking the "
            + "ENT only within this many seconds of the ENT's last confirmation that the same person is still logged "
            + 'in; past it, the broker first asks the ENT without any screen (SAML IsPassive, OIDC prompt=none). A '
            + 'different person, or none, ends the old broker session with its logouts. 0: ask at every request.',
          'x-env': 'GAR_BROKER_SESSION_CONFIRM_SECONDS',
        },
        confirmEveryMediacentreEntry: {
          type: 'boolean',
          default: true,
          description:
            'Ask the ENT (without any screen) at every click in the médiacentre, whatever '
            + '`sessionConfirmSeconds` says: on a shared school computer the next pupil starts there.',
          'x-env': 'GAR_BROKER_CONFIRM_EVERY_MEDIACENTRE_ENTRY',
        },
        entsWithoutPassiveLogin: {
          type: 'array',
          uniqueItems: true,
          maxItems: 1000,
          items: { type: 'string', pattern: '^[A-Za-z0-9]{1,32}$' },
          default: [],
          description:
            "ENT projects whose identity provider does not support passive authentication: the broker's "
            + 'check sends them a normal authentication request instead (silent when the ENT has a session, its '
            + 'login page when not).',
          'x-env': 'GAR_BROKER_ENTS_WITHOUT_PASSIVE_LOGIN',
        },
        frontChannelLogoutSeconds: {
          type: 'integer',
          minimum: 1,
          maximum: 60,
          default: 5,
          description:
            "During a logout through the browser, how long the broker waits for each SAML publisher's "
            + 'LogoutResponse before going on to the next one.',
          'x-env': 'GAR_BROKER_FRONT_CHANNEL_LOGOUT_SECONDS',
        },
        catalogueCacheSeconds: {
          type: 'integer',
          minimum: 0,
          maximum: 300,
          default: 5,
          description:
            'How long a node reuses a resource description and its approved contract between logins (0: read them at '
            + 'every use). A change made by the CLI or another node reaches logins within this delay; licences are '
            + 'always checked live.',
          'x-env': 'GAR_BROKER_CATALOGUE_CACHE_SECONDS',
        },
      },
    },
    oidc: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description:
        'OpenID Connect on both sides: the broker as relying party of ENTs that are OpenID Providers (registered in '
        + 'the store with `gar-broker partner oidc-ent`), and as OpenID Provider of publishers at <publicUrl>/oidc '
        + '(clients registered with `gar-broker partner oidc-client`).',
      properties: {
        providerEnabled: {
          type: 'boolean',
          default: true,
          description: 'Serve the OpenID Provider for publishers at /oidc.',
          'x-env': 'GAR_BROKER_OIDC_PROVIDER_ENABLED',
        },
        idTokenAlgorithms: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { enum: ['RS256', 'PS256', 'ES256', 'EdDSA'] },
          default: ['RS256', 'PS256', 'ES256'],
          description:
            "JWS algorithms accepted on an ENT provider's ID tokens unless its registration narrows them; `none` and "
            + 'HMAC algorithms are never accepted.',
          'x-env': 'GAR_BROKER_OIDC_ID_TOKEN_ALGORITHMS',
        },
        discoveryCacheMinutes: {
          type: 'integer',
          minimum: 1,
          maximum: 1440,
          default: 60,
          description:
            "How long an ENT provider's discovery document (and its JWKS) is reused before it is fetched again; a key "
            + 'unknown to the cached JWKS triggers one refetch.',
          'x-env': 'GAR_BROKER_OIDC_DISCOVERY_CACHE_MINUTES',
        },
        httpTimeoutSeconds: {
          type: 'integer',
          minimum: 1,
          maximum: 60,
          default: 5,
          description: 'Timeout of each call to an ENT provider (discovery, JWKS, token, userinfo).',
          'x-env': 'GAR_BROKER_OIDC_HTTP_TIMEOUT_SECONDS',
        },
        allowInsecureHttp: {
          type: 'boolean',
          default: false,
          description:
            'Accept ENT providers reached over plain http. For tests and local demos only: never in production.',
          'x-env': 'GAR_BROKER_OIDC_ALLOW_INSECURE_HTTP',
        },
        codeSeconds: {
          type: 'integer',
          minimum: 10,
          maximum: 600,
          default: 60,
          description: 'Lifetime of an authorization code issued to a publisher.',
          'x-env': 'GAR_BROKER_OIDC_CODE_SECONDS',
        },
        accessTokenSeconds: {
          type: 'integer',
          minimum: 60,
          maximum: 3600,
          default: 300,
          description: 'Lifetime of an access token (userinfo) issued to a publisher.',
          'x-env': 'GAR_BROKER_OIDC_ACCESS_TOKEN_SECONDS',
        },
        idTokenSeconds: {
          type: 'integer',
          minimum: 60,
          maximum: 3600,
          default: 300,
          description: 'Lifetime of an ID token issued to a publisher.',
          'x-env': 'GAR_BROKER_OIDC_ID_TOKEN_SECONDS',
        },
      },
    },
    cas: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description:
        'CAS 3 toward publishers: /cas/login, /cas/p3/serviceValidate, /cas/logout; services registered per resource '
        + 'with `gar-broker partner cas-service`.',
      properties: {
        enabled: {
          type: 'boolean',
          default: true,
          description: 'Serve the CAS endpoints under /cas.',
          'x-env': 'GAR_BROKER_CAS_ENABLED',
        },
        ticketSeconds: {
          type: 'integer',
          minimum: 1,
          maximum: 10,
          default: 10,
          description: 'How long a service ticket may be validated (single use in any case).',
          'x-env': 'GAR_BROKER_CAS_TICKET_SECONDS',
        },
        logoutTimeoutSeconds: {
          type: 'integer',
          minimum: 1,
          maximum: 30,
          default: 5,
          description: 'Timeout of each back-channel logout POST to a service.',
          'x-env': 'GAR_BROKER_CAS_LOGOUT_TIMEOUT_SECONDS',
        },
        endedSessionCheckSeconds: {
          type: 'integer',
          minimum: 10,
          maximum: 3600,
          default: 60,
          description:
            'How often each node looks for broker sessions that expired or were revoked and sends the '
            + 'back-channel logout of their CAS tickets and OIDC clients.',
          'x-env': 'GAR_BROKER_CAS_ENDED_SESSION_CHECK_SECONDS',
        },
      },
    },
    console: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description:
        'The console under /console: licence managers (logged in through their ENT) and operators (local accounts made '
        + 'by `gar-broker admin create`).',
      properties: {
        enabled: {
          type: 'boolean',
          default: true,
          description: 'Serve the console on the plain listener.',
          'x-env': 'GAR_BROKER_CONSOLE_ENABLED',
        },
        spEntityId: {
          type: 'string',
          minLength: 1,
          maxLength: 1024,
          description:
            "The console's own entityID as service provider of the ENTs, for licence managers' login (IdP-initiated "
            + "SSO from the ENT to this entityID, or SP-initiated from the console's login page); its metadata is "
            + 'served at /console/saml/metadata, its ACS is <publicUrl>/console/saml/acs. Default: '
            + '<publicUrl>/console/saml/metadata.',
          'x-env': 'GAR_BROKER_CONSOLE_SP_ENTITY_ID',
        },
        sessionIdleMinutes: {
          type: 'integer',
          minimum: 1,
          maximum: 240,
          default: 30,
          description: 'A console session unused for this long ends.',
          'x-env': 'GAR_BROKER_CONSOLE_IDLE_MINUTES',
        },
        sessionMaxHours: {
          type: 'integer',
          minimum: 1,
          maximum: 24,
          default: 8,
          description: 'A console session ends this long after its login, however much it is used.',
          'x-env': 'GAR_BROKER_CONSOLE_MAX_HOURS',
        },
      },
    },
    pseudonyms: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'The pseudonymous identifiers sent to resources (IDO, IDC).',
      properties: {
        secret: {
          type: 'string',
          pattern: '^([0-9a-fA-F]{2}){32,}$',
          description:
            'The HMAC key of IDO, as hex (at least 32 bytes). Required to serve logins; changing it changes every '
            + 'pseudonym. Never logged. Default: none (logins are refused until it is set; `npm start` makes one for '
            + 'the demo under <dataDir>/demo/).',
          'x-env': 'GAR_BROKER_PSEUDONYM_SECRET',
        },
        scope: {
          enum: ['distributor', 'global'],
          default: 'distributor',
          description:
            '`distributor`: one IDO per technical distributor (two distributors cannot link a person); `global`: one '
            + 'value for all.',
          'x-env': 'GAR_BROKER_PSEUDONYM_SCOPE',
        },
      },
    },
    feeds: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: "Import of the ENT directory feeds (flux d'alimentation).",
      properties: {
        maxInvalidShare: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          default: 0.01,
          description:
            'Largest share of invalid records a delivery may hold; above it the whole delivery is refused and the '
            + 'directory stays as it was.',
          'x-env': 'GAR_BROKER_FEED_MAX_INVALID_SHARE',
        },
        readerThreads: {
          type: 'integer',
          minimum: 0,
          maximum: 8,
          default: 2,
          description:
            'Worker threads that parse a delivery and map it to rows while the main thread writes to the database (0: '
            + 'all on the main thread). Workers keep the server answering during an import; 2 was fastest on a 2-core '
            + 'machine.',
          'x-env': 'GAR_BROKER_FEED_READER_THREADS',
        },
        batchSize: {
          type: 'integer',
          minimum: 1,
          maximum: 2000,
          default: 500,
          description: 'Rows per database statement while staging a delivery.',
          'x-env': 'GAR_BROKER_FEED_BATCH_SIZE',
        },
        watchIntervalSeconds: {
          type: 'integer',
          minimum: 1,
          maximum: 86400,
          default: 60,
          description: 'How often the server looks into the drop folders for new deliveries.',
          'x-env': 'GAR_BROKER_FEED_WATCH_INTERVAL',
        },
        dropFolders: {
          type: 'array',
          default: [],
          description:
            'Drop folders watched by the server, one per ENT project: deliveries (.tar.gz + .md5) placed there are '
            + 'imported, and the report is written beside them.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['entId', 'path'],
            properties: {
              entId: {
                type: 'string',
                pattern: '^[A-Za-z0-9]{1,16}$',
                description: 'The ENT project (idENT) whose deliveries arrive in this folder.',
              },
              path: { type: 'string', minLength: 1, description: 'Folder path.' },
            },
          },
        },
      },
    },
  },
} as const;
