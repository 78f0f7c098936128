/**
 * A piece of a page without the layout, for htmx to swap in (the people search). Same views and
 * same auto-escaping as whole pages.
 */
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { Response } from 'express';
import { pageContext } from '../render-console-page.js';

const eta = new Eta({
  views: fileURLToPath(new URL('../views', import.meta.url)),
  cache: true,
  autoEscape: true,
  autoTrim: false,
});

export function renderFragment(res: Response, view: string, data: Readonly<Record<string, unknown>>): void {
  const html = eta.render(view, { ...pageContext(res), ...data });
  res.status(200).setHeader('Cache-Control', 'no-store');
  res.type('html').send(html);
}
