/** The console (issue 6): licence managers and the operator. */
export type {
  ConsoleSessionRecord, ConsoleSessionStore, ConsoleSubject, LoginOutcome, ManagedEstablishment, ManagerScopeSource, OperatorAccount, OperatorAccountStore,
} from './ports.js';
export type { LicenceHolder, ManagedSubscription, ManagerConsoleSource, PersonRef, PersonSummary, Population, PopulationKind } from './manager-ports.js';
export type { AuditEventRow, AuditFilter, CataloguePartyRow, ContractState, EntProjectSummary, FeedImportRecord, FeedImportReport, OperatorConsoleSource, PageRequest, SubscriptionGroup, SubscriptionGrouping } from './operator-ports.js';
