import assert from 'node:assert/strict';
import { renderReportIndex } from '../../../src/subscriptions/index.js';

describe('renderReportIndex', () => {
  it("writes GAR's JSON: rapportsAffectation of nomRapport, dateCreation (dd/mm/yyyy), taille, statut", () => {
    const text = renderReportIndex([
      {
        name: 'GAR-Affectations_D1_20250115.zip',
        createdAt: new Date('2025-01-15T09:00:00Z'),
        size: 1234,
        status: 'NON_PRIS_EN_COMPTE',
      },
    ]);
    assert.equal(
      text,
      '{"rapportsAffectation":[{"nomRapport":"GAR-Affectations_D1_20250115.zip","dateCreation":"15/01/2025",'
        + '"taille":1234,"statut":"NON_PRIS_EN_COMPTE"}]}',
    );
  });

  it('dates in French legal time: 22:30 UTC on 31 March is already 1 April in Paris', () => {
    const [report] = JSON.parse(
      renderReportIndex([
        { name: 'r', createdAt: new Date('2025-03-31T22:30:00Z'), size: 1, status: 'PRIS_EN_COMPTE' },
      ]),
    ).rapportsAffectation;
    assert.equal(report.dateCreation, '01/04/2025');
  });

  it('lists newest first, then by name, whatever the input order', () => {
    const at = (iso: string): Date => new Date(iso);
    const reports = [
      { name: 'b', createdAt: at('2025-01-01T10:00:00Z'), size: 1, status: 'PRIS_EN_COMPTE' as const },
      { name: 'c', createdAt: at('2025-02-01T10:00:00Z'), size: 1, status: 'NON_PRIS_EN_COMPTE' as const },
      { name: 'a', createdAt: at('2025-01-01T10:00:00Z'), size: 1, status: 'PRIS_EN_COMPTE' as const },
    ];
    const names = (text: string): string[] =>
      JSON.parse(text).rapportsAffectation.map((r: { nomRapport: string }) => r.nomRapport);
    assert.deepEqual(names(renderReportIndex(reports)), ['c', 'a', 'b']);
    assert.equal(renderReportIndex([...reports].reverse()), renderReportIndex(reports));
  });

  it('writes an empty index', () => {
    assert.equal(renderReportIndex([]), '{"rapportsAffectation":[]}');
  });

  it('escapes names as JSON (quotes, backslashes, controls)', () => {
    const name = 'r"\\\n\u0001';
    const [report] = JSON.parse(
      renderReportIndex([{ name, createdAt: new Date(0), size: 0, status: 'PRIS_EN_COMPTE' }]),
    ).rapportsAffectation;
    assert.equal(report.nomRapport, name);
  });
});
