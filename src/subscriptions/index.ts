/**
 * The subscriptions module's public face. For now: the domain values of a distributor's
 * requests, and the GAR `wsabonnement` v1.0 codec (gar-reference §5) that reads and writes them.
 */
export {
  audiences, assignmentCategories, assignmentTypes,
  type Audience, type AssignmentCategory, type AssignmentType, type LicenceCount, type LocalDateTime,
  type SubscriptionEnd, type LicenceCounts, type SubscriptionInput, type SubscriptionCreation, type SubscriptionUpdate,
} from './subscription-input.js';
export {
  filterNames, sortFields,
  type FilterName, type SortField, type SortOrder, type SubscriptionFilter, type SubscriptionQuery, type Paging,
} from './subscription-query.js';
export { wsabonnementNamespace } from './wire/wsabonnement-grammar.js';
export { parseSubscriptionXml, type ParseSubscriptionOptions } from './wire/parse-subscription-xml.js';
export { parseFiltersXml } from './wire/parse-filters-xml.js';
export { parsePaging, maxPageSize } from './wire/parse-paging.js';
export { renderSubscriptionXml, renderSubscriptionList } from './wire/render-subscription-xml.js';
export { renderWsError } from './wire/render-ws-error.js';
