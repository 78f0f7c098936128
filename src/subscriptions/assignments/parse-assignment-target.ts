/**
 * What an RA or an operator types to name an assignment's target (CLI flags, console fields) →
 * a checked `AssignmentTarget` (gar-reference §5 and §7: a person, a class, a group, a level, a
 * subject taught, or a whole profile). Whether the target exists is the store's question.
 */
import { fail } from '../../core/fail.js';
import type { AssignmentTarget } from '../ports.js';
import { audiences, type Audience } from '../subscription-input.js';

export interface AssignmentTargetInput {
  /** `ENT:ID`: the ENT project and the person's GARPersonIdentifiant. */
  readonly person?: string;
  readonly class?: string;
  readonly group?: string;
  /** For a class or group: its pupils (ELEVE, the default) or the teachers teaching it (ENSEIGNANT). */
  readonly audience?: string;
  readonly level?: string;
  readonly subject?: string;
  readonly profile?: string;
}

const selectors = ['person', 'class', 'group', 'level', 'subject', 'profile'] as const;

// Feed limits (gar-reference §6): codes ≤255, person ids ≤64.
const maxCodeLength = 255;
const maxPersonIdLength = 64;

function invalid(message: string, detail?: string): never {
  throw fail('ERR_ASSIGN_TARGET_INVALID', message, detail);
}

function code(value: string, what: string, max = maxCodeLength): string {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > max || /\s/.test(trimmed)) {
    invalid(`${what} invalide : attendu 1 à ${max} caractères sans espace.`);
  }
  return trimmed;
}

function person(value: string): AssignmentTarget {
  const at = value.indexOf(':');
  if (at < 0) invalid('Personne invalide : attendu ENT:IDENTIFIANT.');
  return {
    kind: 'person',
    entId: code(value.slice(0, at), 'Projet ENT'),
    personId: code(value.slice(at + 1), 'Identifiant de personne', maxPersonIdLength),
  };
}

function audience(value: string, allowed: readonly Audience[]): Audience {
  const found = allowed.find((a) => a === value.trim());
  if (found === undefined) invalid(`Public invalide : attendu ${allowed.join(', ')}.`);
  return found;
}

/** Exactly one selector; `audience` only beside a class or a group. */
export function parseAssignmentTarget(input: AssignmentTargetInput): AssignmentTarget {
  const given = selectors.filter((s) => input[s] !== undefined);
  const [selector] = given;
  if (selector === undefined || given.length > 1) {
    invalid(
      'Indiquer exactement une cible : personne, classe, groupe, niveau, matière ou profil.',
      `given: ${given.join(',')}`,
    );
  }
  if (input.audience !== undefined && selector !== 'class' && selector !== 'group') {
    invalid('Le public ne se précise que pour une classe ou un groupe.');
  }
  const value = input[selector] as string;
  switch (selector) {
    case 'person':
      return person(value);
    case 'class':
    case 'group':
      return {
        kind: selector,
        code: code(value, selector === 'class' ? 'Classe' : 'Groupe'),
        audience:
          input.audience === undefined
            ? 'ELEVE'
            : (audience(input.audience, ['ELEVE', 'ENSEIGNANT']) as 'ELEVE' | 'ENSEIGNANT'),
      };
    case 'level':
      return { kind: 'level', code: code(value, 'Niveau (MEF)') };
    case 'subject':
      return { kind: 'subject', code: code(value, 'Matière') };
    case 'profile':
      return { kind: 'profile', audience: audience(value, audiences) };
  }
}
