/** What the operator's pages are built from: the domain stores (every change, audited there) and their reads. */
import type { RequestHandler } from 'express';
import type { ContractStore } from '../../attribute-filter/index.js';
import type { OperatorConsoleSource } from '../operator-ports.js';
import type { CasServiceStore, OidcClientStore, SamlPartnerStore } from '../../federation/index.js';
import type { OidcEntRegistry } from '../../idp-bridge/index.js';
import type { ResourceStore } from '../../subscriptions/index.js';
import type { BrokerKeyring, PartnerCertificateStore } from '../../trust/index.js';
import type { ConsoleKit } from '../console-kit.js';

export interface OperatorPagesDeps {
  readonly source: OperatorConsoleSource;
  readonly contracts: ContractStore;
  readonly resources: Pick<ResourceStore, 'listResources' | 'findResource'>;
  readonly samlPartners: Pick<SamlPartnerStore, 'list'>;
  readonly certificates: Pick<PartnerCertificateStore, 'listCertificates' | 'findCertificate' | 'revokeCertificate'>;
  /** The OIDC and CAS registrations, shown read-only (the CLI registers them). */
  readonly oidcEnts: Pick<OidcEntRegistry, 'list'>;
  readonly oidcClients: Pick<OidcClientStore, 'list'>;
  readonly casServices: Pick<CasServiceStore, 'list'>;
  /** The broker's SAML keyring now; undefined when the console was not told where it lives. */
  readonly keyring?: (now: Date) => BrokerKeyring | undefined;
}

/** A route's handler, made from the deps and the console kit (it runs after kit.requireOperator). */
export type OperatorHandler = (deps: OperatorPagesDeps, kit: ConsoleKit) => RequestHandler;
