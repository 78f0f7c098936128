/**
 * Test helper: checks a parsed delivery on its own terms, with code independent of the
 * generator: every record conforms to feed-spec.ts (order, cardinality, lengths, forms), keys
 * are unique, and every reference names something the delivery holds in the right place.
 * Returns the problems found (empty when the delivery is sound).
 */
import {
  feedNamespaces,
  feedSpec,
  isGroupSpec,
  valueRules,
  type ChildSpec,
  type Degree,
  type DocumentKind,
  type RecordElement,
} from '../../../src/directory/feed/feed-spec.js';
import { text, texts, type ParsedElement, type ParsedFeedFile } from './parse-feed-file.js';

export type DeliveryFiles = ReadonlyMap<DocumentKind, readonly ParsedFeedFile[]>;

interface Person {
  readonly kind: 'pupil' | 'teacher';
  readonly etabs: ReadonlySet<string>;
  readonly name: string;
}

export function checkDelivery(files: DeliveryFiles, degree: Degree): string[] {
  const problems: string[] = [];
  const records = (kind: DocumentKind, element: RecordElement): ParsedElement[] =>
    (files.get(kind) ?? []).flatMap((f) => f.records.filter((r) => r.name === element));
  for (const [kind, parsed] of files) {
    for (const file of parsed) checkConformance(file, kind, degree, problems);
  }
  const unique = uniqueness(problems);
  const etabs = new Set(records('Etab', 'GAREtab').map((r) => unique('etab', text(r, 'GARStructureUAI'))));
  const pair = (r: ParsedElement, code: string): string => `${text(r, 'GARStructureUAI')}|${text(r, code)}`;
  const mefs = new Set(records('Etab', 'GARMEF').map((r) => unique('mef', pair(r, 'GARMEFCode'))));
  const subjects = new Set(records('Etab', 'GARMatiere').map((r) => unique('subject', pair(r, 'GARMatiereCode'))));
  const persons = new Map<string, Person>();
  collectPersons(records('Eleve', 'GAREleve'), 'pupil', { unique, etabs, persons, problems });
  collectPersons(records('Enseignant', 'GAREnseignant'), 'teacher', { unique, etabs, persons, problems });
  const personIn = (r: ParsedElement, kind?: Person['kind']): boolean => {
    const person = persons.get(text(r, 'GARPersonIdentifiant'));
    return !!person && person.etabs.has(text(r, 'GARStructureUAI')) && (!kind || person.kind === kind);
  };
  const link = (what: string, r: ParsedElement, code: string): string =>
    unique(what, `${pair(r, code)}|${text(r, 'GARPersonIdentifiant')}`);
  const levelElement = degree === '2D' ? 'GARPersonMEF' : 'GARPersonMEFSTAT4';
  for (const kind of ['Eleve', 'Enseignant'] as const) {
    for (const r of records(kind, levelElement)) {
      link(`level ${kind}`, r, degree === '2D' ? 'GARMEFCode' : 'GARMEFSTAT4Code');
      if (!personIn(r, kind === 'Eleve' ? 'pupil' : 'teacher'))
        problems.push(`${levelElement} of unknown person ${text(r, 'GARPersonIdentifiant')}`);
      if (degree === '2D' && !mefs.has(pair(r, 'GARMEFCode'))) problems.push(`unknown MEF ${pair(r, 'GARMEFCode')}`);
    }
  }
  for (const r of records('Eleve', 'GAREleveEnseignement')) {
    link('option', r, 'GARMatiereCode');
    if (!personIn(r, 'pupil') || !subjects.has(pair(r, 'GARMatiereCode')))
      problems.push(`bad option ${pair(r, 'GARMatiereCode')}`);
  }
  checkGroups(records, { unique, etabs, subjects, personIn, link, problems, persons });
  checkManagers(records('RespAff', 'GARRespAff'), etabs, persons, problems);
  return problems;
}

interface PersonContext {
  readonly unique: (what: string, key: string) => string;
  readonly etabs: ReadonlySet<string>;
  readonly persons: Map<string, Person>;
  readonly problems: string[];
}

/** Persons by id; each establishment a person names (profiles, posts) must be one of theirs. */
function collectPersons(elements: ParsedElement[], kind: Person['kind'], c: PersonContext): void {
  for (const r of elements) {
    const id = c.unique('person', text(r, 'GARPersonIdentifiant'));
    const own = new Set(texts(r, 'GARPersonEtab'));
    c.persons.set(id, { kind, etabs: own, name: `${text(r, 'GARPersonNom')}|${text(r, 'GARPersonPrenom')}` });
    for (const uai of [
      ...own,
      ...r.children.filter((e) => e.children.length > 0).map((e) => text(e, 'GARStructureUAI')),
    ]) {
      if (!c.etabs.has(uai) || !own.has(uai)) c.problems.push(`${id} names ${uai}, not one of its establishments`);
    }
  }
}

interface GroupContext {
  readonly unique: (what: string, key: string) => string;
  readonly etabs: ReadonlySet<string>;
  readonly subjects: ReadonlySet<string>;
  readonly personIn: (r: ParsedElement, kind?: Person['kind']) => boolean;
  readonly link: (what: string, r: ParsedElement, code: string) => string;
  readonly problems: string[];
  readonly persons: ReadonlyMap<string, Person>;
}

