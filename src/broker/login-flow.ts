/**
 * The brokered login, one place to read it (architecture: "one file lists its steps in order").
 * Each entry point is a table of steps in its own file:
 *
 * 1. `openFromMediacentre` — `/domaineGar`: a médiacentre click. With a broker session of that
 *    ENT: licence → the resource's URL. Without: a login transaction and the ENT's login.
 * 2. `handlePublisherRequest` — `/saml/idp/sso`: a publisher's AuthnRequest, verified against its
 *    metadata. With a session: the answer. Without: the ENT's login (hint, only ENT or discovery).
 * 3. `finishEntLogin` — `/saml/sp/acs`: the ENT's Response verified, replay and transaction checked
 *    once, the person found, a broker session opened, then 1's or 2's continuation.
 * 4. `answerServiceProvider` — resource → establishment → licence → release → signed answer.
 *
 * Nothing here writes HTTP: each returns a LoginOutcome that http renders.
 */
export { openFromMediacentre, type MediacentreEntry } from './open-from-mediacentre.js';
export { handlePublisherRequest } from './handle-publisher-request.js';
export { finishEntLogin } from './finish-ent-login.js';
