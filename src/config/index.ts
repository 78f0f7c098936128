export { loadConfig, type LoadConfigInput } from './load-config.js';
export type { BrokerConfig } from './config-types.js';
export { configSchema } from './config-schema.js';
export { renderConfigDocs } from './render-config-docs.js';
