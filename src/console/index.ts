/** The console (issue 6): licence managers and the operator. */
export type {
  ConsoleSessionRecord, ConsoleSessionStore, ConsoleSubject, LoginOutcome, ManagedEstablishment, ManagerScopeSource, OperatorAccount, OperatorAccountStore,
} from './ports.js';
export type { LicenceHolder, ManagedSubscription, ManagerConsoleSource, PersonRef, PersonSummary, Population, PopulationKind } from './manager-ports.js';
