/** The médiacentre web service for ENTs: what a user may open, and the catalogue. */
export type { MediacentreStore, MediacentreEstablishment, PersonOffer, OfferedSubscription } from './ports.js';
export { checkMediacentrePath, type MediacentrePath } from './check-mediacentre-path.js';
export {
  createUserResourceLister,
  type ListUserResources,
  type MediacentreQuestion,
  type ListUserResourcesDeps,
} from './list-user-resources.js';
export {
  renderResourceList,
  mediacentreLink,
  type MediacentreResourceList,
  type MediacentreResource,
  type ResourceListContext,
} from './render-resource-list.js';
export {
  renderDiffusableList,
  type DiffusableList,
  type DiffusableResource,
  type CatalogueEntry,
} from './render-diffusable-list.js';
export { mediacentreRouter, type MediacentreRouterDeps } from './mediacentre-router.js';
