/**
 * A small catalogue and directory for subscription tests: establishments, two distributors and
 * their resources, written straight into the tables (the feed import and the resource registry
 * have their own tests).
 */
import type { Store } from '../../src/store/index.js';
import type { SubscriptionCreation } from '../../src/subscriptions/index.js';

/** The distributor of the wsabonnement fixtures (test/fixtures/wsabonnement). */
export const distributorA = '832020065_0000000000000000';
export const distributorB = '552100554_0000000000000002';
export const resourceOfA = 'ark:/46173/00001.p';
export const secondResourceOfA = 'ark:/46173/00002.p';
export const resourceOfB = 'ark:/46173/00003.p';
export const establishments = ['0561534N', '0750001A', '0560019A'] as const;

const at = '2026-01-01T00:00:00.000Z';

export async function seedCatalogue(store: Store): Promise<void> {
  const { db } = store;
  await db.insertInto('ent_project').values({ id: 'ENT1', name: 'ENT de test', created_at: at }).execute();
  await db
    .insertInto('establishment')
    .values(
      establishments.map((uai, i) => ({
        uai,
        ent_id: 'ENT1',
        degree: '2D',
        name: `Collège n°${i + 1} d'Essai`,
        attached_to: null,
        contract: null,
        phone: null,
        email: null,
        created_at: at,
        record_hash: 'h',
        departed_at: null,
        updated_at: at,
      })),
    )
    .execute();
  await db.insertInto('publisher').values({ id: 'ED1', name: 'Éditions Essai', created_at: at }).execute();
  await db
    .insertInto('distributor')
    .values([
      { id: distributorA, name: 'Distributeur A', created_at: at },
      { id: distributorB, name: 'Distributeur B', created_at: at },
    ])
    .execute();
  await db
    .insertInto('resource')
    .values([
      resourceRow(resourceOfA, distributorA),
      resourceRow(secondResourceOfA, distributorA),
      resourceRow(resourceOfB, distributorB),
    ])
    .execute();
}

function resourceRow(id: string, distributor: string) {
  return {
    id,
    id_type: 'ark',
    name: `Ressource ${id}`,
    publisher_id: 'ED1',
    commercial_distributor_id: distributor,
    technical_distributor_id: distributor,
    access_url: 'https://example.org/r',
    thumbnail_url: null,
    presentation_code: null,
    details: '{}',
    created_at: at,
    updated_at: at,
    service_provider_id: 'https://example.org/sp',
  };
}

/** A valid creation for distributor A in the first establishment; override what the test needs. */
export function creation(overrides: Partial<SubscriptionCreation> = {}): SubscriptionCreation {
  return {
    idAbonnement: 'ABO-1',
    idDistributeurCom: distributorA,
    idRessource: resourceOfA,
    typeIdRessource: 'ark',
    libelleRessource: 'Manuel numérique',
    debutValidite: '2025-09-01T00:00:00',
    fin: { kind: 'schoolYear', anneeFinValidite: '2025-2026', finValidite: '2026-08-15T00:00:00' },
    uaiEtab: establishments[0],
    categorieAffectation: 'transferable',
    typeAffectation: 'INDIV',
    licences: { kind: 'global', nbLicenceGlobale: 30 },
    publicCible: ['ELEVE', 'ENSEIGNANT'],
    ...overrides,
  };
}

/**
 * Licences of distributor A's subscription `id` held now, one per audience listed (people P0, P1…
 * of ENT1), drawn from `bucket`, and its counter set to match.
 */
export async function holdLicences(
  store: Store,
  id: string,
  audiences: readonly string[],
  bucket = 'global',
): Promise<void> {
  const column = bucket === 'global' ? 'used_global' : (`used_${bucket}` as const);
  for (const [i, audience] of audiences.entries()) {
    await store.db
      .insertInto('licence')
      .values({
        distributor_id: distributorA,
        subscription_id: id,
        ent_id: 'ENT1',
        person_id: `P${i}`,
        bucket,
        audience,
        assignment_id: null,
        granted_at: '2026-02-01T00:00:00Z',
        released_at: null,
        release_reason: null,
      })
      .execute();
  }
  await store.db
    .updateTable('subscription')
    .set({ [column]: audiences.length })
    .where('id', '=', id)
    .execute();
}
