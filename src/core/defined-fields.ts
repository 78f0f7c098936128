/**
 * The fields of `fields` whose value is not `undefined`: `{ ...definedFields({ sid, sub }) }`
 * adds `sid` and `sub` only when they are set. An absent key, not a key holding `undefined`,
 * is what JSON, `in` checks and libraries' option objects expect.
 */
export function definedFields<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Partial<Record<keyof T, unknown>> = {};
  for (const key of Object.keys(fields) as (keyof T)[]) {
    if (fields[key] !== undefined) out[key] = fields[key];
  }
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
