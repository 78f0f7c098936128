/**
 * A publisher's request without a usable broker session goes to the ENT, the same way for every
 * protocol: the `idENT` hint (or the discovery page's choice), else the only registered ENT, else
 * the discovery page. Once the ENT has answered, continue-after-ent.ts decides and answers the
 * waiting downstream.
 */
import type { EntLoginMode } from '../idp-bridge/index.js';
import { beginEntLogin } from './browser-session.js';
import { chooseEnt, registeredEnts } from './choose-ent.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, LoginOutcome } from './login-outcome.js';
import type { LoginDownstream } from './ports.js';

export async function loginAtEnt(
  deps: LoginDeps,
  ctx: LoginContext,
  cookies: BrowserCookies,
  entHint: string | undefined,
  downstream: LoginDownstream,
  mode: EntLoginMode,
): Promise<LoginOutcome> {
  const entId = await chooseEnt(deps, ctx.now, entHint);
  if (entId === undefined) return { kind: 'discovery', ents: await registeredEnts(deps, ctx.now), cookies: [] };
  return beginEntLogin(deps, cookies, entId, downstream, ctx.now, mode);
}
