import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { fail } from '../core/fail.js';
import { newCorrelationId } from '../core/correlation-id.js';
import type { Logger } from '../core/logger.js';
import { isBrokerError } from '../core/broker-error.js';
import type { IdentifiedPartner } from './authenticate-partner.js';
import { sendProblem } from './problem-response.js';

export interface AppDependencies {
  readonly logger: Logger;
  readonly trustProxy: boolean;
  /** Readiness: database reachable and no migration pending. */
  readonly readiness: () => Promise<{ ready: boolean; checks: Record<string, unknown> }>;
  /** Routers mounted before the 404 handler; each answers its own errors in its wire format. */
  readonly mounts?: readonly { readonly path: string; readonly router: express.Router }[];
  /**
   * `pages` (default): helmet's full set, for what browsers render. `api`: the partner listener
   * serves only XML, CSV, JSON and ZIP to programs, so a fixed set written at once does (measured:
   * helmet's twelve middlewares cost 5 % of a subscription create).
   */
  readonly securityHeaders?: 'pages' | 'api';
}

/** What a machine-to-machine answer needs: no sniffing, no framing, no caching, HTTPS only. */
const apiHeaders: readonly (readonly [string, string])[] = [
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cache-Control', 'no-store'],
];

declare module 'express-serve-static-core' {
  interface Locals {
    correlationId: string;
    /** The partner a verified client certificate named (partner web services only). */
    partner?: IdentifiedPartner;
  }
}

/** The express application: security headers, correlation ids, health routes, and the one error handler. */
export function createApp(deps: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  if (deps.securityHeaders === 'api') {
    app.use((_req: Request, res: Response, next: NextFunction) => {
      for (const [name, value] of apiHeaders) res.setHeader(name, value);
      next();
    });
  } else {
    app.use(helmet());
  }
  app.use(correlate(deps.logger));

  // Liveness: the process answers. Never touches the database.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Readiness: a load balancer should send traffic only when the store is usable.
  app.get('/readyz', async (_req, res) => {
    const { ready, checks } = await deps.readiness();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });

  for (const mount of deps.mounts ?? []) app.use(mount.path, mount.router);

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(fail('ERR_HTTP_NOT_FOUND', `Aucune ressource à cette adresse.`, req.path));
  });
  app.use(errorHandler(deps.logger));
  return app;
}

function correlate(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.locals.correlationId = newCorrelationId();
    res.setHeader('X-Correlation-Id', res.locals.correlationId);
    res.on('finish', () => {
      // The route pattern, never the URL: paths and queries may carry user ids.
      logger.info({
        event: 'http.request',
        correlationId: res.locals.correlationId,
        method: req.method,
        route: req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched',
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      });
    });
    next();
  };
}

function errorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const correlationId = res.locals.correlationId ?? newCorrelationId();
    const status = isBrokerError(error) ? error.status : 500;
    const code = isBrokerError(error) ? error.code : 'ERR_HTTP_INTERNAL';
    const detail = isBrokerError(error) ? error.detail : error instanceof Error ? error.stack : String(error);
    logger[status >= 500 ? 'error' : 'info']({
      event: 'http.error',
      correlationId,
      code,
      status,
      detail: status >= 500 ? detail : undefined,
    });
    sendProblem(res, error, correlationId);
  };
}
