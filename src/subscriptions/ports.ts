/**
 * What the subscriptions module needs from storage. src/store implements it; this module never
 * imports the store. Every write is one transaction that also records its audit event, so a
 * refused or failed change leaves nothing half-done and nothing unaudited.
 */
import type { LicenceBucket } from './audience.js';
import type { ResourceDescription } from './resources/resource-description.js';
import type {
  Audience,
  AssignmentType,
  LocalDateTime,
  SubscriptionCreation,
  SubscriptionUpdate,
} from './subscription-input.js';
import type { Paging, SubscriptionQuery } from './subscription-query.js';
import type { AssignmentReportInput } from './wire/render-assignment-report.js';
import type { AssignmentCountRow } from './wire/render-assignment-counts-csv.js';
import type { ReportListing, ReportStatus } from './wire/render-report-index.js';

/** Who changes what, and under which correlation id (the audit trail: who, when, before, after). */
export interface AuditContext {
  /** `distributor:<id>`, `cli:<user>`, `console:<ent>:<person>`, `system:feed-import`… */
  readonly actor: string;
  readonly at: Date;
  readonly correlationId?: string;
}

// ---------------------------------------------------------------- resources

export interface ResourceStore {
  /** Adds or replaces resources (and their publisher and distributors) in one transaction. */
  saveResources(
    resources: readonly ResourceDescription[],
    audit: AuditContext,
  ): Promise<{ readonly added: number; readonly changed: number; readonly unchanged: number }>;
  findResource(idRessource: string): Promise<ResourceDescription | undefined>;
  listResources(): Promise<readonly ResourceDescription[]>;
  /** The resources whose `fournisseurService` is this SP entityID (or OIDC client, CAS service), by id. */
  resourcesOfServiceProvider(entityId: string): Promise<readonly ResourceDescription[]>;
}

// ---------------------------------------------------------------- subscriptions

/** Licences held now, per count. */
export type LicenceUsage = Readonly<Record<LicenceBucket, number>>;

