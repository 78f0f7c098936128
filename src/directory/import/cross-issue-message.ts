/** French messages for the issues found across records (the reader words its own). */
const referents: Readonly<Record<string, string>> = {
  establishment: 'un établissement',
  person: 'une personne',
  group: 'un groupe',
  division: 'une classe (DIVISION)',
  mef: 'un MEF',
  subject: 'une matière',
  key: 'une clé',
};

export function crossIssueMessage(code: string, detail: string): string {
  switch (code) {
    case 'ERR_FEED_DUPLICATE_KEY':
      return 'clé en double dans la livraison : toutes ses occurrences sont rejetées';
    case 'ERR_FEED_FOREIGN_ESTABLISHMENT':
      return "établissement rattaché à un autre projet ENT (ou à l'autre degré)";
    case 'ERR_FEED_DANGLING_REFERENCE':
      return `référence à ${referents[detail] ?? detail} absent(e) de la livraison ou rejeté(e)`;
    default:
      return detail;
  }
}
