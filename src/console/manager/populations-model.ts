/**
 * The page "by population" (gar-reference §7): each class, group, level and subject with the
 * resources assigned to it, what the whole establishment has, and the subscriptions one can
 * assign from there.
 */
import type { ManagedSubscription, Population, PopulationKind } from '../manager-ports.js';
import type { AssignmentView, Audience } from '../../subscriptions/index.js';
import { audienceLabel, populationKey, populationSize, type Translate } from './manager-format.js';
import { subscriptionChoice, subscriptionPath } from './manager-paths.js';

export interface PopulationsInput {
  readonly uai: string;
  readonly populations: readonly Population[];
  readonly subscriptions: readonly ManagedSubscription[];
  readonly views: readonly AssignmentView[];
  readonly t: Translate;
}

/** The audiences a population of this kind can draw from. */
const audiencesOf: Readonly<Record<PopulationKind, readonly Audience[]>> = {
  class: ['ELEVE', 'ENSEIGNANT'],
  group: ['ELEVE', 'ENSEIGNANT'],
  level: ['ELEVE'],
  subject: ['ENSEIGNANT'],
};

const keyText = (distributorId: string, subscriptionId: string): string =>
  JSON.stringify([distributorId, subscriptionId]);

function resourceLine(v: AssignmentView, sub: ManagedSubscription | undefined, uai: string, t: Translate) {
  return {
    text:
      `${sub?.resourceName ?? v.subscription.subscriptionId} — `
      + `${audienceLabel(v.audience, t)} : ${v.granted} / ${v.matched}`,
    href: subscriptionPath(uai, v.subscription),
    waiting: v.waiting,
  };
}

export function populationsModel(input: PopulationsInput) {
  const { t, uai } = input;
  const subs = new Map(input.subscriptions.map((s) => [keyText(s.key.distributorId, s.key.subscriptionId), s]));
  const subOf = (v: AssignmentView) => subs.get(keyText(v.subscription.distributorId, v.subscription.subscriptionId));
  const byPopulation = new Map<string, AssignmentView[]>();
  for (const v of input.views) {
    if (v.target.kind === 'person' || v.target.kind === 'profile') continue;
    const key = populationKey(v.target.kind, v.target.code);
    byPopulation.set(key, [...(byPopulation.get(key) ?? []), v]);
  }
  const assignable = input.subscriptions.filter((s) => s.assignmentType === 'INDIV');
  const kinds = (['class', 'group', 'level', 'subject'] as const).map((kind) => ({
    kind,
    title: t(`manager.kind.${kind}`),
    audiences: audiencesOf[kind].map((a) => ({ value: a, label: audienceLabel(a, t) })),
    choices: assignable
      .filter((s) => s.audiences.some((a) => audiencesOf[kind].includes(a)))
      .map((s) => ({ value: subscriptionChoice(s.key), label: `${s.resourceName} (${s.key.subscriptionId})` })),
    populations: input.populations
      .filter((p) => p.kind === kind)
      .map((p) => ({
        ...p,
        size: populationSize(p, audiencesOf[kind], t),
        anchor: `pop-${kind}-${encodeURIComponent(p.code)}`,
        resources: (byPopulation.get(populationKey(kind, p.code)) ?? []).map((v) => resourceLine(v, subOf(v), uai, t)),
      })),
  }));
  const whole = [
    ...input.subscriptions
      .filter((s) => s.assignmentType === 'ETABL')
      .map((s) => ({
        text: `${s.resourceName} — ${t('manager.licences.whole')}`,
        href: subscriptionPath(uai, s.key),
        waiting: 0,
      })),
    ...input.views.filter((v) => v.target.kind === 'profile').map((v) => resourceLine(v, subOf(v), uai, t)),
  ];
  return { kinds, whole };
}
