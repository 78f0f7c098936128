/**
 * The demo catalogue in the broker: resources (checked by the same schema as `resource import`),
 * approved contracts (submitted then approved, as `contract submit|approve` do), subscriptions
 * (through the distributor service, as the web service creates them) and the class assignments
 * (as `assign add`). Each step first reads what is there: a second start writes nothing.
 */
import type { ContractStore } from '../src/attribute-filter/index.js';
import {
  createContractStore,
  createLicensingStore,
  createResourceStore,
  createSubscriptionStore,
  type Store,
} from '../src/store/index.js';
import {
  audiences,
  createDistributorService,
  parseResourceDocument,
  targetKey,
  type AssignmentTarget,
  type AuditContext,
  type ResourceDescription,
  type SubscriptionCreation,
} from '../src/subscriptions/index.js';
import {
  demoAssignedClass,
  demoDistributor,
  demoOidcClientId,
  demoPublisher,
  type DemoResource,
} from './demo-catalogue.js';

export interface CatalogueSeedReport {
  readonly resources: { readonly added: number; readonly changed: number; readonly unchanged: number };
  readonly contractsApproved: number;
  readonly subscriptionsCreated: number;
  readonly assignmentsAdded: number;
}

export interface CatalogueInput {
  readonly resources: readonly DemoResource[];
  /** The demo publisher's SP entityID (`fournisseurService`) and base URL (`urlAccesRessource`). */
  readonly spEntityId: string;
  readonly publisherUrl: string;
  readonly uai: string;
}

export async function seedDemoCatalogue(
  store: Store,
  input: CatalogueInput,
  audit: AuditContext,
): Promise<CatalogueSeedReport> {
  const document = JSON.stringify(input.resources.map((r) => describeResource(r, input)));
  const resources = await createResourceStore(store).saveResources(parseResourceDocument(document, 'many'), audit);
  const contracts = createContractStore(store);
  let contractsApproved = 0;
  for (const resource of input.resources) if (await approveContract(contracts, resource, audit)) contractsApproved += 1;
  let subscriptionsCreated = 0;
  let assignmentsAdded = 0;
  for (const resource of input.resources) {
    if (await createSubscription(store, resource, input.uai, audit)) subscriptionsCreated += 1;
    assignmentsAdded += await assignClass(store, resource, input.uai, audit);
  }
  return { resources, contractsApproved, subscriptionsCreated, assignmentsAdded };
}

function describeResource(resource: DemoResource, input: CatalogueInput): ResourceDescription {
  return {
    idRessource: resource.idRessource,
    typeIdRessource: 'ark',
    nomRessource: resource.nom,
    editeur: demoPublisher,
    distributeurCom: demoDistributor,
    distributeurTech: demoDistributor,
    fournisseurService: serviceProviderOf(resource, input),
    urlAccesRessource: `${input.publisherUrl}${resource.path}`,
    typePresentation: resource.presentation,
    niveauEducatif: [],
    domaineEnseignement: [],
    typePedagogique: resource.typePedagogique,
    typologieDocument: resource.typologieDocument,
  };
}

/** Who serves the resource: the SAML SP's entityID, the OIDC client id, or the CAS service URL (the page itself). */
function serviceProviderOf(resource: DemoResource, input: CatalogueInput): string {
  if (resource.protocol === 'oidc') return demoOidcClientId;
  if (resource.protocol === 'cas') return `${input.publisherUrl}${resource.path}`;
  return input.spEntityId;
}

/** The approved contract lists the catalogue's attributes; else a new version is submitted and approved. */
async function approveContract(
  contracts: ContractStore,
  resource: DemoResource,
  audit: AuditContext,
): Promise<boolean> {
  const effective = await contracts.effectiveContract(resource.idRessource);
  if (effective !== undefined && sameCodes(effective.document.attributs, resource.attributs)) return false;
  const versions = await contracts.listContracts(resource.idRessource);
  const version = Math.max(0, ...versions.map((v) => v.document.version)) + 1;
  await contracts.submitContract(
    { idRessource: resource.idRessource, version, finalite: resource.finalite, attributs: resource.attributs },
    audit,
  );
  await contracts.approveContract(resource.idRessource, version, audit);
  return true;
}

const sameCodes = (a: readonly string[], b: readonly string[]): boolean =>
  [...a].sort().join() === [...b].sort().join();

async function createSubscription(
  store: Store,
  resource: DemoResource,
  uai: string,
  audit: AuditContext,
): Promise<boolean> {
  const subscriptions = createSubscriptionStore(store);
  if ((await subscriptions.getSubscription(demoDistributor.id, resource.subscriptionId)) !== undefined) return false;
  const licensing = createLicensingStore(store);
  const service = createDistributorService({
    store: subscriptions,
    afterLicensingChange: async (at, a) => {
      await licensing.reconcile({ uai: at }, a);
    },
  });
  await service.create(demoDistributor.id, subscriptionOf(resource, uai), audit);
  return true;
}

function subscriptionOf(resource: DemoResource, uai: string): SubscriptionCreation {
  const establishment = resource.licensing.kind === 'establishment';
  return {
    idAbonnement: resource.subscriptionId,
    commentaireAbonnement: 'Abonnement de démonstration',
    idDistributeurCom: demoDistributor.id,
    idRessource: resource.idRessource,
    typeIdRessource: 'ark',
    libelleRessource: resource.nom,
    debutValidite: '2020-09-01T00:00:00',
    fin: { kind: 'date', finValidite: '2099-08-15T00:00:00' },
    uaiEtab: uai,
    categorieAffectation: 'transferable',
    typeAffectation: establishment ? 'ETABL' : 'INDIV',
    licences: { kind: 'global', nbLicenceGlobale: establishment ? 'ILLIMITE' : 100 },
    publicCible: resource.licensing.kind === 'class' ? ['ELEVE', 'ENSEIGNANT'] : [...audiences],
  };
}

/** The pupils of the class, and the teachers who teach it; the missing ones only. */
async function assignClass(store: Store, resource: DemoResource, uai: string, audit: AuditContext): Promise<number> {
  if (resource.licensing.kind !== 'class') return 0;
  const licensing = createLicensingStore(store);
  const key = { distributorId: demoDistributor.id, subscriptionId: resource.subscriptionId };
  const existing = await licensing.listAssignments({ subscription: key });
  const wanted: AssignmentTarget[] = [
    { kind: 'class', code: demoAssignedClass, audience: 'ELEVE' },
    { kind: 'class', code: demoAssignedClass, audience: 'ENSEIGNANT' },
  ];
  let added = 0;
  for (const target of wanted) {
    if (existing.some((view) => targetKey(view.target) === targetKey(target))) continue;
    await licensing.addAssignment(key, uai, target, audit);
    added += 1;
  }
  return added;
}
