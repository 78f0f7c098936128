/**
 * oidc-provider's interaction policy, reduced to one rule: every authorization request goes
 * through the broker's interaction route, even when oidc-provider remembers a login or a grant.
 * That route asks the broker's one decision (broker session → establishment → licence →
 * contract → release) for the `idRessource` of *this* request, so a licence withdrawn since the
 * last authorization, or a request for another resource, is never answered from a previous grant.
 * The check stands down only on the resume that carries the route's own result (a grant it made).
 *
 * Consequence: `prompt=none` always answers `login_required` (the decision needs the route).
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';

const { Check, Prompt } = interactionPolicy;

export function brokerInteractionPolicy(): interactionPolicy.Prompt[] {
  const decided = (ctx: KoaContextWithOIDC): boolean => typeof ctx.oidc.result?.consent?.grantId === 'string';
  return [
    new Prompt(
      { name: 'login', requestable: true },
      new Check('broker_decision', 'the broker decides every authorization', 'login_required', (ctx) => !decided(ctx)),
    ),
  ];
}
