/**
 * The one error type of the broker. `code` is stable (ERR_<AREA>_<REASON>) and is what tests
 * and clients match on; `publicMessage` may be shown to users; `detail` goes to logs only.
 */
export class BrokerError extends Error {
  readonly code: string;
  readonly status: number;
  readonly detail: string | undefined;

  constructor(code: string, status: number, publicMessage: string, detail?: string) {
    super(publicMessage);
    this.name = 'BrokerError';
    this.code = code;
    this.status = status;
    this.detail = detail;
  }
}

/**
 * A BrokerError, also when it comes from another loaded copy of this module (the same source loaded once
 * through `require` and once through `import()`, as the CLI's lazily imported commands are under mocha):
 * recognised by its name and the shape of its fields, not only by `instanceof`.
 */
export function isBrokerError(value: unknown): value is BrokerError {
  if (value instanceof BrokerError) return true;
  if (!(value instanceof Error) || value.name !== 'BrokerError') return false;
  const { code, status } = value as Partial<BrokerError>;
  return typeof code === 'string' && typeof status === 'number';
}
