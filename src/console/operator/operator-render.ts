/**
 * Rendering an operator page: its title from the operator's table, the section it belongs to (for
 * the navigation's aria-current), and how instants are written (Paris wall-clock time).
 */
import type { Response } from 'express';
import type { ConsoleKit } from '../console-kit.js';
import { translate, type ConsoleLanguage } from '../console-messages.js';
import { instant } from '../manager/manager-format.js';
import { operatorSections, type OperatorSection } from './operator-paths.js';

export type Translate = (key: string, values?: Readonly<Record<string, string | number>>) => string;

export function languageOf(res: Response): ConsoleLanguage {
  return res.locals.console?.lang ?? 'fr';
}

export function translator(res: Response): Translate {
  const lang = languageOf(res);
  return (key, values) => translate(lang, key, values);
}

export function renderOperatorPage(
  kit: ConsoleKit,
  res: Response,
  view: string,
  section: OperatorSection,
  data: Readonly<Record<string, unknown>>,
  status = 200,
): void {
  const lang = languageOf(res);
  const title = typeof data['title'] === 'string' ? data['title'] : translate(lang, `operator.${section}.title`);
  kit.render(
    res,
    view,
    title,
    {
      section,
      sections: operatorSections,
      heading: title,
      when: (iso: string | null | undefined): string => (iso ? instant(iso, lang) : '—'),
      ...data,
    },
    status,
  );
}

/** A SHA-256 fingerprint in groups of four: readable aloud, and it wraps on a narrow screen. */
export function groupedFingerprint(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}
