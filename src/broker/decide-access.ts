/**
 * `unknownUser` at the path continue-after-ent.ts imports it from. The access decision itself,
 * and `unknownUser`, are in access-decision.ts; this file goes once that import names it.
 */
export { unknownUser } from './access-decision.js';
