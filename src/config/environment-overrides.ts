/**
 * Reads the environment variables named by `x-env` in the schema and turns them into a partial
 * configuration object, converting text to the type the schema declares. Unparseable values are
 * reported in `problems` rather than thrown, so start-up can list every error at once.
 */
interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly 'x-env'?: string;
}

export function environmentOverrides(
  schema: SchemaNode,
  env: NodeJS.ProcessEnv,
  problems: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(schema.properties ?? {})) {
    if (node.type === 'object' && node.properties) {
      const inner = environmentOverrides(node, env, problems);
      if (Object.keys(inner).length > 0) out[key] = inner;
      continue;
    }
    const name = node['x-env'];
    const raw = name === undefined ? undefined : env[name];
    if (name === undefined || raw === undefined || raw === '') continue;
    const value = convert(raw, node.type);
    if (value === undefined) problems.push(`${name}: valeur « ${raw} » illisible (attendu : ${node.type ?? 'texte'})`);
    else out[key] = value;
  }
  return out;
}

function convert(raw: string, type: string | undefined): unknown {
  switch (type) {
    case 'integer':
    case 'number': {
      const n = Number(raw);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : undefined;
    case 'array':
      try {
        const parsed: unknown = JSON.parse(raw);
        return Array.isArray(parsed) ? parsed : undefined;
      } catch {
        return undefined;
      }
    default:
      return raw;
  }
}
