/** The validated, frozen configuration. Mirrors config-schema.ts; a test checks the two agree. */
export interface BrokerConfig {
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly http: { readonly host: string; readonly port: number; readonly trustProxy: boolean };
  readonly database: { readonly url: string; readonly poolSize: number };
  readonly log: { readonly level: string };
  readonly webServices: {
    readonly enabled: boolean;
    readonly host: string;
    readonly port: number;
    readonly publicUrl: string;
    readonly subscriptionsPath: string;
    readonly assignmentCountsPath: string;
    readonly assignmentReportsPath: string;
    readonly mediacentrePath: string;
    readonly mediacentreSourceLabel: string;
    readonly mediacentreAnswerCacheSeconds: number;
    readonly maxBodyBytes: number;
    readonly tls: { readonly certFile: string; readonly keyFile: string };
    readonly partnerCa: { readonly certFile: string; readonly keyFile: string };
    readonly proxy: { readonly trustedAddresses: readonly string[]; readonly certificateHeader: string };
  };
  readonly saml: {
    readonly keysDir: string;
    readonly metadataDir: string;
    readonly keyRotationOverlapDays: number;
    readonly metadataRefreshHours: number;
    readonly metadataRefreshCheckMinutes: number;
    readonly metadataFetchTimeoutSeconds: number;
  };
  readonly login: {
    readonly spEntityId?: string;
    readonly idpEntityId?: string;
    readonly clockSkewSeconds: number;
    readonly userIdAttribute: string;
    readonly responseSignature: 'assertion' | 'response' | 'either' | 'both';
    readonly requireSignedAuthnRequests: boolean;
    readonly assertionLifetimeSeconds: number;
    readonly transactionMinutes: number;
    readonly sessionIdleMinutes: number;
    readonly catalogueCacheSeconds: number;
    readonly sessionMaxHours: number;
    readonly sessionConfirmSeconds: number;
    readonly confirmEveryMediacentreEntry: boolean;
    readonly entsWithoutPassiveLogin: readonly string[];
    readonly frontChannelLogoutSeconds: number;
  };
  readonly oidc: {
    readonly providerEnabled: boolean;
    readonly idTokenAlgorithms: readonly ('RS256' | 'PS256' | 'ES256' | 'EdDSA')[];
    readonly discoveryCacheMinutes: number;
    readonly httpTimeoutSeconds: number;
    readonly allowInsecureHttp: boolean;
    readonly codeSeconds: number;
    readonly accessTokenSeconds: number;
    readonly idTokenSeconds: number;
  };
  readonly cas: {
    readonly enabled: boolean;
    readonly ticketSeconds: number;
    readonly logoutTimeoutSeconds: number;
    readonly endedSessionCheckSeconds: number;
  };
  readonly console: {
    readonly enabled: boolean;
    readonly spEntityId?: string;
    readonly sessionIdleMinutes: number;
    readonly sessionMaxHours: number;
  };
  readonly pseudonyms: { readonly secret?: string; readonly scope: 'distributor' | 'global' };
  readonly feeds: {
    readonly maxInvalidShare: number;
    readonly readerThreads: number;
    readonly batchSize: number;
    readonly watchIntervalSeconds: number;
    readonly dropFolders: readonly { readonly entId: string; readonly path: string }[];
  };
}
