/**
 * What a partner web service (distributors' XML, ENTs' JSON) says about a failure, whatever its
 * wire format: the status, the stable code, the public message (a 5xx shows only the correlation
 * id), and the detail for the log (stack traces of 5xx only). Express itself refuses some
 * requests (a malformed %-escape) with a 4xx status of its own.
 */
import { isBrokerError } from '../core/broker-error.js';

export interface WebServiceFault {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** For the log only, and only for a 5xx. */
  readonly detail?: string | undefined;
}

export function webServiceFault(error: unknown, correlationId: string): WebServiceFault {
  const known = isBrokerError(error) ? error : undefined;
  const status = known?.status ?? clientFault(error) ?? 500;
  const code = known?.code ?? (status < 500 ? 'ERR_HTTP_BAD_REQUEST' : 'ERR_HTTP_INTERNAL');
  if (status >= 500) {
    return {
      status,
      code,
      message: `Erreur interne. Référence : ${correlationId}`,
      detail: known ? known.detail : error instanceof Error ? error.stack : String(error),
    };
  }
  return { status, code, message: known?.message ?? 'Requête illisible.' };
}

function clientFault(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
