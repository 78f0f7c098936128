/**
 * The subscriptions module's public face. For now: the domain values of a distributor's
 * requests, and the GAR `wsabonnement` v1.0 codec (gar-reference §5) that reads and writes them.
 */
export {
  audiences,
  assignmentCategories,
  assignmentTypes,
  type Audience,
  type AssignmentCategory,
  type AssignmentType,
  type LicenceCount,
  type LocalDateTime,
  type SubscriptionEnd,
  type LicenceCounts,
  type SubscriptionInput,
  type SubscriptionCreation,
  type SubscriptionUpdate,
} from './subscription-input.js';
export {
  filterNames,
  sortFields,
  type FilterName,
  type SortField,
  type SortOrder,
  type SubscriptionFilter,
  type SubscriptionQuery,
  type Paging,
} from './subscription-query.js';
export { wsabonnementNamespace } from './wire/wsabonnement-grammar.js';
export { parseSubscriptionXml, type ParseSubscriptionOptions } from './wire/parse-subscription-xml.js';
export { parseFiltersXml } from './wire/parse-filters-xml.js';
export { parsePaging, maxPageSize } from './wire/parse-paging.js';
export { renderSubscriptionXml, renderSubscriptionList } from './wire/render-subscription-xml.js';
export { renderWsError } from './wire/render-ws-error.js';
export type {
  AuditContext,
  ResourceStore,
  LicenceUsage,
  SubscriptionRecord,
  ResourceDistribution,
  EstablishmentListing,
  UpdateOutcome,
  SubscriptionStore,
  AssignmentReportStore,
  AssignmentTarget,
  SubscriptionKey,
  AssignmentView,
  ReconcileScope,
  ReconcileSummary,
  EntitlementFacts,
  LicensingStore,
} from './ports.js';
export type { ResourceDescription, VocabularyTerm, NamedParty } from './resources/resource-description.js';
export { audienceOfProfile, profilesOfAudience, bucketOf, type LicenceBucket } from './audience.js';
export {
  createDistributorService,
  type DistributorService,
  type DistributorServiceOptions,
} from './distributor-service.js';
export { parseResourceDocument, maxResourceDocumentBytes } from './resources/parse-resource-document.js';
export {
  decideEntitlement,
  type EntitlementDecision,
  type EntitlementDenial,
} from './entitlement/decide-entitlement.js';
export { toFrenchLocalDateTime } from './entitlement/french-local-date-time.js';
export {
  renderEstablishmentList,
  listEtablissementNamespace,
  etablissementElements,
} from './wire/render-establishment-list.js';
export { frenchDepartments, type FrenchDepartment } from './wire/french-departments.js';
export {
  renderAssignmentCountsCsv,
  assignmentCountsHeader,
  csvField,
  type AssignmentCountRow,
} from './wire/render-assignment-counts-csv.js';
export {
  renderReportIndex,
  reportStatuses,
  type ReportStatus,
  type ReportListing,
} from './wire/render-report-index.js';
export {
  renderAssignmentReport,
  type AssignmentReportInput,
  type ReportResource,
  type ReportSubscription,
  type ReportEstablishment,
  type ReportAssignment,
  type ReportAssignmentKind,
} from './wire/render-assignment-report.js';
export { zipSingleFile } from './wire/zip-single-file.js';
export { parseAssignmentTarget, type AssignmentTargetInput } from './assignments/parse-assignment-target.js';
export {
  audienceOfTarget,
  targetKey,
  checkAssignable,
  checkAudienceAllowed,
  audienceOfPerson,
  checkRevocable,
  type AssignableSubscription,
} from './assignments/assignment-rules.js';
export {
  planGrants,
  remainingLicences,
  type GrantCandidate,
  type PlannedGrant,
  type StoredCounts,
} from './assignments/plan-grants.js';
export { generateAssignmentReports, type GeneratedReport } from './generate-assignment-reports.js';
export {
  createEntitlementCheck,
  type CheckEntitlement,
  type EntitlementQuestion,
} from './entitlement/check-entitlement.js';
export { scheduleDailyReports } from './schedule-daily-reports.js';
export { reconcileAfterImport } from './reconcile-after-import.js';
export { partnerWebServices, type PartnerWebServicesDependencies } from './web-service/partner-web-services.js';
