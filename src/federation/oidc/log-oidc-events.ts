/**
 * What oidc-provider decides on its own endpoints, in the broker's log as `noun.verb` events with
 * the request's correlation id: tokens issued, requests refused (the OAuth error and its
 * description, which name parameters and clients, never a person), and its internal failures.
 * Codes, tokens and secrets are never logged.
 */
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { Logger } from '../../core/logger.js';

const refusals = [
  'authorization.error',
  'grant.error',
  'userinfo.error',
  'end_session.error',
  'jwks.error',
  'discovery.error',
] as const;

export function logOidcEvents(provider: Provider, logger: Logger): void {
  const context = (ctx: KoaContextWithOIDC) => ({
    correlationId: (ctx.res as { locals?: { correlationId?: string } }).locals?.correlationId,
    clientId: ctx.oidc?.client?.clientId,
  });
  provider.on('grant.success', (ctx) => {
    logger.info({ event: 'oidc.token_issued', ...context(ctx) });
  });
  for (const name of refusals) {
    provider.on(name as 'grant.error', (ctx, error) => {
      logger.info({
        event: 'oidc.refused',
        endpoint: name.split('.')[0],
        ...context(ctx),
        error: error.error,
        detail: error.error_description,
      });
    });
  }
  provider.on('server_error', (ctx, error) => {
    logger.error({ event: 'oidc.server_error', ...context(ctx), detail: error.stack });
  });
}
