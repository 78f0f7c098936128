/**
 * What the broker's login flow needs from storage. src/store implements it; this module
 * never imports the store. Everything a login carries between two HTTP requests lives here and
 * not in a process's memory, so any node of a cluster can finish a login another one started.
 *
 * Cookie values never reach these ports: callers pass their SHA-256 digest (`cookieDigest`), so a
 * copy of the database yields no usable cookie.
 */
import type { EntSessionRef } from '../core/upstream-identity.js';

/** The publisher side a login answers to once the ENT has authenticated the user. */
export type LoginDownstream =
  /** A SAML service provider's request, to answer at its registered ACS URL. */
  | {
      readonly kind: 'service-provider';
      readonly spEntityId: string;
      readonly acsUrl: string;
      readonly requestId?: string;
      readonly relayState?: string;
    }
  /** A resource opened from the ENT's médiacentre (no request of the publisher). */
  | { readonly kind: 'mediacentre'; readonly idRessource: string; readonly uai: string }
  /** An OIDC authorization request of a publisher's client, waiting at its interaction `uid`. */
  | { readonly kind: 'oidc-interaction'; readonly uid: string }
  /** A CAS login of a registered service (`renew` asked a fresh ENT login). */
  | { readonly kind: 'cas'; readonly service: string };

export interface LoginTransaction {
  /** Opaque: 32 random bytes in base64url, made by the caller. */
  readonly id: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** SHA-256 (lower-case hex) of the random value of the browser's login cookie. */
  readonly browserBinding: string;
  /**
   * The ENT asked to authenticate, and the ID of the request sent to it: a SAML AuthnRequest's ID,
   * or an OIDC authorization request's `state`. `secret` (OIDC only) is what idp-bridge needs
   * back at the callback (PKCE verifier, nonce), opaque to the broker.
   */
  readonly upstream: { readonly entId: string; readonly requestId: string; readonly secret?: string };
  readonly downstream?: LoginDownstream;
  /** A passive check of this broker session (its id hash): is the ENT's user still its person? */
  readonly reconfirm?: string;
  readonly consumedAt?: Date;
}

/** Why an ENT answer does not finish a login: its InResponseTo names no usable transaction. */
export type ConsumeRefusal = 'unknown' | 'expired' | 'consumed' | 'other-browser';

export interface LoginTransactionStore {
  open(transaction: LoginTransaction): Promise<void>;
  /**
   * Marks the transaction whose AuthnRequest ID is `requestId` consumed and returns it, when it
   * was opened by this browser, is not expired and was never consumed: InResponseTo names an
   * outstanding request of this same browser, usable once. Of two concurrent calls,
   * exactly one wins. A call from another browser consumes nothing: the transaction stays
   * usable by its own browser.
   */
  consume(
    requestId: string,
    browserBinding: string,
    now: Date,
  ): Promise<LoginTransaction | { readonly refused: ConsumeRefusal }>;
  /** Deletes the transactions expired at `now` (consumed ones are kept until then); returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

export interface ReplayCache {
  /**
   * Remembers an assertion: `'new'` the first time, `'replayed'` for as long as an entry with the
   * same issuer and ID is kept. Call it after the assertion's time checks, with `expiresAt` = its
   * NotOnOrAfter plus the allowed clock skew: until then the assertion could still be accepted, so
   * its entry must stay. Atomic: of two concurrent calls, exactly one gets `'new'`.
   */
  remember(issuer: string, assertionId: string, expiresAt: Date, now: Date): Promise<'new' | 'replayed'>;
  purgeExpired(now: Date): Promise<number>;
}

/** A broker session: the ENT's authentication, reused for further resources within its lifetime. */
export interface BrokerSession {
  /** SHA-256 (lower-case hex) of the session id; the id itself (32 random bytes) lives only in the cookie. */
  readonly idHash: string;
  readonly entId: string;
  readonly personId: string;
  readonly uai?: string;
  /** The ENT session it was opened from (SAML SessionIndex and NameID, OIDC `sid`): its logout ends this one. */
  readonly entSession?: EntSessionRef;
  readonly createdAt: Date;
  /** When the ENT last said this browser's user is still this person (the login, or a passive check). */
  readonly confirmedAt: Date;
  /** Absolute end: no use extends it. */
  readonly expiresAt: Date;
  /** End if unused; `idleExpiresAt − createdAt` at creation is the idle window each use renews. */
  readonly idleExpiresAt: Date;
}

