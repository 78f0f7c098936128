/**
 * The demo ENT's single logout with the broker (saml-core §3.7, HTTP-Redirect binding, every
 * message signed), built on samlify:
 *
 * | direction                | message                                                               |
 * |--------------------------|-----------------------------------------------------------------------|
 * | ENT → broker             | LogoutRequest naming the session's NameID and SessionIndex, to the    |
 * |                          | SingleLogoutService of the broker's SP metadata                       |
 * | broker → ENT `/saml/slo` | LogoutResponse: signed by the broker, InResponseTo ours, Destination ours |
 * | broker → ENT `/saml/slo` | LogoutRequest: signed by the broker, Destination ours                 |
 * | ENT → broker             | LogoutResponse (Success) to the same SingleLogoutService              |
 *
 * samlify checks the signatures and, on a LogoutResponse, the Issuer and the status; the rest
 * (Issuer of a request, Destination, InResponseTo) is checked here.
 */
import type { DemoEntIdp } from './demo-ent-idp.js';
import { fetchMetadata, redirectRequest, samlify } from '../samlify-setup.js';
import { definedFields } from '../../src/core/defined-fields.js';

export interface DemoEntLogout {
  /** The broker URL the browser goes to; undefined when the broker's metadata declares no Redirect SLO. */
  requestUrl(session: { readonly nameId: string; readonly sessionIndex: string }): Promise<string | undefined>;
  /** Verifies the broker's LogoutResponse to one of our requests; throws otherwise. */
  readResponse(rawQuery: string): Promise<void>;
  /** Verifies the broker's LogoutRequest; throws when it is not the broker's or not for us. */
  readRequest(rawQuery: string): Promise<BrokerLogoutRequest>;
  /** The broker URL that carries our signed Success LogoutResponse. */
  responseUrl(request: BrokerLogoutRequest): string;
}

export interface BrokerLogoutRequest {
  readonly nameId: string;
  readonly sessionIndex: string;
  readonly info: Awaited<ReturnType<samlify.IdentityProviderInstance['parseLogoutRequest']>>;
  readonly broker: samlify.ServiceProviderInstance;
  readonly relayState?: string;
}

/** A LogoutRequest waits at most this long for its answer. */
const pendingMs = 10 * 60_000;

export function createDemoEntLogout(idp: DemoEntIdp, brokerUrl: string): DemoEntLogout {
  const pending = new Map<string, number>();
  // Fetched at each logout: the broker may have rotated its keys, or added its SingleLogoutService.
  // Messages to it are signed because this entity says it wants them signed (samlify reads the target's settings).
  const broker = async () =>
    samlify.ServiceProvider({
      metadata: await fetchMetadata(`${brokerUrl}/saml/sp/metadata`),
      wantLogoutRequestSigned: true,
      wantLogoutResponseSigned: true,
    });
  return {
    async requestUrl(session) {
      const sp = await broker();
      if (typeof sp.entityMeta.getSingleLogoutService('redirect') !== 'string') return undefined;
      const user = { logoutNameID: session.nameId, sessionIndex: session.sessionIndex };
      const { id, context } = idp.entity.createLogoutRequest(sp, 'redirect', user) as { id: string; context: string };
      forgetOld(pending);
      pending.set(id, Date.now());
      return context;
    },
    async readResponse(rawQuery) {
      const { query, octetString } = redirectRequest(rawQuery);
      const { extract } = await idp.entity.parseLogoutResponse(await broker(), 'redirect', { query, octetString });
      const response = extract.response as { inResponseTo?: string; destination?: string } | undefined;
      if (!pending.delete(response?.inResponseTo ?? '')) throw new Error('InResponseTo names no logout of ours');
      if (response?.destination !== idp.sloUrl) throw new Error(`LogoutResponse for ${String(response?.destination)}`);
    },
    async readRequest(rawQuery) {
      const { query, octetString } = redirectRequest(rawQuery);
      const sp = await broker();
      const info = await idp.entity.parseLogoutRequest(sp, 'redirect', { query, octetString });
      // samlify checks the signature of a LogoutRequest, not who sent it nor to whom.
      if (info.extract.issuer !== sp.entityMeta.getEntityID()) {
        throw new Error(`LogoutRequest from ${String(info.extract.issuer)}`);
      }
      const request = info.extract.request as { destination?: string } | undefined;
      if (request?.destination !== idp.sloUrl) throw new Error(`LogoutRequest for ${String(request?.destination)}`);
      const relayState = query['RelayState'];
      return {
        nameId: String(info.extract.nameID ?? ''),
        sessionIndex: String(info.extract.sessionIndex ?? ''),
        info,
        broker: sp,
        ...definedFields({ relayState }),
      };
    },
    responseUrl(request) {
      const options = definedFields({ relayState: request.relayState });
      const extracted = { extract: request.info.extract };
      const answer = idp.entity.createLogoutResponse(request.broker, extracted, 'redirect', options);
      return (answer as { context: string }).context;
    },
  };
}

function forgetOld(pending: Map<string, number>): void {
  const limit = Date.now() - pendingMs;
  for (const [id, at] of pending) if (at < limit) pending.delete(id);
}
