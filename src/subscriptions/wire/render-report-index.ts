/**
 * The index of a distributor's assignment reports
 * (`GET {reports}/rapportsAffectation/{idDistributeur}/{TOUT|PRIS_EN_COMPTE|NON_PRIS_EN_COMPTE}`,
 * gar-reference §5) as GAR writes it: `{"rapportsAffectation":[{"nomRapport","dateCreation","taille","statut"}]}`,
 * the date as `dd/mm/yyyy` in French legal time (the day a French user sees in their calendar).
 * Filtering by status is the caller's: this writes what it is given.
 */
import { toFrenchLocalDateTime } from '../entitlement/french-local-date-time.js';

/** Whether the distributor has acknowledged (taken into account) the report. */
export const reportStatuses = ['NON_PRIS_EN_COMPTE', 'PRIS_EN_COMPTE'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export interface ReportListing {
  /** The file name the report is downloaded under (`GAR-Affectations/{idDistributeur}/{name}`). */
  readonly name: string;
  readonly createdAt: Date;
  /** Bytes of the downloadable (zipped) report. */
  readonly size: number;
  readonly status: ReportStatus;
}

/** Newest first, then by name (code units), so the same reports always give the same text. */
export function renderReportIndex(reports: readonly ReportListing[]): string {
  const sorted = [...reports].sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return JSON.stringify({
    rapportsAffectation: sorted.map((report) => ({
      nomRapport: report.name,
      dateCreation: frenchDate(report.createdAt),
      taille: report.size,
      statut: report.status,
    })),
  });
}

function frenchDate(instant: Date): string {
  const local = toFrenchLocalDateTime(instant);
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}
