/**
 * Makes today's assignment report of every distributor that has subscriptions (GAR publishes one
 * report a day per distributor, gar-reference §5): the report XML, zipped as GAR delivers it,
 * stored with its size, NON_PRIS_EN_COMPTE until downloaded. Run daily by the server and on
 * demand by `gar-broker report generate`.
 */
import { toFrenchLocalDateTime } from './entitlement/french-local-date-time.js';
import type { AssignmentReportStore } from './ports.js';
import { renderAssignmentReport } from './wire/render-assignment-report.js';
import { zipSingleFile } from './wire/zip-single-file.js';

export interface GeneratedReport {
  readonly distributorId: string;
  readonly name: string;
  readonly size: number;
}

export async function generateAssignmentReports(
  store: AssignmentReportStore,
  at: Date,
): Promise<readonly GeneratedReport[]> {
  const generated: GeneratedReport[] = [];
  for (const distributorId of await store.listReportingDistributors()) {
    const input = await store.collectReportInput(distributorId, at);
    const stamp = toFrenchLocalDateTime(at).replace(/[-:]/g, '').replace('T', '-');
    const base = `GAR-Affectations_${distributorId}_${stamp}`;
    const content = zipSingleFile(`${base}.xml`, Buffer.from(renderAssignmentReport(input), 'utf8'), at);
    const name = `${base}.zip`;
    await store.saveReport(distributorId, {
      name,
      createdAt: at,
      size: content.length,
      status: 'NON_PRIS_EN_COMPTE',
      content,
    });
    generated.push({ distributorId, name, size: content.length });
  }
  return generated;
}
