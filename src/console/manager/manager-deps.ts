/** What the licence manager's pages are built from: the licensing store (every change) and their reads. */
import type { RequestHandler } from 'express';
import type { ManagerConsoleSource } from '../manager-ports.js';
import type { LicensingStore } from '../../subscriptions/index.js';
import type { ConsoleKit } from '../console-kit.js';

export interface ManagerPagesDeps {
  readonly licensing: LicensingStore;
  readonly source: ManagerConsoleSource;
}

/** A route's handler, made from the deps and the console kit (it runs after kit.requireManagerOf). */
export type ManagerHandler = (deps: ManagerPagesDeps, kit: ConsoleKit) => RequestHandler;
