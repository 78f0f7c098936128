/**
 * The console's page modules, in the order their routes are tried. Part of the composition root:
 * each module gets the stores it needs here.
 */
import {
  keyringReader,
  managerLoginPages,
  managerPages,
  operatorHomePages,
  operatorPages,
  type ConsolePageModule,
} from '../console/index.js';
import {
  createCasServiceStore,
  createContractStore,
  createLicensingStore,
  createManagerConsoleSource,
  createOidcClientStore,
  createOidcEntRegistry,
  createOperatorConsoleSource,
  createPartnerCertificateStore,
  createResourceStore,
  createSamlPartnerStore,
  type Store,
} from '../store/index.js';
import { managerLoginDeps, type ConsoleLoginParts } from './compose-console.js';

export function consolePageModules(store: Store, login: ConsoleLoginParts): readonly ConsolePageModule[] {
  return [
    operatorHomePages(),
    operatorPages({
      source: createOperatorConsoleSource(store),
      contracts: createContractStore(store),
      resources: createResourceStore(store),
      samlPartners: createSamlPartnerStore(store),
      certificates: createPartnerCertificateStore(store),
      keyring: keyringReader(login.config.saml.keysDir),
      oidcEnts: createOidcEntRegistry(store),
      oidcClients: createOidcClientStore(store),
      casServices: createCasServiceStore(store),
    }),
    managerLoginPages(managerLoginDeps(store, login)),
    managerPages({ licensing: createLicensingStore(store), source: createManagerConsoleSource(store) }),
  ];
}
