/**
 * OpenID Connect Front-Channel Logout 1.0, the relying party's side: the ENT provider's logout page
 * loads the broker's front-channel logout URI in an iframe, with `iss` and `sid` when it sends them
 * (§2, §3: always with `frontchannel_logout_session_required`). This reads which ENT session ends:
 * - `iss`, when given, must be the issuer of a registered OIDC ENT;
 * - `sid` names a session only of its issuer, so a `sid` without `iss` is refused, like a request
 *   naming neither (nothing says which provider, or which of its sessions, logged out);
 * - `iss` without `sid`: the broker ends the browser's own session (its cookie) of one of `entIds`,
 *   the only session it can tell is the one that logged out there.
 * No HTTP here: the route passes the query's values (a repeated parameter is the route's to refuse).
 */
import type { BrokerError } from '../core/broker-error.js';
import { fail } from '../core/fail.js';
import { oidcIdentifier } from './oidc-identifier.js';
import type { OidcEntRegistration } from './ports.js';

export interface OidcFrontChannelLogout {
  /** The first ENT project registered with this issuer. */
  readonly entId: string;
  /** Every ENT project registered with this issuer (entId first): the provider's session is theirs alike. */
  readonly entIds: readonly string[];
  readonly issuer: string;
  /** Absent: the browser's own broker session of one of `entIds` is the one to end. */
  readonly sid?: string;
}

export function readOidcFrontChannelLogout(
  registrations: readonly OidcEntRegistration[],
  query: { readonly iss?: string; readonly sid?: string },
): OidcFrontChannelLogout {
  const { iss, sid } = query;
  if (iss === undefined) throw refused('UNNAMED', sid === undefined ? 'neither iss nor sid' : 'sid without iss');
  const entIds = registrations.filter((r) => r.issuer === iss).map((r) => r.entId);
  const [entId] = entIds;
  if (entId === undefined) throw refused('ISSUER_UNKNOWN', 'iss of no registered OIDC ENT');
  if (sid === undefined) return { entId, entIds, issuer: iss };
  if (oidcIdentifier(sid) === undefined) throw refused('SID_INVALID', 'sid is not an identifier');
  return { entId, entIds, issuer: iss, sid };
}

function refused(reason: 'UNNAMED' | 'ISSUER_UNKNOWN' | 'SID_INVALID', detail: string): BrokerError {
  const message = "La déconnexion demandée par l'ENT ne peut pas être lue.";
  return fail(`ERR_OIDC_ENT_FRONT_LOGOUT_${reason}`, message, `front-channel logout: ${detail}`);
}
