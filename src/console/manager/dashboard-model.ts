/**
 * What the licence manager's dashboard shows (gar-reference §7): each subscription with its counts,
 * and the alerts: new subscriptions, INDIV resources assigned to nobody, subscriptions ending soon,
 * assignments whose people wait for a licence. Pure: the clock and the data are passed in.
 */
import type { ManagedSubscription } from '../manager-ports.js';
import { toFrenchLocalDateTime, type AssignmentView } from '../../subscriptions/index.js';
import type { ConsoleLanguage } from '../console-messages.js';
import {
  describeTarget,
  licenceLines,
  licenceText,
  localDate,
  type TargetNames,
  type Translate,
} from './manager-format.js';
import { subscriptionPath } from './manager-paths.js';

const day = 86_400_000;
export const newForDays = 7;
export const endingWithinDays = 30;
const shownTargets = 3;

export type AlertKind = 'new' | 'unassigned' | 'ending' | 'waiting';

export interface DashboardAlert {
  readonly kind: AlertKind;
  readonly text: string;
  readonly href: string;
}

export interface SubscriptionCard {
  readonly href: string;
  readonly resourceName: string;
  readonly summary: readonly string[];
  readonly licences: readonly string[];
  readonly assignments: number;
  readonly waiting: number;
}

export interface DashboardInput {
  readonly uai: string;
  readonly subscriptions: readonly ManagedSubscription[];
  readonly views: readonly AssignmentView[];
  readonly names: TargetNames;
  readonly now: Date;
  readonly lang: ConsoleLanguage;
  readonly t: Translate;
}

const keyOf = (s: ManagedSubscription | AssignmentView): string =>
  JSON.stringify(
    'key' in s
      ? [s.key.distributorId, s.key.subscriptionId]
      : [s.subscription.distributorId, s.subscription.subscriptionId],
  );

function alertsOf(sub: ManagedSubscription, views: readonly AssignmentView[], input: DashboardInput): DashboardAlert[] {
  const { t, now } = input;
  const href = subscriptionPath(input.uai, sub.key);
  const name = sub.resourceName;
  const today = toFrenchLocalDateTime(now);
  const live = sub.validUntil >= today;
  const alerts: DashboardAlert[] = [];
  if (Date.parse(sub.createdAt) >= now.getTime() - newForDays * day)
    alerts.push({ kind: 'new', text: t('manager.alert.new', { name }), href });
  if (live && sub.assignmentType === 'INDIV' && views.length === 0)
    alerts.push({ kind: 'unassigned', text: t('manager.alert.unassigned', { name }), href });
  if (live && sub.validUntil <= toFrenchLocalDateTime(new Date(now.getTime() + endingWithinDays * day))) {
    alerts.push({
      kind: 'ending',
      text: t('manager.alert.ending', { name, date: localDate(sub.validUntil, input.lang) }),
      href,
    });
  }
  // One alert per subscription, naming its first populations short of licences: a long list would hide
  // the other alerts.
  const short = views.filter((view) => view.waiting > 0);
  if (short.length > 0) {
    const count = short.reduce((sum, v) => sum + v.waiting, 0);
    const named = short.slice(0, shownTargets).map((v) => describeTarget(v.target, input.names, t));
    const targets = `${named.join(', ')}${short.length > shownTargets ? ', …' : ''}`;
    alerts.push({ kind: 'waiting', text: t('manager.alert.waiting', { name, count, targets }), href });
  }
  return alerts;
}

function cardOf(sub: ManagedSubscription, views: readonly AssignmentView[], input: DashboardInput): SubscriptionCard {
  const { t, lang } = input;
  return {
    href: subscriptionPath(input.uai, sub.key),
    resourceName: sub.resourceName,
    summary: [
      // The same resource may be bought twice (two distributors, two projects): the id tells them apart.
      t('manager.card.subscription', { id: sub.key.subscriptionId }),
      sub.distributorName,
      t('manager.validity', { from: localDate(sub.validFrom, lang), until: localDate(sub.validUntil, lang) }),
      `${t(`manager.type.${sub.assignmentType}`)}, ${t(`manager.category.${sub.category}`)}`,
    ],
    licences:
      sub.assignmentType === 'ETABL'
        ? [t('manager.licences.whole')]
        : licenceLines(sub, t).map((l) => licenceText(l, t)),
    assignments: views.length,
    waiting: views.reduce((sum, v) => sum + v.waiting, 0),
  };
}

const alertOrder: readonly AlertKind[] = ['waiting', 'unassigned', 'ending', 'new'];

export function dashboardModel(input: DashboardInput): {
  readonly alerts: readonly DashboardAlert[];
  readonly cards: readonly SubscriptionCard[];
} {
  const bySubscription = new Map<string, AssignmentView[]>();
  for (const v of input.views) bySubscription.set(keyOf(v), [...(bySubscription.get(keyOf(v)) ?? []), v]);
  const alerts = input.subscriptions.flatMap((s) => alertsOf(s, bySubscription.get(keyOf(s)) ?? [], input));
  return {
    // Stable sort: within a kind, the subscriptions' order.
    alerts: alerts.sort((a, b) => alertOrder.indexOf(a.kind) - alertOrder.indexOf(b.kind)),
    cards: input.subscriptions.map((s) => cardOf(s, bySubscription.get(keyOf(s)) ?? [], input)),
  };
}
