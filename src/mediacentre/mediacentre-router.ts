/**
 * The médiacentre web service for ENTs (gar-reference §6), behind the ENT's TLS client
 * certificate (partner kind `ent`: the certificate names the ENT project):
 * - `GET /ressources/{idENT}/{UAI}/{GARPersonIdentifiant}`: what that user may open there now;
 * - `GET /ressourcesDiffusables`: the catalogue the ENT project may offer.
 * Answers GAR's JSON, gzip when asked; errors as GAR's JSON `Erreur`.
 */
import { Router, type RequestHandler } from 'express';
import type { Clock } from '../core/clock.js';
import { fail } from '../core/fail.js';
import type { Logger } from '../core/logger.js';
import { renderDiffusableList, type CatalogueEntry } from './render-diffusable-list.js';
import { renderResourceList } from './render-resource-list.js';
import type { ListUserResources } from './list-user-resources.js';
import { answerCache } from './answer-cache.js';
import { mediacentreErrorHandler, sendEncoded, sendJson } from './send-mediacentre-json.js';

export interface MediacentreRouterDeps {
  readonly listUserResources: ListUserResources;
  readonly listCatalogue: () => Promise<readonly CatalogueEntry[]>;
  readonly authenticate: RequestHandler;
  /** The broker's public base URL (known once its listener has a port). */
  readonly brokerUrl: () => string;
  readonly sourceLabel: string;
  /** How long an encoded answer (for one establishment and one list of resources) is reused; 0: never. */
  readonly answerCacheMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function mediacentreRouter(deps: MediacentreRouterDeps): Router {
  const router = Router();
  const answers = answerCache({ ttlMs: deps.answerCacheMs, maxEntries: 20_000 });
  router.use(deps.authenticate);
  router.get('/ressources/:entId/:uai/:personId', async (req, res) => {
    const { entId, uai, personId } = req.params as Record<'entId' | 'uai' | 'personId', string>;
    const resources = await deps.listUserResources({
      entId,
      uai,
      personId,
      callerEntId: callerEnt(res.locals.partner),
      at: deps.clock.now(),
    });
    // Counts only: which user asked is personal data and stays out of the logs.
    deps.logger.debug({
      event: 'mediacentre.listed',
      correlationId: res.locals.correlationId,
      entId,
      uai,
      resources: resources.length,
    });
    const key = JSON.stringify([entId, uai, resources.map((r) => r.idRessource)]);
    const answer = answers(key, () =>
      Buffer.from(
        JSON.stringify(
          renderResourceList(resources, { entId, uai, brokerUrl: deps.brokerUrl(), sourceLabel: deps.sourceLabel }),
        ),
        'utf8',
      ),
    );
    sendEncoded(req, res, 200, answer);
  });
  router.get('/ressourcesDiffusables', async (req, res) => {
    callerEnt(res.locals.partner);
    sendJson(req, res, 200, renderDiffusableList(await deps.listCatalogue(), deps.clock.now()));
  });
  router.all(['/ressources/:entId/:uai/:personId', '/ressourcesDiffusables'], () => {
    throw fail('ERR_MEDIACENTRE_METHOD', 'Seule la méthode GET est acceptée.');
  });
  router.use(() => {
    throw fail(
      'ERR_HTTP_NOT_FOUND',
      'Aucune ressource à cette adresse : /ressources/{idENT}/{UAI}/{GARPersonIdentifiant} ou /ressourcesDiffusables.',
    );
  });
  router.use(mediacentreErrorHandler(deps.logger));
  return router;
}

/** The ENT project of the verified certificate (authenticatePartner ran first, for kind `ent` only). */
function callerEnt(partner: { readonly kind: string; readonly id: string } | undefined): string {
  if (partner?.kind !== 'ent') throw new Error('médiacentre reached without an authenticated ENT');
  return partner.id;
}
