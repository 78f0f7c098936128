/**
 * bench:mediacentre's freshness check (the answer for a user must reflect a new
 * assignment within one second): while the clients keep loading the broker, one sampled pupil
 * who holds no licence of their establishment's spare INDIV subscription is assigned one in this
 * process through the store API (as `assign add --person` does), then that pupil's answer is polled
 * on a connection of its own until the resource appears. The delay counts from the commit.
 */
import type { Agent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLicensingStore, openStore, type Store } from '../src/store/index.js';
import type { SubscriptionKey } from '../src/subscriptions/index.js';
import type { PhaseOptions, Reply } from './bench-client.js';
import { runPhase } from './bench-client.js';
import { entId, freshnessSlot, subscriptionId } from './mediacentre-catalogue.js';
import type { SampledPerson } from './mediacentre-seed.js';

export interface FreshnessOptions {
  readonly databaseUrl: string;
  readonly sample: readonly SampledPerson[];
  /** One médiacentre request for a person through `agent`; `resourcesOf` reads an answer's resource ids. */
  readonly ask: (agent: Agent, person: SampledPerson) => Promise<Reply>;
  readonly resourcesOf: (reply: Reply) => readonly string[];
  readonly loadAgent: Agent;
  readonly pollAgent: Agent;
  readonly load: Omit<PhaseOptions, 'label' | 'total' | 'until' | 'target'>;
}

interface Candidate {
  readonly person: SampledPerson;
  readonly key: SubscriptionKey;
  readonly idRessource: string;
}

const maxWaitMs = 10_000;

export async function checkFreshness(o: FreshnessOptions): Promise<void> {
  const store = await openStore({ url: o.databaseUrl, poolSize: 2 });
  try {
    const candidate = await findCandidate(store, o.sample);
    if (o.resourcesOf(await o.ask(o.pollAgent, candidate.person)).includes(candidate.idRessource))
      throw new Error('freshness: the resource is listed before the assignment');
    let seen = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      seen = resolve;
    });
    const load = runPhase(
      { ...o.load, label: 'load during freshness check', total: Number.POSITIVE_INFINITY, until: done },
      async (i) => {
        const reply = await o.ask(o.loadAgent, o.sample[i % o.sample.length] as SampledPerson);
        if (reply.status !== 200) throw new Error(`médiacentre answered ${reply.status}: ${reply.body.toString()}`);
      },
    );
    load.catch(() => undefined); // a failing load is reported by the await below, not as unhandled
    await sleep(1000); // the load is steady before the write
    try {
      await assignAndWatch(store, candidate, o);
    } finally {
      seen();
      await load;
    }
  } finally {
    await store.close();
  }
}

async function assignAndWatch(store: Store, c: Candidate, o: FreshnessOptions): Promise<void> {
  const t0 = performance.now();
  const view = await createLicensingStore(store).addAssignment(
    c.key,
    c.person.uai,
    { kind: 'person', entId, personId: c.person.personId },
    { actor: 'cli:bench-mediacentre', at: new Date() },
  );
  const committed = performance.now();
  let polls = 0;
  while (performance.now() - committed < maxWaitMs) {
    polls += 1;
    if (o.resourcesOf(await o.ask(o.pollAgent, c.person)).includes(c.idRessource)) {
      const delay = performance.now() - committed;
      process.stdout.write(
        `freshness: assignment of ${c.idRessource} to one pupil written in ${(committed - t0).toFixed(1)} ms `
          + `(${view.granted} licence granted), listed ${delay.toFixed(1)} ms after the commit (${polls} polls)  `
          + `[target ≤ 1000 ms: ${delay <= 1000 ? 'OK' : 'MISSED'}]\n`,
      );
      return;
    }
  }
  process.stdout.write(
    `freshness: the new assignment was still not listed ${maxWaitMs} ms after the commit (${polls} polls)  `
      + '[target ≤ 1000 ms: MISSED]\n',
  );
  process.exitCode = 1;
}

/** The first sampled pupil without a licence of their establishment's spare subscription, licences left. */
async function findCandidate(store: Store, sample: readonly SampledPerson[]): Promise<Candidate> {
  for (const person of sample.filter((p) => p.pupil).slice(0, 500)) {
    const sub = await store.db
      .selectFrom('subscription')
      .select(['distributor_id', 'id', 'resource_id', 'licences_global', 'used_global'])
      .where('uai', '=', person.uai)
      .where('id', '=', subscriptionId(person.uai, 'I', freshnessSlot))
      .executeTakeFirst();
    if (sub === undefined || (sub.licences_global ?? 0) <= sub.used_global) continue;
    const held = await store.db
      .selectFrom('licence')
      .select('id')
      .where('distributor_id', '=', sub.distributor_id)
      .where('subscription_id', '=', sub.id)
      .where('ent_id', '=', entId)
      .where('person_id', '=', person.personId)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    if (held === undefined)
      return {
        person,
        key: { distributorId: sub.distributor_id, subscriptionId: sub.id },
        idRessource: sub.resource_id,
      };
  }
  throw new Error('freshness: no sampled pupil without a licence of the spare subscription');
}
