/**
 * The partner web services as mounts of an express app: the subscription service, the
 * assignment counts and the assignment reports, each under its configured path, each behind
 * client-certificate authentication, each answering errors as GAR's XML `Erreur`.
 */
import type { RequestHandler, Router } from 'express';
import type { BrokerConfig } from '../../config/index.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { AssignmentReportStore, SubscriptionStore } from '../ports.js';
import type { DistributorService } from '../distributor-service.js';
import { assignmentCountsRouter } from './assignment-counts-router.js';
import { assignmentReportsRouter } from './assignment-reports-router.js';
import { subscriptionWsRouter } from './subscription-ws-router.js';

export interface PartnerWebServicesDependencies {
  readonly config: BrokerConfig['webServices'];
  readonly service: DistributorService;
  readonly subscriptions: SubscriptionStore;
  readonly reports: AssignmentReportStore;
  /** Names the distributor from its client certificate, before any route runs. */
  readonly authenticate: RequestHandler;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function partnerWebServices(
  deps: PartnerWebServicesDependencies,
): readonly { readonly path: string; readonly router: Router }[] {
  const { authenticate } = deps;
  return [
    {
      path: deps.config.subscriptionsPath,
      router: subscriptionWsRouter({
        service: deps.service,
        listEstablishments: () => deps.subscriptions.listEstablishments(),
        authenticate,
        maxBodyBytes: deps.config.maxBodyBytes,
        clock: deps.clock,
        logger: deps.logger,
      }),
    },
    {
      path: deps.config.assignmentCountsPath,
      router: assignmentCountsRouter({ store: deps.subscriptions, authenticate, logger: deps.logger }),
    },
    {
      path: deps.config.assignmentReportsPath,
      router: assignmentReportsRouter({ store: deps.reports, authenticate, logger: deps.logger }),
    },
  ];
}
