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
 * 3b. `finishOidcEntLogin` — `/ent/oidc/callback`: the same for an ENT that is an OpenID Provider
 *    (state → transaction, then code + PKCE, ID token checked by idp-bridge); both continue in
 *    `continueAfterEnt`.
 * 3c. `answerOidcInteraction` — `/oidc/interaction/<uid>`: an OIDC publisher's authorization,
 *    decided every time: resource (idRessource) → broker session or the ENT → `decideAccess` → the
 *    release federation grants to that authorization only (answer-oidc-interaction.ts).
 * 4. `answerServiceProvider` — resource → `decideAccess` (establishment → licence → release) → signed answer.
 * 5. `casLogin` — `/cas/login`: a registered CAS service (exact URL). With a session: its resource →
 *    `admitAccess` → a single-use ticket (≤ 10 s) → back to the service. Without: the ENT's login.
 * 6. `validateCasTicket` — `/cas/p3/serviceValidate`: the ticket consumed once, the service
 *    compared exactly, licence and release (`decideAccessAt`) → IDO and attributes.
 * 7. `casLogout` / `endBrokerSession` — `/cas/logout`: the session revoked, each CAS service that
 *    got a ticket told by the back channel.
 * 8. `notifyEndedSessions` — a scheduler, not a request: the same back-channel logout for the
 *    tickets of sessions that expired or were revoked without `/cas/logout`.
 *
 * The access decision these share (resource → establishment → licence → release) is one module,
 * access-decision.ts; its header shows how each protocol enters it.
 *
 * Nothing here writes HTTP: each returns a LoginOutcome that http renders.
 */
export { openFromMediacentre, type MediacentreEntry } from './open-from-mediacentre.js';
export { handlePublisherRequest } from './handle-publisher-request.js';
export { finishEntLogin } from './finish-ent-login.js';
export { finishOidcEntLogin } from './finish-oidc-ent-login.js';
export { casLogin, type CasLoginRequest } from './cas-login.js';
export { validateCasTicket, type CasValidationRequest } from './validate-cas-ticket.js';
export { casLogout } from './cas-logout.js';
export { endBrokerSession } from './end-broker-session.js';
export { notifyEndedSessions, notifyEndedOidcSessions, type EndedSessionBounds } from './notify-ended-sessions.js';
