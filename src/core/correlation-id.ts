import { randomUUID } from 'node:crypto';

/** A short random id shown to users on error pages and carried by every log event of a request. */
export function newCorrelationId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 16);
}
