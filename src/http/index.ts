export { createApp, type AppDependencies } from './create-app.js';
export { listen, portOf, type TlsMaterial } from './listen.js';
export { partnerWebServices, type PartnerWebServicesDependencies } from './partner-web-services/partner-web-services.js';
export { loginRoutes, type LoginRoutesDeps } from './login/login-routes.js';
export { mediacentreRouter, type MediacentreRouterDeps } from './mediacentre/mediacentre-router.js';
export { authenticatePartner, type PartnerAuthenticationOptions } from './partner-web-services/authenticate-partner.js';
export { consoleRouter, type ConsolePageModule, type ConsoleRouterDeps } from './console/console-router.js';
export type { ConsoleKit } from './console/console-kit.js';
export { operatorHomePages } from './console/operator/operator-home-pages.js';
