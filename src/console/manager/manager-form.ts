/**
 * Reading the licence manager's forms and query strings: untrusted text becomes bounded values
 * here, and a missing or out-of-form field is ERR_CONSOLE_FORM_INVALID (nothing changed).
 */
import type { Request } from 'express';
import { fail } from '../../core/fail.js';
import type { SubscriptionKey } from '../../subscriptions/index.js';

// Feed limits (gar-reference §6) are 255 for codes and 64 for person ids: 300 bounds both with room.
const maxFieldLength = 300;
/** More targets than this in one form is not a manager at work. */
export const maxTargetsPerForm = 100;

/** Refuses a form; `reasonKey` names the message of the manager's table the page shows. */
export function formInvalid(reasonKey: string, french: string): never {
  throw fail('ERR_CONSOLE_FORM_INVALID', french, reasonKey);
}

function rawValues(source: unknown, name: string): unknown[] {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Every non-empty value of a repeated form field, trimmed. */
export function fieldValues(req: Request, name: string): string[] {
  const values = rawValues(req.body, name)
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length > maxTargetsPerForm || values.some((v) => v.length > maxFieldLength)) {
    formInvalid(
      'manager.error.ERR_CONSOLE_FORM_INVALID',
      'Formulaire invalide : trop de valeurs ou valeur trop longue.',
    );
  }
  return values;
}

/** The one value of a form field, or undefined. */
export function field(req: Request, name: string): string | undefined {
  const [first] = fieldValues(req, name);
  return first;
}

/** A text query parameter, bounded (a search box, a person). */
export function queryText(req: Request, name: string, max = 100): string {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** `distributor/subscription` as written by subscriptionChoice. */
export function parseSubscriptionChoice(value: string | undefined): SubscriptionKey {
  const parts = (value ?? '').split('/');
  const decode = (part: string | undefined): string => {
    try {
      return decodeURIComponent(part ?? '');
    } catch {
      return '';
    }
  };
  const [distributorId, subscriptionId] = [decode(parts[0]), decode(parts[1])];
  if (parts.length !== 2 || distributorId === '' || subscriptionId === '') {
    formInvalid('manager.error.subscriptionChoice', 'Choisissez une ressource de cet établissement.');
  }
  return { distributorId, subscriptionId };
}

export interface Notice {
  readonly key: string;
  readonly values: Readonly<Record<string, number>>;
}

type NoticeName = 'affectation' | 'retrait' | 'reprise' | 'recuperation';

/** The success notices, and the counts each carries. */
const notices: Readonly<Record<NoticeName, readonly string[]>> = {
  affectation: ['granted', 'waiting'],
  retrait: [],
  reprise: [],
  recuperation: ['released', 'granted', 'waiting'],
};

/**
 * The success notice a POST redirected with (`?fait=affectation&granted=2&waiting=1`). Only
 * known notices and small integers are read: a forged link can at worst show a wrong count.
 */
export function readNotice(req: Request): Notice | undefined {
  const done = queryText(req, 'fait', 20);
  const names = Object.hasOwn(notices, done) ? notices[done as NoticeName] : undefined;
  if (names === undefined) return undefined;
  const values: Record<string, number> = {};
  for (const name of names) {
    const raw = queryText(req, name, 7);
    values[name] = /^\d{1,7}$/.test(raw) ? Number(raw) : 0;
  }
  return { key: `manager.done.${done}`, values };
}

/** The query string of a notice, for the redirect after a POST. */
export function noticeQuery(done: NoticeName, values: Readonly<Record<string, number>> = {}): string {
  const params = new URLSearchParams({ fait: done });
  for (const [name, value] of Object.entries(values)) params.set(name, String(value));
  return `?${params.toString()}`;
}
