import type { Logger } from '../core/logger.js';

/** One HTTP request's view of the flow: its instant, and a logger that carries its correlation id. */
export interface LoginContext {
  readonly now: Date;
  readonly log: Logger;
}
