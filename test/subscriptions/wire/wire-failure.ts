/** Test helper: the code of the BrokerError a call throws, and the codes its detail lists. */
import { isBrokerError } from '../../../src/core/broker-error.js';

export interface WireFailure {
  readonly code: string;
  readonly status: number;
  /** The public (French) message. */
  readonly message: string;
  /** Every ERR_WS_* code named in the log-only detail (one per collected fault). */
  readonly detailCodes: readonly string[];
}

export function wireFailure(call: () => unknown): WireFailure {
  try {
    call();
  } catch (err) {
    if (!isBrokerError(err)) throw err;
    return {
      code: err.code,
      status: err.status,
      message: err.message,
      detailCodes: [...(err.detail ?? '').matchAll(/\bERR_WS_[A-Z_]+\b/g)].map((m) => m[0]),
    };
  }
  throw new Error('expected a BrokerError');
}
