/**
 * Reading the operator's forms and query strings: untrusted text becomes bounded values here; a
 * missing or out-of-form field is ERR_CONSOLE_FORM_INVALID (nothing changed).
 */
import type { Request } from 'express';
import { fail } from '../../core/fail.js';

/** Refuses a form; `reasonKey` names the message of the operator's table the page shows. */
export function formInvalid(reasonKey: string, french: string): never {
  throw fail('ERR_CONSOLE_FORM_INVALID', french, reasonKey);
}

/** A text query parameter, trimmed and bounded; '' when absent or repeated. */
export function queryText(req: Request, name: string, max = 200): string {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** `?page=N`, 1 when absent or out of form. */
export function pageNumber(req: Request, max = 100_000): number {
  const raw = queryText(req, 'page', 7);
  const n = /^\d{1,7}$/.test(raw) ? Number(raw) : 1;
  return Math.min(Math.max(n, 1), max);
}

/** The one value of a form field, trimmed; undefined when absent, repeated or longer than `max`. */
export function formText(req: Request, name: string, max: number): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || value.length > max) return undefined;
  return value.trim();
}

/** A contract version number from the form (1 to 999,999). */
export function formVersion(req: Request): number {
  const raw = formText(req, 'version', 6) ?? '';
  if (!/^[1-9]\d{0,5}$/.test(raw)) formInvalid('operator.form.version', 'Numéro de version invalide.');
  return Number(raw);
}

/** A route parameter, decoded by express ('' if absent). */
export function routeParam(req: Request, name: string): string {
  const value: unknown = req.params[name];
  return typeof value === 'string' ? value : '';
}
