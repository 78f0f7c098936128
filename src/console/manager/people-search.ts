/**
 * `GET /etablissements/:uai/personnes?q=`: people of the establishment by name, for htmx to swap
 * into the "named people" form (gar-reference §7). Only people present there (a profile in this
 * establishment, not departed), 20 at most; names are auto-escaped by the view.
 */
import type { PersonSummary } from '../manager-ports.js';
import { pageContext } from '../render-console-page.js';
import type { ManagerHandler } from './manager-deps.js';
import { personName, type Translate } from './manager-format.js';
import { queryText } from './manager-form.js';
import { personValue } from './manager-paths.js';
import { renderFragment } from './render-fragment.js';

export const searchLimit = 20;
const minimumLength = 2;

export function peopleResults(q: string, found: readonly PersonSummary[], t: Translate) {
  const people = found.map((p) => {
    const what = [...p.profiles.map((profile) => t(`manager.profile.${profile}`)), ...p.classes].join(', ');
    return { value: personValue(p), label: `${personName(p)}${what === '' ? '' : ` — ${what}`}` };
  });
  return { searched: q !== '', tooShort: q !== '' && q.length < minimumLength, people };
}

export const peopleSearch: ManagerHandler = (deps, kit) => async (req, res) => {
  const { uai } = kit.establishment(res);
  const q = queryText(req, 'q');
  const found = q.length >= minimumLength ? await deps.source.searchPeople(uai, q, searchLimit) : [];
  const data = { search: { q, ...peopleResults(q, found, pageContext(res).t) } };
  // htmx swaps the fragment in; a browser without scripts gets it as a page of its own.
  if (req.headers['hx-request'] === 'true') renderFragment(res, 'manager-people', data);
  else kit.render(res, 'manager-people', pageContext(res).t('manager.form.people'), data);
};
