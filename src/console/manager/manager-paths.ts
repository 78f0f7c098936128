/** Where the licence manager's pages live, built from raw ids (each segment percent-encoded). */
import type { SubscriptionKey } from '../../subscriptions/index.js';

const segment = encodeURIComponent;

export const establishmentPath = (uai: string): string => `/console/etablissements/${segment(uai)}`;

export const subscriptionPath = (uai: string, key: SubscriptionKey): string =>
  `${establishmentPath(uai)}/abonnements/${segment(key.distributorId)}/${segment(key.subscriptionId)}`;

/**
 * A subscription key as one form value (`distributor/subscription`, each part encoded): see
 * parseSubscriptionChoice.
 */
export const subscriptionChoice = (key: SubscriptionKey): string =>
  `${segment(key.distributorId)}/${segment(key.subscriptionId)}`;

/** A person as one form value, `ENT:ID` (the CLI's and parseAssignmentTarget's form). */
export const personValue = (p: { readonly entId: string; readonly personId: string }): string =>
  `${p.entId}:${p.personId}`;
