/**
 * The transport kernel: the express app with its security headers and problem answers, the
 * listeners, the partner web services' fault shape and client-certificate middleware. Imports
 * only core and config; features bring their own routes.
 */
export { createApp, type AppDependencies } from './create-app.js';
export { listen, portOf, type TlsMaterial } from './listen.js';
export { sendProblem } from './problem-response.js';
export { webServiceFault, type WebServiceFault } from './web-service-fault.js';
export {
  authenticatePartner,
  type IdentifiedPartner,
  type IdentifyPartner,
  type PartnerAuthenticationOptions,
} from './authenticate-partner.js';
