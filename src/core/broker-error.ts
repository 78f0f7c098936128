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

export function isBrokerError(value: unknown): value is BrokerError {
  return value instanceof BrokerError;
}
