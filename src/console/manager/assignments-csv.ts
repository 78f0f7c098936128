/**
 * `GET /etablissements/:uai/affectations.csv`: the establishment's live assignments for a
 * spreadsheet: `;`-separated (what French spreadsheets expect), UTF-8 with a BOM (so Excel reads
 * the accents), CRLF lines (RFC 4180), and text that a spreadsheet would run as a formula defused
 * by the same function as GAR's counts CSV (names and ids come from feeds and distributors).
 */
import { csvField, type AssignmentView } from '../../subscriptions/index.js';
import { pageContext } from '../render-console-page.js';
import type { ManagerHandler } from './manager-deps.js';
import {
  audienceLabel,
  describeActor,
  describeTarget,
  peopleNamedBy,
  targetNames,
  type TargetNames,
  type Translate,
} from './manager-format.js';

const headers = [
  'manager.col.resource',
  'manager.csv.subscription',
  'manager.col.target',
  'manager.col.audience',
  'manager.col.matched',
  'manager.col.granted',
  'manager.col.waiting',
  'manager.col.createdBy',
  'manager.col.createdAt',
];

function line(v: AssignmentView, resourceName: string, names: TargetNames, t: Translate): string {
  return [
    resourceName,
    v.subscription.subscriptionId,
    describeTarget(v.target, names, t),
    audienceLabel(v.audience, t),
    String(v.matched),
    String(v.granted),
    String(v.waiting),
    describeActor(v.createdBy, names),
    v.createdAt,
  ]
    .map(csvField)
    .join(';');
}

export const exportAssignments: ManagerHandler = (deps, kit) => async (_req, res) => {
  const { uai } = kit.establishment(res);
  const { t } = pageContext(res);
  const [subscriptions, views, populations] = await Promise.all([
    deps.source.listSubscriptions(uai),
    deps.source.listAssignments(uai),
    deps.source.listPopulations(uai),
  ]);
  const names = targetNames(populations, await deps.source.describePeople(uai, peopleNamedBy(views)));
  const resourceNames = new Map(
    subscriptions.map((s) => [JSON.stringify([s.key.distributorId, s.key.subscriptionId]), s.resourceName]),
  );
  const nameOf = (v: AssignmentView): string =>
    resourceNames.get(JSON.stringify([v.subscription.distributorId, v.subscription.subscriptionId]))
    ?? v.subscription.subscriptionId;
  const rows = [headers.map((h) => csvField(t(h))).join(';'), ...views.map((v) => line(v, nameOf(v), names, t))];
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="affectations-${uai.replace(/[^A-Za-z0-9_-]/g, '_')}.csv"`,
  );
  res.type('text/csv; charset=utf-8').send(`\uFEFF${rows.map((r) => `${r}\r\n`).join('')}`);
};
