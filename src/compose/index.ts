/** The composition: every module wired to the store, the configuration and the listeners. */
export { startBroker, type RunningBroker } from './start-broker.js';
export { partnerAuthentication } from './partner-mounts.js';
