/**
 * Every console text, French and English. Each page module keeps its own table in messages/ and
 * adds it here; a test checks both languages have the same keys.
 */
import { commonMessages } from './messages/common-messages.js';
import { managerMessages } from './messages/manager-messages.js';
import { operatorLoginMessages } from './messages/operator-login-messages.js';
import { operatorMessages } from './messages/operator-messages.js';

export type ConsoleLanguage = 'fr' | 'en';

const tables: readonly {
  readonly fr: Readonly<Record<string, string>>;
  readonly en: Readonly<Record<string, string>>;
}[] = [commonMessages, managerMessages, operatorMessages, operatorLoginMessages];

export const consoleMessages: Readonly<Record<ConsoleLanguage, Readonly<Record<string, string>>>> = {
  fr: Object.assign({}, ...tables.map((t) => t.fr)) as Record<string, string>,
  en: Object.assign({}, ...tables.map((t) => t.en)) as Record<string, string>,
};

/**
 * The text of `key` in `lang`; `{name}` placeholders filled from `values`. An unknown key shows itself
 * (and a test fails).
 */
export function translate(
  lang: ConsoleLanguage,
  key: string,
  values: Readonly<Record<string, string | number>> = {},
): string {
  const text = consoleMessages[lang][key] ?? key;
  return text.replace(/\{([a-zA-Z0-9_]+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
