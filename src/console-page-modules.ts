/**
 * The console's page modules, in the order their routes are tried. Part of the composition root:
 * each module gets the stores it needs here.
 */
import type { ConsolePageModule } from './http/index.js';
import { operatorHomePages } from './http/index.js';
import type { Store } from './store/index.js';
import { managerPages } from './http/index.js';
import { createLicensingStore } from './store/index.js';
import { keyringReader, operatorPages } from './http/index.js';
import { createContractStore, createOperatorConsoleSource, createPartnerCertificateStore, createResourceStore, createSamlPartnerStore } from './store/index.js';
import { createCasServiceStore, createOidcClientStore, createOidcEntRegistry } from './store/index.js';
import { createManagerConsoleSource } from './store/console/sql-manager-console-source.js';
import { managerLoginPages } from './http/console/manager-login/manager-login-pages.js';
import { managerLoginDeps, type ConsoleLoginParts } from './compose-console.js';

export function consolePageModules(store: Store, login: ConsoleLoginParts): readonly ConsolePageModule[] {
  return [
    operatorHomePages(),
    operatorPages({ source: createOperatorConsoleSource(store), contracts: createContractStore(store), resources: createResourceStore(store), samlPartners: createSamlPartnerStore(store), certificates: createPartnerCertificateStore(store), keyring: keyringReader(login.config.saml.keysDir),
      oidcEnts: createOidcEntRegistry(store), oidcClients: createOidcClientStore(store), casServices: createCasServiceStore(store) }),
    managerLoginPages(managerLoginDeps(store, login)),
    managerPages({ licensing: createLicensingStore(store), source: createManagerConsoleSource(store) }),
  ];
}
