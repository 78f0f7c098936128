/** Public face of the feed generator: deterministic GAR ENT directory deliveries for tests and load. */
export { generateDelivery, type GenerateOptions, type GeneratedDelivery } from './generate-delivery.js';
