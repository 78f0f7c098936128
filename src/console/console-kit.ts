/**
 * What a console page module gets: rendering, the guards (deny by default: a page is reachable
 * only through `requireOperator` or `requireManagerOf`), and the audit context of a change.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Clock } from '../core/clock.js';
import { fail } from '../core/fail.js';
import type { ManagedEstablishment } from './ports.js';
import type { AuditContext } from '../subscriptions/index.js';
import type { ConsolePrincipal } from './console-session.js';
import { renderConsolePage } from './render-console-page.js';

export interface ConsoleKit {
  readonly clock: Clock;
  readonly render: typeof renderConsolePage;
  /** Lets operators through; anyone else gets ERR_CONSOLE_LOGIN_REQUIRED (anonymous) or ERR_CONSOLE_FORBIDDEN. */
  readonly requireOperator: (req: Request, res: Response, next: NextFunction) => void;
  /** Lets a licence manager through when the route's `:uai` is one of theirs; everyone else is refused. */
  readonly requireManagerOf: (req: Request, res: Response, next: NextFunction) => void;
  /** The establishment of the route's `:uai`, after requireManagerOf. */
  readonly establishment: (res: Response) => ManagedEstablishment;
  readonly principal: (res: Response) => ConsolePrincipal;
  /** `console:operator:<login>` or `console:<idENT>:<person id>`, now, with the request's correlation id. */
  readonly audit: (res: Response) => AuditContext;
}

export function consoleKit(clock: Clock): ConsoleKit {
  const principal = (res: Response): ConsolePrincipal => {
    const p = res.locals.console?.principal;
    if (p === undefined) throw fail('ERR_CONSOLE_LOGIN_REQUIRED', 'Connectez-vous pour accéder à cette page.');
    return p;
  };
  return {
    clock,
    render: renderConsolePage,
    principal,
    requireOperator: (_req, res, next) => {
      try {
        if (principal(res).kind !== 'operator')
          throw fail('ERR_CONSOLE_FORBIDDEN', 'Cette page est réservée à l’opérateur.');
        next();
      } catch (error) {
        next(error);
      }
    },
    requireManagerOf: (req, res, next) => {
      try {
        const p = principal(res);
        const uai = req.params['uai'];
        const found = p.kind === 'manager' ? p.establishments.find((e) => e.uai === uai) : undefined;
        if (found === undefined)
          throw fail('ERR_CONSOLE_FORBIDDEN', 'Vous n’êtes pas responsable d’affectation de cet établissement.');
        res.locals.consoleEstablishment = found;
        next();
      } catch (error) {
        next(error);
      }
    },
    establishment: (res) => {
      const e = res.locals.consoleEstablishment;
      if (e === undefined) throw new Error('establishment read before requireManagerOf');
      return e;
    },
    audit: (res) => {
      const p = principal(res);
      const actor = p.kind === 'operator' ? `console:operator:${p.login}` : `console:${p.entId}:${p.personId}`;
      return { actor, at: clock.now(), correlationId: res.locals.correlationId };
    },
  };
}

declare module 'express-serve-static-core' {
  interface Locals {
    consoleEstablishment?: ManagedEstablishment;
  }
}
