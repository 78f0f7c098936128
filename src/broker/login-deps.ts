/**
 * Everything the login flow uses, passed in by the composition root: ports of the other modules
 * (implemented by the store), the two protocol sides' settings, and keys. Nothing here is global.
 */
import type { KeyObject } from 'node:crypto';
import type { EffectiveContract, PseudonymKey, ResolvedAttributes } from '../attribute-filter/index.js';
import type { Logger } from '../core/logger.js';
import type { DownstreamSettings, PartnerDirectory } from '../federation/index.js';
import type { EntIdentityProviders, OidcEntLogins, UpstreamSettings } from '../idp-bridge/index.js';
import type { CheckEntitlement, ResourceDescription } from '../subscriptions/index.js';
import type { Sealer } from '../trust/index.js';
import type { CasDeps } from './cas-deps.js';
import type {
  BrokerSessionStore,
  LoginTransactionStore,
  LogoutRunStore,
  ReplayCache,
  SessionParticipant,
  SessionParticipantStore,
} from './ports.js';

export interface LoginPeople {
  /** Undefined when unknown to the ENT project, departed, or without a profile in `uai`. */
  resolvePerson(
    entId: string,
    personId: string,
    uai: string,
  ): Promise<{ readonly profile: string; readonly attributes: ResolvedAttributes } | undefined>;
  /** The establishments where the person is present with a profile, in UAI order. */
  establishmentsOf(entId: string, personId: string): Promise<readonly string[]>;
}

export interface LoginResources {
  findResource(idRessource: string): Promise<ResourceDescription | undefined>;
  /** The resources whose `fournisseurService` is this SP entityID. */
  resourcesOfServiceProvider(entityId: string): Promise<readonly ResourceDescription[]>;
}

export interface SessionSettings {
  readonly idleMinutes: number;
  readonly maxHours: number;
  /** Reuse without asking the ENT only within this many seconds of its last confirmation. */
  readonly confirmSeconds: number;
  /** Ask the ENT at every médiacentre click, whatever `confirmSeconds` says. */
  readonly confirmEveryMediacentreEntry: boolean;
  /** ENT projects that cannot answer a passive request: they get a normal one. */
  readonly entsWithoutPassiveLogin: ReadonlySet<string>;
}

export interface LogoutSettings {
  /** `<publicUrl>/saml/sp/slo`: ENTs' LogoutRequests and LogoutResponses. */
  readonly spSloUrl: string;
  /** `<publicUrl>/saml/idp/slo`: publishers' LogoutResponses (and LogoutRequests). */
  readonly idpSloUrl: string;
  readonly signing: (now: Date) => { readonly privateKey: KeyObject; readonly certificatePem: string };
  /** Per SAML publisher, during a logout through the browser. */
  readonly frontChannelSeconds: number;
}

export interface LoginDeps {
  readonly partners: PartnerDirectory;
  readonly idps: EntIdentityProviders;
  /** idp-bridge's relying party of the ENTs that are OpenID Providers; an ENT registered there logs in through OIDC. */
  readonly oidcEnts?: OidcEntLogins;
  readonly upstream: UpstreamSettings;
  readonly downstream: DownstreamSettings;
  readonly transactions: LoginTransactionStore;
  readonly replay: ReplayCache;
  readonly sessions: BrokerSessionStore;
  readonly resources: LoginResources;
  readonly people: LoginPeople;
  readonly contracts: { effectiveContract(idRessource: string): Promise<EffectiveContract | undefined> };
  readonly entitlement: CheckEntitlement;
  /** Undefined when `pseudonyms.secret` is not configured: logins then stop before any ENT round-trip. */
  readonly pseudonymKey: PseudonymKey | undefined;
  readonly pseudonymScope: 'distributor' | 'global';
  /** Seals the access intent cookie (which resource, which establishment). */
  readonly intents: Sealer;
  readonly session: SessionSettings;
  /** Who received what in each session, for its logout. */
  readonly participants: SessionParticipantStore;
  readonly logoutRuns: LogoutRunStore;
  /** The broker's SingleLogoutService endpoints and the key its logout messages are signed with. */
  readonly logout: LogoutSettings;
  /**
   * Sends OIDC Back-Channel Logout tokens to these publishers' clients (never throws); undefined
   * while the OpenID Provider is not composed.
   */
  oidcBackchannel?: (participants: readonly SessionParticipant[]) => Promise<void>;
  readonly logger: Logger;
  /** The CAS server side; undefined when `cas.enabled` is false. */
  readonly cas?: CasDeps;
}
