/**
 * The targets a licence manager's assignment form names (gar-reference §7: one or several classes,
 * a group, a level, the teachers of a subject, a whole audience, named people), checked by
 * parseAssignmentTarget as the CLI's are.
 */
import type { Request } from 'express';
import { parseAssignmentTarget, type AssignmentTarget } from '../../subscriptions/index.js';
import { field, fieldValues, formInvalid } from './manager-form.js';
import { definedFields } from '../../core/defined-fields.js';

const kinds = ['class', 'group', 'level', 'subject', 'profile', 'person'] as const;
type FormKind = (typeof kinds)[number];

/** Kinds whose field may repeat: several classes, several people. */
const repeatable: ReadonlySet<FormKind> = new Set(['class', 'person']);

function kindOf(value: string | undefined): FormKind {
  const kind = kinds.find((k) => k === value);
  return kind ?? formInvalid('manager.error.ERR_CONSOLE_FORM_INVALID', 'Formulaire invalide : type de cible inconnu.');
}

/** The targets of a form posted with `kind` and its field (`class`, `group`…), plus `audience` for a class or group. */
export function targetsOfForm(req: Request): readonly AssignmentTarget[] {
  const kind = kindOf(field(req, 'kind'));
  const values = repeatable.has(kind)
    ? fieldValues(req, kind)
    : [field(req, kind)].filter((v): v is string => v !== undefined);
  if (values.length === 0) formInvalid('manager.error.noChoice', 'Choisissez au moins une cible.');
  const audience = kind === 'class' || kind === 'group' ? field(req, 'audience') : undefined;
  return [...new Set(values)].map((value) => parseAssignmentTarget({ [kind]: value, ...definedFields({ audience }) }));
}
