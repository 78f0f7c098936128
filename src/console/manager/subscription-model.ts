/**
 * What the page of one subscription shows (gar-reference §7, entry by resource): its counts, its
 * assignments with who made them, who holds a licence, and the populations it can be assigned to.
 */
import type { LicenceHolder, ManagedSubscription, Population } from '../manager-ports.js';
import type { AssignmentView, Audience } from '../../subscriptions/index.js';
import type { ConsoleLanguage } from '../console-messages.js';
import {
  audienceLabel,
  describeActor,
  describeTarget,
  instant,
  licenceLines,
  licenceText,
  localDate,
  personName,
  populationSize,
  type TargetNames,
  type Translate,
} from './manager-format.js';
import { personValue, subscriptionPath } from './manager-paths.js';

export interface SubscriptionModelInput {
  readonly uai: string;
  readonly sub: ManagedSubscription;
  readonly views: readonly AssignmentView[];
  readonly holders: { readonly total: number; readonly holders: readonly LicenceHolder[] };
  readonly populations: readonly Population[];
  readonly names: TargetNames;
  readonly lang: ConsoleLanguage;
  readonly t: Translate;
}

const option = (audience: Audience, t: Translate) => ({ value: audience, label: audienceLabel(audience, t) });

function summary({ sub, lang, t }: SubscriptionModelInput): string {
  return t('manager.subscription.summary', {
    id: sub.key.subscriptionId,
    distributor: sub.distributorName,
    type: t(`manager.type.${sub.assignmentType}`),
    category: t(`manager.category.${sub.category}`),
    validity: t('manager.validity', { from: localDate(sub.validFrom, lang), until: localDate(sub.validUntil, lang) }),
  });
}

function assignmentRows(input: SubscriptionModelInput, path: string) {
  const { sub, names, lang, t } = input;
  return input.views.map((v) => ({
    id: v.id,
    target: describeTarget(v.target, names, t),
    audience: audienceLabel(v.audience, t),
    matched: v.matched,
    granted: v.granted,
    waiting: v.waiting,
    createdBy: describeActor(v.createdBy, names),
    createdAt: instant(v.createdAt, lang),
    ...(sub.category === 'transferable' ? { removeHref: `${path}/affectations/${v.id}/retirer` } : {}),
  }));
}

function holderRows(input: SubscriptionModelInput, path: string) {
  const { sub, t } = input;
  return input.holders.holders.map((h) => ({
    name: h.present ? personName(h) : `${h.entId}:${h.personId} (${t('manager.subscription.left')})`,
    classes: h.classes.join(', '),
    audience: audienceLabel(h.audience, t),
    viaPopulation: h.coveredByPopulation,
    // Only a licence an assignment gives to that person alone can be taken back and stay back.
    ...(sub.category === 'transferable' && h.personAssignmentId !== undefined && !h.coveredByPopulation
      ? { takeBackHref: `${path}/licences/reprendre?personne=${encodeURIComponent(personValue(h))}` }
      : {}),
  }));
}

function forms(input: SubscriptionModelInput, path: string) {
  const { sub, populations, t } = input;
  const serves = (a: Audience): boolean => sub.audiences.includes(a);
  const groupAudiences = (['ELEVE', 'ENSEIGNANT'] as const).filter(serves);
  // Each population with its size for the audiences this subscription can give it.
  const of = (kind: Population['kind'], audiences: readonly Audience[]) =>
    populations.filter((p) => p.kind === kind).map((p) => ({ ...p, size: populationSize(p, audiences, t) }));
  return {
    action: `${path}/affectations`,
    classes: of('class', groupAudiences),
    groups: of('group', groupAudiences),
    levels: serves('ELEVE') ? of('level', ['ELEVE']) : [],
    subjects: serves('ENSEIGNANT') ? of('subject', ['ENSEIGNANT']) : [],
    groupAudiences: groupAudiences.map((a) => option(a, t)),
    profiles: sub.audiences.map((a) => option(a, t)),
  };
}

export function subscriptionModel(input: SubscriptionModelInput) {
  const { sub, t } = input;
  const path = subscriptionPath(input.uai, sub.key);
  return {
    path,
    resourceName: sub.resourceName,
    summary: summary(input),
    etabl: sub.assignmentType === 'ETABL',
    licences: licenceLines(sub, t).map((l) => licenceText(l, t)),
    assignments: assignmentRows(input, path),
    holders: { total: input.holders.total, shown: holderRows(input, path) },
    forms: forms(input, path),
  };
}
