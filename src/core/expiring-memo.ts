/**
 * A read-through memo for catalogue reads that many requests repeat (a resource's description, its
 * approved contract): each key is read from the store at most once per `ttlMs` and per process,
 * so a change made elsewhere (the CLI, another node of a cluster) is seen within `ttlMs`.
 * Concurrent misses of one key share one read; a failed read is not remembered. Time is the
 * process's monotonic clock, never the business clock (tests freeze that one).
 */
export interface ExpiringMemoOptions {
  readonly ttlMs: number;
  /** Keys kept at most; the oldest entry goes first. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export function expiringMemo<V>(
  read: (key: string) => Promise<V>,
  options: ExpiringMemoOptions,
): (key: string) => Promise<V> {
  const entries = new Map<string, { readonly until: number; readonly value: Promise<V> }>();
  const now = options.now ?? (() => performance.now());
  const maxEntries = options.maxEntries ?? 1000;
  return (key) => {
    const at = now();
    const entry = entries.get(key);
    if (entry !== undefined && at < entry.until) return entry.value;
    entries.delete(key);
    const value = read(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(key, { until: at + options.ttlMs, value });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  };
}
