/**
 * The subscription web service, wire-compatible with GAR's (gar-reference §5), mounted under
 * `webServices.subscriptionsPath`: existing GAR clients work by changing only their base URL.
 *
 * | request                                   | step                                   | success |
 * |-------------------------------------------|----------------------------------------|---------|
 * | GET  /etablissements/etablissements.xml   | list live establishments               | 200     |
 * | GET or POST /abonnements?debut&fin        | read `<filtres>` (optional), list own  | 200     |
 * | PUT  /{idAbonnement}                      | read `<abonnement>` (create), create   | 201     |
 * | POST /{idAbonnement}                      | read `<abonnement>` (update), update   | 200     |
 * | DELETE /{idAbonnement}                    | delete own                             | 204     |
 *
 * A list pages from `debut=0` (items debut ≤ i < fin); its answer says where the page starts and
 * how many there are (`<abonnements debut fin total>`), so a client counting from 1 can see the
 * item it skipped.
 *
 * The partner is authenticated before any of these (authenticate-partner.ts); every operation
 * is keyed by it. `/abonnements` is matched before `/{idAbonnement}`, as in GAR, so no
 * subscription can be updated under that id.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { parseFiltersXml } from '../wire/parse-filters-xml.js';
import { parsePaging } from '../wire/parse-paging.js';
import { parseSubscriptionXml } from '../wire/parse-subscription-xml.js';
import { renderEstablishmentList } from '../wire/render-establishment-list.js';
import { renderSubscriptionList } from '../wire/render-subscription-xml.js';
import type { DistributorService } from '../distributor-service.js';
import type { EstablishmentListing } from '../ports.js';
import { audit, caller } from './partner-of-response.js';
import { bodyBytes, readXmlBody } from './read-xml-body.js';
import { wsErrorHandler } from './send-ws-error.js';

export interface SubscriptionWsDependencies {
  readonly service: DistributorService;
  readonly listEstablishments: () => Promise<readonly EstablishmentListing[]>;
  /** Runs first: names the partner from its client certificate, or refuses. */
  readonly authenticate: RequestHandler;
  readonly maxBodyBytes: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

const xml = 'application/xml; charset=utf-8';

export function subscriptionWsRouter(deps: SubscriptionWsDependencies): Router {
  const router = Router();
  const { service } = deps;
  router.use(deps.authenticate, readXmlBody(deps.maxBodyBytes));

  router.get('/etablissements/etablissements.xml', async (_req, res) => {
    res.type(xml).send(renderEstablishmentList(await deps.listEstablishments()));
  });
  const list = async (req: Request, res: Response): Promise<void> => {
    const body = bodyBytes(req);
    const query = body.length === 0 ? { filters: [] } : parseFiltersXml(body, { maxBytes: deps.maxBodyBytes });
    const paging = parsePaging(queryText(req, 'debut'), queryText(req, 'fin'));
    const [items, total] = await Promise.all([
      service.list(caller(res), query, paging),
      service.count(caller(res), query),
    ]);
    const page = renderSubscriptionList(
      items.map((item) => item.subscription),
      { debut: paging.debut, total },
    );
    res.type(xml).send(page);
  };
  router.get('/abonnements', list);
  router.post('/abonnements', list);
  router.put('/:id', async (req, res) => {
    const input = parseSubscriptionXml(bodyBytes(req), {
      mode: 'create',
      idInPath: req.params['id'] as string,
      maxBytes: deps.maxBodyBytes,
    });
    await service.create(caller(res), input, audit(deps.clock, res));
    res.status(201).end();
  });
  router.post('/:id', async (req, res) => {
    const id = req.params['id'] as string;
    const input = parseSubscriptionXml(bodyBytes(req), { mode: 'update', idInPath: id, maxBytes: deps.maxBodyBytes });
    await service.update(caller(res), id, input, audit(deps.clock, res));
    res.status(200).end();
  });
  router.delete('/:id', async (req, res) => {
    await service.remove(caller(res), req.params['id'] as string, audit(deps.clock, res));
    res.status(204).end();
  });
  router.use(wsErrorHandler(deps.logger));
  return router;
}

/** A single query value; a repeated parameter is not a number GAR would send. */
function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : value === undefined ? undefined : '';
}
