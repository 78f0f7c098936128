import type { Response } from 'express';
import { isBrokerError } from '../core/broker-error.js';
import { errorCodes } from '../core/error-codes.js';

/**
 * Writes an RFC 9457 problem+json answer. A 5xx never shows its message: only the code and a
 * correlation id that the operator finds in the logs.
 */
export function sendProblem(res: Response, error: unknown, correlationId: string): void {
  const known = isBrokerError(error);
  const status = known ? error.status : 500;
  const code = known ? error.code : 'ERR_HTTP_INTERNAL';
  const detail = status >= 500 ? `Erreur interne. Référence : ${correlationId}` : known ? error.message : '';
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: `urn:gar-broker:error:${code}`,
      title: errorCodes[code as keyof typeof errorCodes]?.description ?? 'Error',
      status,
      code,
      detail,
      correlationId,
    });
}
