/**
 * Licence managers log into the console through their ENT (gar-reference §2 C). The
 * console is an SP of its own (entityID `console.spEntityId`, default `<publicUrl>/console/saml/metadata`),
 * which ENTs register like any other SP.
 *
 * | route                         | what it does                                                               |
 * |-------------------------------|----------------------------------------------------------------------------|
 * | GET  /console/saml/metadata   | the console SP's metadata: entityID, the broker's keys, the ACS (HTTP-POST) |
 * | GET  /console/saml/login      | SP-initiated: `?idENT=` → a login transaction bound to this browser, then   |
 * |                               |   a signed AuthnRequest (HTTP-Redirect) to that ENT's IdP                  |
 * | POST /console/saml/acs        | the ENT's Response, IdP-initiated (GAR's model) or answering the above:     |
 * |                               |   the checks below; then the session, then a page that moves the browser   |
 * |                               |   to /console/ (continue-page.ts says why not a 302)                       |
 *
 * The ACS's checks, the brokered login's own (idp-bridge's verification, the broker's transaction
 * and replay checks), with the console's SP and words:
 *
 * | step                                                     | refuses (a 4xx page; no session)    |
 * |----------------------------------------------------------|-------------------------------------|
 * | idp-bridge (trust) verifies it: signature, issuer,       | ERR_LOGIN_IDP_UNKNOWN, ERR_SAML_*,  |
 * |   audience = the console SP, destination/recipient = its |   ERR_XMLDSIG_* (ERR_SAML_RESPONSE_ |
 * |   ACS, times; unsolicited accepted but recent            |   STALE: unsolicited, not recent)   |
 * | the broker's acceptEntResponse: replay cache (issuer +   | ERR_LOGIN_ASSERTION_REPLAYED        |
 * |   assertion ID); solicited: the console transaction of   | ERR_LOGIN_NO_BROWSER_BINDING,       |
 * |   this browser, once, from the ENT it was sent to        |   ERR_LOGIN_TRANSACTION_*,          |
 * |                                                          |   ERR_LOGIN_IDP_MISMATCH            |
 * | requireManagerScope: a live licence manager of the IdP's | ERR_CONSOLE_NOT_A_MANAGER           |
 * |   own ENT project, with a live establishment             |                                     |
 * |   (GAR-ENT-RespAff)                                      |                                     |
 */
import express, { type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { acceptEntResponse, cookieDigest, type LoginRetry } from '../../broker/index.js';
import { requestEntAuthentication, verifyEntResponse } from '../../idp-bridge/index.js';
import type { ConsolePageModule } from '../console-router.js';
import { startConsoleSession } from '../console-session.js';
import { loginBindingCookie, loginBindingFor, readLoginBinding } from './console-login-binding.js';
import { sendContinuePage } from './continue-page.js';
import type { ManagerLoginDeps } from './manager-login-deps.js';
import { requireManagerScope } from './require-manager-scope.js';

/** base64 of a 256 KiB Response (trust's bound), with room for RelayState and the field names. */
const acsForm = express.urlencoded({ extended: false, limit: '400kb', parameterLimit: 10 });

/** The refusal pages' words: the console asked the ENT, and its login starts at its page or the ENT. */
const consoleRetry: LoginRetry = {
  asker: 'la console',
  again: 'recommencez depuis la page de connexion de la console ou depuis votre ENT.',
};

export function managerLoginPages(deps: ManagerLoginDeps): ConsolePageModule {
  return (router, _kit, crossSite) => {
    router.get('/saml/metadata', (_req, res) => {
      res.type('application/samlmetadata+xml').send(deps.metadata(deps.session.clock.now()));
    });
    router.get('/saml/login', (req, res) => beginManagerLogin(deps, req, res));
    // Cross-site by design (the ENT's auto-posted form): outside the CSRF check, authenticated by the signature.
    crossSite.post('/saml/acs', acsForm, (req, res) => acceptManagerLogin(deps, req, res));
  };
}

/** SP-initiated: the transaction first (bound to this browser), then the browser goes to the ENT. */
async function beginManagerLogin(deps: ManagerLoginDeps, req: Request, res: Response): Promise<void> {
  const idEnt = typeof req.query['idENT'] === 'string' ? req.query['idENT'].slice(0, 64) : '';
  const now = deps.session.clock.now();
  const request = await requestEntAuthentication(deps.idps, deps.sp, idEnt, now);
  const binding = loginBindingFor(req);
  const lifetimeSeconds = deps.sp.transactionMinutes * 60;
  await deps.transactions.open({
    id: randomBytes(32).toString('base64url'),
    createdAt: now,
    expiresAt: new Date(now.getTime() + lifetimeSeconds * 1000),
    browserBinding: cookieDigest(binding),
    upstream: { entId: request.entId, requestId: request.requestId },
  });
  res.append('Set-Cookie', loginBindingCookie(res, binding, lifetimeSeconds));
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(302, request.redirectUrl);
}

async function acceptManagerLogin(deps: ManagerLoginDeps, req: Request, res: Response): Promise<void> {
  const body = req.body as Record<string, unknown> | undefined;
  const samlResponse = typeof body?.['SAMLResponse'] === 'string' ? body['SAMLResponse'] : '';
  const now = deps.session.clock.now();
  const verified = await verifyEntResponse(deps.idps, deps.sp, samlResponse, now, { unsolicited: 'accept' });
  const binding = readLoginBinding(req);
  const bindingDigest = binding === undefined ? undefined : cookieDigest(binding);
  await acceptEntResponse(deps, verified, bindingDigest, now, consoleRetry);
  const subject = await requireManagerScope(deps.managers, verified.identity);
  await startConsoleSession(res, subject, deps.session);
  deps.logger.info({
    event: 'console.manager_logged_in',
    correlationId: res.locals.correlationId,
    entId: subject.entId,
  });
  sendContinuePage(res);
}