export interface BrokerSessionStore {
  create(session: BrokerSession): Promise<void>;
  /**
   * The live session, its idle expiry moved to `now` + its idle window (never past `expiresAt`);
   * undefined when unknown, revoked, expired, or unused for longer than its idle window.
   */
  find(idHash: string, now: Date): Promise<BrokerSession | undefined>;
  /** Ends the session at once (logout); unknown sessions are ignored. */
  revoke(idHash: string, at: Date): Promise<void>;
  /**
   * Ends, at once, the live sessions of ENT project `entId` opened from the ENT session `match`
   * names; returns them as they were. Of two concurrent calls each session is returned by one only.
   */
  revokeOfEntSession(entId: string, match: EntSessionMatch, at: Date): Promise<readonly BrokerSession[]>;
  /** The ENT confirmed the same person is still there: `confirmedAt` = `at`, and the ENT session it now names. */
  confirm(idHash: string, entSession: EntSessionRef | undefined, at: Date): Promise<void>;
  /** The session as stored, live or not (revoked, expired): what a logout of it must still tell. */
  get(idHash: string): Promise<(BrokerSession & { readonly revokedAt?: Date }) | undefined>;
  /** Deletes expired, idle-expired and revoked sessions; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

/**
 * Which broker sessions an ENT's logout names, as the ENT named its session at login. SAML
 * (saml-core §3.7.1): the NameID, and the SessionIndex values when the LogoutRequest carries any
 * (none: every session of that NameID). OIDC (Back-Channel Logout 1.0 §2.4): `sid`, and/or `sub`
 * (the person). At least one of `nameId`, `personId` and `sid` is given.
 */
export interface EntSessionMatch {
  readonly nameId?: string;
  /** The ENT user id (an OIDC logout token's `sub`, when it is the claim the user id is read from). */
  readonly personId?: string;
  readonly sessionIndexes?: readonly string[];
  readonly sid?: string;
}

/**
 * A publisher that received something in a broker session, and what its logout must name. SAML:
 * the SP, and the NameID and SessionIndex of the assertion it got; OIDC: the client, the `sub`
 * (IDO) and the `sid` of its ID token. CAS tickets are kept in their own store.
 */
export type SessionParticipant =
  | {
      readonly kind: 'saml';
      readonly sessionHash: string;
      readonly partnerId: string;
      readonly nameId: string;
      readonly nameIdFormat: string;
      readonly sessionIndex: string;
      readonly at: Date;
    }
  | {
      readonly kind: 'oidc';
      readonly sessionHash: string;
      readonly partnerId: string;
      readonly subject: string;
      readonly sid: string;
      readonly at: Date;
    };

export interface SessionParticipantStore {
  /** Idempotent: the same partner with the same NameID/SessionIndex (SAML) or `sid` (OIDC) is recorded once. */
  record(participant: SessionParticipant, keepUntil: Date): Promise<void>;
  /**
   * The participants of these sessions of this kind, deleted as they are read: each one is told
   * of the logout once, whichever node or request takes it.
   */
  take(sessionHashes: readonly string[], kind: SessionParticipant['kind']): Promise<readonly SessionParticipant[]>;
  /**
   * At most `limit` sessions' participants of this kind whose broker session is no longer live at
   * `now` (gone, revoked, expired or idle-expired), deleted as they are read: each to one node.
   */
  takeOfEndedSessions(
    now: Date,
    limit: number,
    kind: SessionParticipant['kind'],
  ): Promise<readonly SessionParticipant[]>;
  /**
   * The session in which this SAML publisher received the assertion with this NameID and
   * SessionIndex (its own LogoutRequest names them), while that participant is recorded.
   */
  sessionOfSaml(partnerId: string, nameId: string, sessionIndex: string): Promise<string | undefined>;
  /** Whether any participant of this kind of this session is still waiting for its logout. */
  pending(sessionHash: string, kind: SessionParticipant['kind']): Promise<boolean>;
  /** Deletes the rows past their keep-until; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

/** Where the browser goes once a front-channel logout has told every SAML publisher. */
export type LogoutContinuation =
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'post'; readonly action: string; readonly fields: Readonly<Record<string, string>> }
  /** The broker's own "you are logged out" page. */
  | { readonly kind: 'page' };

/** A front-channel logout travelling through the browser: the SAML publishers to tell, one after the other. */
export interface LogoutRun {
  /** SHA-256 of the run's random id (the id itself is only in the browser's URL). */
  readonly idHash: string;
  readonly participants: readonly Extract<SessionParticipant, { kind: 'saml' }>[];
  readonly continuation: LogoutContinuation;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface LogoutRunStore {
  open(run: LogoutRun): Promise<void>;
  /** The run, while it is not expired nor finished. */
  find(idHash: string, now: Date): Promise<LogoutRun | undefined>;
  /** Marks it finished and returns it, once: of two concurrent calls one gets it. */
  finish(idHash: string, now: Date): Promise<LogoutRun | undefined>;
  purgeExpired(now: Date): Promise<number>;
}

/** A CAS service ticket: who, where, which resource; single use, short-lived. */
export interface CasTicket {
  /** `ST-` and 32 random bytes in base64url. */
  readonly ticket: string;
  readonly serviceUrl: string;
  /** SHA-256 of the broker session cookie that obtained it. */
  readonly sessionHash: string;
  readonly entId: string;
  readonly personId: string;
  readonly uai: string;
  readonly idRessource: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** The end of the broker session: until then the ticket is kept for the back-channel logout. */
  readonly keepUntil: Date;
  /** Issued right after the user's ENT login, not from an existing session (`renew`, CAS 3.0 §2.5.1). */
  readonly fromNewLogin: boolean;
}

export type CasTicketRefusal = 'unknown' | 'expired' | 'consumed';

export interface CasTicketStore {
  issue(ticket: CasTicket): Promise<void>;
  /** Atomic: of two concurrent validations exactly one gets the ticket. */
  consume(ticket: string, now: Date): Promise<CasTicket | { readonly refused: CasTicketRefusal }>;
  /** The tickets a broker session obtained (for the back-channel logout), then forgets them. */
  takeOfSession(sessionHash: string): Promise<readonly CasTicket[]>;
  /**
   * At most `limit` tickets whose broker session is no longer live at `now` (gone, revoked,
   * expired or idle-expired), deleted as they are read: of two nodes running it at once, each
   * ticket goes to one only.
   */
  takeOfEndedSessions(now: Date, limit: number): Promise<readonly CasTicket[]>;
  /** Deletes the rows past `keepUntil`; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}
