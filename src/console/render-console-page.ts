/**
 * Console pages: an eta view (auto-escaped; `<%~` only for HTML the server built) inside the one
 * layout (landmarks, skip link, language switch, logout), French first. Views live in ./views.
 */
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { Response } from 'express';
import { translate, type ConsoleLanguage } from './console-messages.js';
import type { ConsolePrincipal } from './console-session.js';

const eta = new Eta({
  views: fileURLToPath(new URL('./views', import.meta.url)),
  cache: true,
  autoEscape: true,
  autoTrim: false,
});

export interface PageContext {
  readonly lang: ConsoleLanguage;
  readonly csrfToken: string;
  readonly principal?: ConsolePrincipal;
  /** `t('key', {name: value})`: the text in the page's language. */
  readonly t: (key: string, values?: Readonly<Record<string, string | number>>) => string;
}

export function pageContext(res: Response): PageContext {
  const state = res.locals.console;
  const lang = state?.lang ?? 'fr';
  return {
    lang,
    csrfToken: state?.csrfToken ?? '',
    ...(state?.principal ? { principal: state.principal } : {}),
    t: (key, values) => translate(lang, key, values),
  };
}

/** Renders `view` with `data` in the layout and sends it (no caching: pages show personal data). */
export function renderConsolePage(
  res: Response,
  view: string,
  title: string,
  data: Readonly<Record<string, unknown>> = {},
  status = 200,
): void {
  const context = pageContext(res);
  const body = eta.render(view, { ...context, ...data });
  const html = eta.render('layout', { ...context, title, body });
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.type('html').send(html);
}
