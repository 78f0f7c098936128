/** The console: licence managers and the operator. */
export type {
  ConsoleSessionRecord,
  ConsoleSessionStore,
  ConsoleSubject,
  LoginOutcome,
  ManagedEstablishment,
  ManagerScopeSource,
  OperatorAccount,
  OperatorAccountStore,
} from './ports.js';
export type {
  LicenceHolder,
  ManagedSubscription,
  ManagerConsoleSource,
  PersonRef,
  PersonSummary,
  Population,
  PopulationKind,
} from './manager-ports.js';
export type {
  AuditEventRow,
  AuditFilter,
  CataloguePartyRow,
  ContractState,
  EntProjectSummary,
  FeedImportRecord,
  FeedImportReport,
  OperatorConsoleSource,
  PageRequest,
  SubscriptionGroup,
  SubscriptionGrouping,
} from './operator-ports.js';
export { consoleRouter, type ConsolePageModule, type ConsoleRouterDeps } from './console-router.js';
export type { ConsoleKit } from './console-kit.js';
export { operatorHomePages } from './operator/operator-home-pages.js';
export { managerPages, managerRoutes, type ManagerPagesDeps } from './manager/manager-pages.js';
export { operatorPages, operatorRoutes, keyringReader, type OperatorPagesDeps } from './operator/operator-pages.js';
export { managerLoginPages } from './manager-login/manager-login-pages.js';
export type { ManagerLoginDeps } from './manager-login/manager-login-deps.js';
