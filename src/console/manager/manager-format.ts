/**
 * How the licence manager's pages write counts, dates, targets and actors, in the page's language.
 */
import type { ManagedSubscription, PersonSummary, Population } from '../manager-ports.js';
import {
  bucketOf,
  type AssignmentTarget,
  type AssignmentView,
  type Audience,
  type LicenceBucket,
} from '../../subscriptions/index.js';
import type { ConsoleLanguage } from '../console-messages.js';

export type Translate = (key: string, values?: Readonly<Record<string, string | number>>) => string;

/** `2026-08-15T00:00:00` (French legal time) → `15/08/2026`, or `2026-08-15` in English. */
export function localDate(value: string, lang: ConsoleLanguage): string {
  const [date = value] = value.split('T');
  const [y, m, d] = date.split('-');
  return lang === 'fr' && y && m && d ? `${d}/${m}/${y}` : date;
}

const instantFormats: Readonly<Record<ConsoleLanguage, Intl.DateTimeFormat>> = {
  fr: new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }),
};

/** An ISO instant as Paris wall-clock time. */
export function instant(iso: string, lang: ConsoleLanguage): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : instantFormats[lang].format(at);
}

export interface LicenceLine {
  readonly label: string;
  readonly used: number;
  /** Undefined: ILLIMITE. */
  readonly total?: number;
  readonly left?: number;
}

/** Used / total / left per count: the global one, or one per audience served (gar-reference §5). */
export function licenceLines(sub: ManagedSubscription, t: Translate): readonly LicenceLine[] {
  if (sub.assignmentType === 'ETABL') return [];
  const line = (label: string, bucket: LicenceBucket): LicenceLine => {
    const count = sub.counts[bucket] ?? 0;
    const used = sub.used[bucket];
    return count < 0 ? { label, used } : { label, used, total: count, left: Math.max(0, count - used) };
  };
  if (sub.counts.global !== null) return [line(t('manager.licences.global'), 'global')];
  return sub.audiences.map((a) => line(t(`manager.audience.${a}`), bucketOf(a, 'perAudience')));
}

export function licenceText(line: LicenceLine, t: Translate): string {
  const unlimited = t('manager.licences.unlimited');
  return t('manager.licences.line', {
    label: line.label,
    used: line.used,
    total: line.total ?? unlimited,
    left: line.left ?? unlimited,
  });
}

/** Names of populations and people an assignment list mentions. */
export interface TargetNames {
  readonly populations: ReadonlyMap<string, string>;
  readonly people: ReadonlyMap<string, PersonSummary>;
}

// Classes and groups are both student groups: one code space.
export const populationKey = (kind: string, code: string): string => `${kind === 'class' ? 'group' : kind}:${code}`;

export const personName = (p: Pick<PersonSummary, 'lastName' | 'firstName'>): string =>
  `${p.lastName.toUpperCase()} ${p.firstName}`.trim();

export function targetNames(populations: readonly Population[], people: readonly PersonSummary[]): TargetNames {
  return {
    populations: new Map(populations.map((p) => [populationKey(p.kind, p.code), p.label])),
    people: new Map(people.map((p) => [`${p.entId}:${p.personId}`, p])),
  };
}

export function describeTarget(target: AssignmentTarget, names: TargetNames, t: Translate): string {
  switch (target.kind) {
    case 'person': {
      const person = names.people.get(`${target.entId}:${target.personId}`);
      return t('manager.target.person', { name: person ? personName(person) : `${target.entId}:${target.personId}` });
    }
    case 'profile':
      return t('manager.target.profile', { audience: t(`manager.audience.${target.audience}`) });
    default: {
      const label = names.populations.get(populationKey(target.kind, target.code)) ?? target.code;
      const audience =
        target.kind === 'class' || target.kind === 'group'
          ? t(`manager.audience.${target.audience}`).toLowerCase()
          : '';
      return t(`manager.target.${target.kind}`, { label, audience });
    }
  }
}

/** `console:<ENT>:<person>` → that person's name when known; other actors (cli:…, distributor:…) as written. */
export function describeActor(actor: string, names: TargetNames): string {
  const match = /^console:([^:]+):(.+)$/.exec(actor);
  const person = match ? names.people.get(`${match[1]}:${match[2]}`) : undefined;
  return person ? personName(person) : actor;
}

/** The people an assignment list names (targets and console actors), to look their names up in one query. */
export function peopleNamedBy(views: readonly AssignmentView[]): { entId: string; personId: string }[] {
  const refs = new Map<string, { entId: string; personId: string }>();
  for (const v of views) {
    if (v.target.kind === 'person')
      refs.set(`${v.target.entId}:${v.target.personId}`, { entId: v.target.entId, personId: v.target.personId });
    const match = /^console:([^:]+):(.+)$/.exec(v.createdBy);
    if (match) refs.set(`${match[1]}:${match[2]}`, { entId: match[1] as string, personId: match[2] as string });
  }
  return [...refs.values()];
}

export const audienceLabel = (audience: Audience, t: Translate): string => t(`manager.audience.${audience}`);

/**
 * A population's size as a form shows it, for the audiences it can be assigned for there: the
 * people such an assignment would cover. One audience: its number (`7`); several: each named
 * (`élèves : 7, enseignants : 10`).
 */
export function populationSize(p: Population, audiences: readonly Audience[], t: Translate): string {
  const shown = audiences.filter((a) => p.sizes[a] !== undefined);
  if (shown.length <= 1) return String(shown[0] === undefined ? 0 : p.sizes[shown[0]]);
  return shown
    .map((a) => t('manager.population.size', { audience: audienceLabel(a, t).toLowerCase(), count: p.sizes[a] ?? 0 }))
    .join(', ');
}
