import { BrokerError } from './broker-error.js';
import { errorCodes, type ErrorCode } from './error-codes.js';

/** Builds a BrokerError whose status comes from the code table, so a code always maps to one status. */
export function fail(code: ErrorCode, publicMessage: string, detail?: string): BrokerError {
  return new BrokerError(code, errorCodes[code].status, publicMessage, detail);
}