function checkGroups(records: (kind: DocumentKind, element: RecordElement) => ParsedElement[], c: GroupContext): void {
  const groups = new Map<string, string>();
  const groupRecords = records('Groupe', 'GARGroupe');
  for (const r of groupRecords) {
    const uai = text(r, 'GARStructureUAI');
    groups.set(c.unique('group', `${uai}|${text(r, 'GARGroupeCode')}`), text(r, 'GARGroupeStatut'));
    if (!c.etabs.has(uai)) c.problems.push(`group in unknown establishment ${uai}`);
  }
  for (const r of groupRecords) {
    const divisions = texts(r, 'GARGroupeDivAppartenance');
    const uai = text(r, 'GARStructureUAI');
    if (text(r, 'GARGroupeStatut') === 'DIVISION' && divisions.length > 0)
      c.problems.push('DIVISION with GARGroupeDivAppartenance');
    for (const d of divisions)
      if (groups.get(`${uai}|${d}`) !== 'DIVISION') c.problems.push(`GROUPE names missing division ${uai}|${d}`);
  }
  const classesOfPupil = new Map<string, number>();
  for (const r of records('Groupe', 'GARPersonGroupe')) {
    const key = c.link('membership', r, 'GARGroupeCode');
    const status = groups.get(`${text(r, 'GARStructureUAI')}|${text(r, 'GARGroupeCode')}`);
    if (!status || !c.personIn(r)) c.problems.push(`bad membership ${key}`);
    const id = text(r, 'GARPersonIdentifiant');
    if (status === 'DIVISION' && c.persons.get(id)?.kind === 'pupil')
      classesOfPupil.set(id, (classesOfPupil.get(id) ?? 0) + 1);
  }
  for (const [id, person] of c.persons) {
    if (person.kind === 'pupil' && classesOfPupil.get(id) !== 1)
      c.problems.push(`pupil ${id} is in ${classesOfPupil.get(id) ?? 0} classes`);
  }
  for (const [element, status] of [
    ['GAREnsGroupeMatiere', 'GROUPE'],
    ['GAREnsClasseMatiere', 'DIVISION'],
  ] as const) {
    for (const r of records('Groupe', element)) {
      const key = c.link(element, r, 'GARGroupeCode');
      const uai = text(r, 'GARStructureUAI');
      const subjectsOk = texts(r, 'GARMatiereCode').every((s) => c.subjects.has(`${uai}|${s}`));
      if (groups.get(`${uai}|${text(r, 'GARGroupeCode')}`) !== status || !c.personIn(r, 'teacher') || !subjectsOk)
        c.problems.push(`bad ${element} ${key}`);
    }
  }
}

function checkManagers(
  managers: ParsedElement[],
  etabs: ReadonlySet<string>,
  persons: ReadonlyMap<string, Person>,
  problems: string[],
): void {
  const ids = new Set<string>();
  for (const r of managers) {
    const id = text(r, 'GARPersonIdentifiant');
    if (ids.has(id)) problems.push(`duplicate manager ${id}`);
    ids.add(id);
    for (const uai of texts(r, 'GARRespAffEtab')) if (!etabs.has(uai)) problems.push(`manager of unknown ${uai}`);
    const person = persons.get(id);
    if (person && person.name !== `${text(r, 'GARPersonNom')}|${text(r, 'GARPersonPrenom')}`)
      problems.push(`manager ${id} named differently`);
    if (person?.kind === 'pupil') problems.push(`pupil ${id} is a manager`);
  }
}

function uniqueness(problems: string[]): (what: string, key: string) => string {
  const seen = new Map<string, Set<string>>();
  return (what, key) => {
    const keys = seen.get(what) ?? new Set<string>();
    seen.set(what, keys);
    if (keys.has(key)) problems.push(`duplicate ${what} ${key}`);
    keys.add(key);
    return key;
  };
}

/** Namespace, Version, allowed records, and each record's children against the spec. */
function checkConformance(file: ParsedFeedFile, kind: DocumentKind, degree: Degree, problems: string[]): void {
  if (file.root.name !== `GAR-ENT-${kind}`) problems.push(`root ${file.root.name} in a ${kind} file`);
  if (!file.version) problems.push(`${kind} root without Version`);
  const walk = (e: ParsedElement): void => {
    if (e.uri !== feedNamespaces[degree]) problems.push(`${e.name} in namespace ${e.uri}`);
    e.children.forEach(walk);
  };
  walk(file.root);
  for (const record of file.records) {
    const spec = feedSpec[degree][kind][record.name as RecordElement];
    if (!spec) problems.push(`${record.name} not allowed in ${degree} ${kind}`);
    else conform(record, spec, problems);
  }
}

function conform(element: ParsedElement, specs: readonly ChildSpec[], problems: string[]): void {
  let i = 0;
  for (const spec of specs) {
    let count = 0;
    for (; element.children[i]?.name === spec.name; i++, count++) {
      const child = element.children[i]!;
      if (isGroupSpec(spec)) conform(child, spec.children, problems);
      else {
        const rule = valueRules[spec.value];
        if (
          child.text.length === 0
          || child.text.length > rule.maxLength
          || (rule.pattern && !rule.pattern.test(child.text))
        ) {
          problems.push(`${element.name}/${spec.name} bad value "${child.text}"`);
        }
      }
    }
    if (count < spec.min || count > spec.max) problems.push(`${element.name}/${spec.name} occurs ${count} times`);
  }
  if (i < element.children.length)
    problems.push(`${element.name}/${element.children[i]!.name} unexpected or out of order`);
}