export interface SubscriptionRecord {
  readonly distributorId: string;
  readonly subscription: SubscriptionCreation;
  readonly usage: LicenceUsage;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the distributor service checks a request against before writing. */
export interface ResourceDistribution {
  readonly idRessource: string;
  readonly typeIdRessource: string;
  readonly commercialDistributorId: string;
  readonly technicalDistributorId: string;
}

export interface EstablishmentListing {
  readonly uai: string;
  readonly name: string;
  readonly entId: string;
  readonly degree: string;
}

export type UpdateOutcome =
  | 'updated'
  | 'not-found'
  | { readonly kind: 'below-usage'; readonly bucket: LicenceBucket; readonly used: number };

export interface SubscriptionStore {
  /** A live establishment of the directory (not departed), or undefined. */
  findEstablishment(uai: string): Promise<EstablishmentListing | undefined>;
  findResourceDistribution(idRessource: string): Promise<ResourceDistribution | undefined>;
  createSubscription(
    distributorId: string,
    input: SubscriptionCreation,
    audit: AuditContext,
  ): Promise<'created' | 'exists'>;
  /** Refuses (nothing written) a count lowered below the licences already held. */
  updateSubscription(
    distributorId: string,
    id: string,
    input: SubscriptionUpdate,
    audit: AuditContext,
  ): Promise<UpdateOutcome>;
  /** Deletes the subscription with its assignments and licences. */
  deleteSubscription(distributorId: string, id: string, audit: AuditContext): Promise<'deleted' | 'not-found'>;
  getSubscription(distributorId: string, id: string): Promise<SubscriptionRecord | undefined>;
  /** Only the distributor's own; items debut ≤ i < fin of the sorted list (half-open, as parsePaging bounds it). */
  listSubscriptions(
    distributorId: string,
    query: SubscriptionQuery,
    paging: Paging,
  ): Promise<readonly SubscriptionRecord[]>;
  /** How many subscriptions listSubscriptions finds on all pages together (the list answer's `total`). */
  countSubscriptions(distributorId: string, query: SubscriptionQuery): Promise<number>;
  listEstablishments(): Promise<readonly EstablishmentListing[]>;
  /** Licences held now per audience, for the caller's subscriptions with that id or project code. */
  countAssignments(
    distributorId: string,
    by: { readonly idAbonnement: string } | { readonly codeProjetRessource: string },
  ): Promise<readonly AssignmentCountRow[]>;
}

// ---------------------------------------------------------------- assignment reports

export interface AssignmentReportStore {
  /** Distributors that have at least one subscription (each gets a report). */
  listReportingDistributors(): Promise<readonly string[]>;
  /** What a report of this distributor shows now: its subscriptions and their assignments. */
  collectReportInput(distributorId: string, generatedAt: Date): Promise<AssignmentReportInput>;
  saveReport(distributorId: string, report: ReportListing & { readonly content: Buffer }): Promise<void>;
  listReports(distributorId: string, status?: ReportStatus): Promise<readonly ReportListing[]>;
  /** The zipped report, marked PRIS_EN_COMPTE (downloaded), or undefined for another's or an unknown name. */
  takeReport(distributorId: string, name: string): Promise<Buffer | undefined>;
  /** When the latest report (of any distributor) was made. */
  lastReportAt(): Promise<Date | undefined>;
}

// ---------------------------------------------------------------- assignments and licences

/** Whom an assignment gives licences to: a named person, or a live population of the establishment. */
export type AssignmentTarget =
  | { readonly kind: 'person'; readonly entId: string; readonly personId: string }
  /** Members of a class (division) or group: pupils (ELEVE), or the teachers teaching it (ENSEIGNANT). */
  | { readonly kind: 'class' | 'group'; readonly code: string; readonly audience: 'ELEVE' | 'ENSEIGNANT' }
  /** Pupils of a level (MEF code). */
  | { readonly kind: 'level'; readonly code: string }
  /** Teachers teaching a subject (subject code) in the establishment. */
  | { readonly kind: 'subject'; readonly code: string }
  /** Everyone of an audience in the establishment (all pupils, all teachers…). */
  | { readonly kind: 'profile'; readonly audience: Audience };

export interface SubscriptionKey {
  readonly distributorId: string;
  readonly subscriptionId: string;
}

export interface AssignmentView {
  readonly id: number;
  readonly subscription: SubscriptionKey;
  readonly uai: string;
  readonly target: AssignmentTarget;
  /** The audience it draws from (a named person's is fixed when assigned). */
  readonly audience: Audience;
  readonly createdBy: string;
  readonly createdAt: string;
  /** People the target covers now (within the subscription's audiences). */
  readonly matched: number;
  /** Of them, those holding a licence of this subscription. */
  readonly granted: number;
  /** Covered but without a licence because none remain: the visible shortage. */
  readonly waiting: number;
}

/** Which subscriptions a reconcile looks at: one establishment's, one ENT project's, or all (empty). */
export interface ReconcileScope {
  readonly uai?: string;
  readonly entId?: string;
}

export interface ReconcileSummary {
  readonly granted: number;
  readonly released: number;
  readonly waiting: number;
}

/** Everything the entitlement decision needs about one person, establishment and resource. */
export interface EntitlementFacts {
  /** The person's live profiles in that establishment; empty when unknown there or departed. */
  readonly profiles: readonly string[];
  readonly subscriptions: readonly {
    readonly key: SubscriptionKey;
    readonly validFrom: LocalDateTime;
    readonly validUntil: LocalDateTime;
    readonly assignmentType: AssignmentType;
    readonly audiences: readonly Audience[];
    /** A live licence of this subscription is held by the person. */
    readonly holdsLicence: boolean;
  }[];
}

export interface LicensingStore {
  /** Creates the assignment and grants licences to the people it covers while licences remain. */
  addAssignment(
    key: SubscriptionKey,
    uai: string,
    target: AssignmentTarget,
    audit: AuditContext,
  ): Promise<AssignmentView>;
  /** Revokes it; its licences go back (transferable subscriptions only). */
  revokeAssignment(id: number, audit: AuditContext): Promise<AssignmentView>;
  listAssignments(filter: {
    readonly uai?: string;
    readonly subscription?: SubscriptionKey;
  }): Promise<readonly AssignmentView[]>;
  /**
   * Brings licences in line with the directory: people who left give theirs back, newcomers of
   * live populations get one while licences remain.
   */
  reconcile(scope: ReconcileScope, audit: AuditContext): Promise<ReconcileSummary>;
  loadEntitlementFacts(
    person: { readonly entId: string; readonly personId: string },
    uai: string,
    idRessource: string,
  ): Promise<EntitlementFacts>;
}
