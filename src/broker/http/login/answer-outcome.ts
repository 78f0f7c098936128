/**
 * One way for a login or logout route to run a step of the broker's flow: the step's context
 * (the clock's time, a logger with the request's correlation id), its LoginOutcome rendered,
 * and any failure handed to the router's error page.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { LoginContext } from '../../login-context.js';
import type { LoginOutcome } from '../../login-outcome.js';
import type { Clock } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import { renderLoginOutcome } from './render-outcome.js';

export type OutcomeStep = (req: Request, res: Response, ctx: LoginContext) => Promise<LoginOutcome>;
export type OutcomeRender = (req: Request, res: Response, outcome: LoginOutcome) => void;

export function stepContext(clock: Clock, logger: Logger, res: Response): LoginContext {
  return { now: clock.now(), log: logger.child({ correlationId: res.locals.correlationId }) };
}

export function answerOutcome(
  clock: Clock,
  logger: Logger,
  step: OutcomeStep,
  render: OutcomeRender = renderLoginOutcome,
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      render(req, res, await step(req, res, stepContext(clock, logger, res)));
    } catch (error) {
      next(error);
    }
  };
}
