/**
 * Assignment counts as GAR's distributors read them (gar-reference §5): a `;`-separated CSV with
 * GAR's header, one line per subscription (each belongs to one establishment), counting the
 * assignments per audience.
 *
 * - Lines end with `\n` (LF), the header included; GAR's own line ending is not public and
 *   every CSV reader accepts LF.
 * - A field holding `;`, `"`, CR or LF is quoted, its quotes doubled (RFC 4180).
 * - A field starting with `=`, `+`, `-`, `@`, a tab or CR is prefixed with `'` first: a
 *   spreadsheet would run it as a formula (CSV injection, OWASP). Identifiers are
 *   distributor-chosen text, so this is not hypothetical.
 */

export interface AssignmentCountRow {
  readonly uai: string;
  readonly idAbonnement: string;
  readonly codeProjetRessource?: string;
  readonly idRessource: string;
  readonly eleve: number;
  readonly enseignant: number;
  readonly documentaliste: number;
  readonly autrePersonnel: number;
}

export const assignmentCountsHeader =
  'UAI;idAbonnement;codeProjetRessource;idRessource;cumulAffectationEleve;'
  + 'cumulAffectationEnseignant;cumulAffectationDocumentaliste;cumulAffectationAutrePersonnel';

/** Sorted by UAI, then subscription id (code units), so the same counts give the same bytes. */
export function renderAssignmentCountsCsv(rows: readonly AssignmentCountRow[]): string {
  const sorted = [...rows].sort((a, b) => compareText(a.uai, b.uai) || compareText(a.idAbonnement, b.idAbonnement));
  const lines = sorted.map((row) =>
    [
      row.uai,
      row.idAbonnement,
      row.codeProjetRessource ?? '',
      row.idRessource,
      String(row.eleve),
      String(row.enseignant),
      String(row.documentaliste),
      String(row.autrePersonnel),
    ]
      .map(csvField)
      .join(';'),
  );
  return [assignmentCountsHeader, ...lines].map((line) => `${line}\n`).join('');
}

/** One CSV field: formula-like text defused with a leading `'`, then quoted when it must be (see above). */
export function csvField(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
