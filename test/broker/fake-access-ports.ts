/**
 * In-memory ports for the access decision: a catalogue of three resources (two of one SAML SP,
 * one of another distributor), one person in two establishments, licences and contracts as
 * sets, and a real sealer that counts how often an intent is opened. No database, no HTTP.
 */
import { pino } from 'pino';
import {
  makePseudonymKey,
  type EffectiveContract,
  type RequestableCode,
  type ResolvedAttributes,
} from '../../src/attribute-filter/index.js';
import type { AccessDeps } from '../../src/broker/access-decision.js';
import { sealIntent, type AccessIntent } from '../../src/broker/access-intent.js';
import type { LoginContext } from '../../src/broker/index.js';
import type { ResourceDescription } from '../../src/subscriptions/index.js';
import { createSealer, type Sealer } from '../../src/trust/index.js';

export const distributor = '832020065_0000000000000000';
export const otherDistributor = '552100554_0000000000000002';
export const sp = 'https://sp.editeur.test/saml';
export const otherSp = 'https://autre.editeur.test/saml';
export const maths = 'ark:/46173/00001.p';
export const atlas = 'ark:/46173/00002.p';
export const foreign = 'ark:/46173/00003.p';
export const person = { entId: 'ENT1', personId: 'eleve-1' };
/** The person's establishments, in UAI order. */
export const [firstUai, secondUai] = ['0561534N', '0750001A'] as const;
export const now = new Date('2026-03-02T09:00:00.000Z');

export function resource(
  idRessource: string,
  distributorId = distributor,
  fournisseurService = sp,
): ResourceDescription {
  const party = { id: distributorId, nom: 'Distributeur' };
  return {
    idRessource,
    typeIdRessource: 'ark',
    nomRessource: `Ressource ${idRessource}`,
    editeur: { id: 'ED1', nom: 'Éditeur' },
    distributeurCom: party,
    distributeurTech: party,
    fournisseurService,
    urlAccesRessource: 'https://sp.editeur.test/r',
    typePresentation: { code: 'MAN', nom: 'Manuel' },
    niveauEducatif: [],
    domaineEnseignement: [],
  };
}

export function approved(idRessource: string, attributs: readonly RequestableCode[]): EffectiveContract {
  return {
    document: { idRessource, version: 1, finalite: 'Suivre les exercices.', attributs },
    status: 'approved',
    submittedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** A sealer whose `open` calls are counted (the decision opens the intent once per access). */
export interface CountingSealer extends Sealer {
  readonly opened: number;
}

export function countingSealer(): CountingSealer {
  const real = createSealer(Buffer.alloc(32, 3), 'access-intent');
  let opened = 0;
  return {
    seal: (value, expiresAt) => real.seal(value, expiresAt),
    open: (sealed, at) => {
      opened += 1;
      return real.open(sealed, at);
    },
    get opened() {
      return opened;
    },
  };
}

export interface World {
  readonly resources: ResourceDescription[];
  /** `${uai} ${idRessource}` the person holds a licence for. */
  readonly licences: Set<string>;
  readonly contracts: Map<string, EffectiveContract>;
  /** The person's establishments and, per establishment, their profile and attributes. */
  readonly establishments: string[];
  readonly attributes: ResolvedAttributes;
}

export function world(): World {
  return {
    resources: [resource(maths), resource(atlas), resource(foreign, otherDistributor)],
    licences: new Set([`${firstUai} ${maths}`, `${firstUai} ${atlas}`, `${secondUai} ${maths}`]),
    contracts: new Map([
      [maths, approved(maths, ['NOM'])],
      [atlas, approved(atlas, [])],
    ]),
    establishments: [firstUai, secondUai],
    attributes: { NOM: ['Martin'], PRE: ['Léa'], DIV: ['3A##Troisième A'] },
  };
}

export type FakeDeps = AccessDeps & { readonly intents: CountingSealer };

export function fakeDeps(w: World = world(), overrides: Partial<AccessDeps> = {}): FakeDeps {
  return {
    resources: {
      findResource: async (id) => w.resources.find((r) => r.idRessource === id),
      resourcesOfServiceProvider: async (entityId) => w.resources.filter((r) => r.fournisseurService === entityId),
    },
    intents: countingSealer(),
    people: {
      establishmentsOf: async () => w.establishments,
      resolvePerson: async (_entId, _personId, uai) =>
        w.establishments.includes(uai) ? { profile: 'National_elv', attributes: w.attributes } : undefined,
    },
    entitlement: async ({ uai, idRessource }) =>
      w.licences.has(`${uai} ${idRessource}`)
        ? { allowed: true, subscription: { distributorId: distributor, subscriptionId: 'ABO-1' }, audience: 'ELEVE' }
        : { allowed: false, reason: 'NO_SUBSCRIPTION' },
    contracts: { effectiveContract: async (id) => w.contracts.get(id) },
    pseudonymKey: makePseudonymKey(Buffer.alloc(32, 9)),
    pseudonymScope: 'distributor',
    ...overrides,
  } as FakeDeps;
}

export const ctx: LoginContext = { now, log: pino({ level: 'silent' }) };

/** The cookie a médiacentre click leaves, sealed with `deps`' sealer. */
export function clicked(deps: FakeDeps, intent: AccessIntent, at: Date = now): string {
  return sealIntent(deps.intents, intent, at);
}
