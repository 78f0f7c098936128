/**
 * Why one record is rejected: a coded BrokerError that also carries the line of the offending
 * element, so the reader can turn it into a FeedIssue and go on with the next record.
 */
import { BrokerError } from '../../core/broker-error.js';
import { errorCodes, type ErrorCode } from '../../core/error-codes.js';

export type RecordRejectionCode =
  | 'ERR_FEED_RECORD_UNKNOWN'
  | 'ERR_FEED_RECORD_INVALID'
  | 'ERR_FEED_VALUE_TOO_LONG'
  | 'ERR_FEED_VALUE_INVALID';

export class RecordRejection extends BrokerError {
  readonly line: number;

  constructor(code: RecordRejectionCode & ErrorCode, line: number, message: string) {
    super(code, errorCodes[code].status, message, `line=${line}: ${message}`);
    this.name = 'RecordRejection';
    this.line = line;
  }
}

export function rejectRecord(
  code: RecordRejectionCode,
  at: { readonly line: number },
  message: string,
): RecordRejection {
  return new RecordRejection(code, at.line, message);
}
