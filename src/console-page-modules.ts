/**
 * The console's page modules, in the order their routes are tried. Part of the composition root:
 * each module gets the stores it needs here.
 */
import type { ConsolePageModule } from './http/index.js';
import { operatorHomePages } from './http/index.js';
import type { Store } from './store/index.js';

export function consolePageModules(_store: Store): readonly ConsolePageModule[] {
  return [operatorHomePages()];
}
