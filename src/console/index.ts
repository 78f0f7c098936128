/** The console (issue 6): licence managers and the operator. */
export type {
  ConsoleSessionRecord, ConsoleSessionStore, ConsoleSubject, LoginOutcome, ManagedEstablishment, ManagerScopeSource, OperatorAccount, OperatorAccountStore,
} from './ports.js';
