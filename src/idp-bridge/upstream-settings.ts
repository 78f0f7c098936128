import type { KeyObject } from 'node:crypto';
import type { RequiredResponseSignature } from '../trust/index.js';

/** The broker's side of the ENT login, from configuration and the keyring. */
export interface UpstreamSettings {
  readonly spEntityId: string;
  readonly acsUrl: string;
  readonly skewSeconds: number;
  readonly requiredSignature: RequiredResponseSignature;
  readonly userIdAttribute: string;
  readonly transactionMinutes: number;
  /** The signing key in use at `now` (a rotation switches it after its overlap). */
  readonly signingKey: (now: Date) => KeyObject;
  /** Every encryption private key still published, current first. */
  readonly decryptionKeys: (now: Date) => readonly KeyObject[];
}
