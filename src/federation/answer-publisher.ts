/**
 * Downstream, last step: the signed (and, when the SP publishes an encryption key, encrypted)
 * Response that the browser posts to the SP's ACS, which comes from its metadata only. The
 * attributes are the Release's, nothing else; the NameID is transient (fresh for each answer).
 */
import { randomBytes } from 'node:crypto';
import { buildSpErrorResponse, buildSpResponse, type AssertionAttribute, type SpMetadata } from '../trust/index.js';
import type { DownstreamSettings } from './downstream-settings.js';
import { definedFields } from '../core/defined-fields.js';

/** What the browser posts (HTTP-POST binding): the page that auto-submits it is http's. */
export interface PostToServiceProvider {
  readonly action: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface PublisherAnswer {
  readonly sp: SpMetadata;
  readonly acsUrl: string;
  readonly inResponseTo?: string;
  readonly relayState?: string;
  readonly authnInstant: Date;
  readonly attributes: readonly AssertionAttribute[];
}

/** The answer, and the NameID and SessionIndex it carries: the publisher's logout will name them. */
export interface SentAssertion {
  readonly post: PostToServiceProvider;
  readonly nameId: string;
  readonly nameIdFormat: string;
  readonly sessionIndex: string;
}

const transient = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

export function answerPublisher(settings: DownstreamSettings, answer: PublisherAnswer, now: Date): SentAssertion {
  const signing = settings.signing(now);
  const nameId = `_${randomBytes(20).toString('hex')}`;
  // Fresh on each answer: one SessionIndex seen by two distributors would link their pseudonyms.
  const sessionIndex = `_${randomBytes(16).toString('hex')}`;
  const encryptionCertificate = answer.sp.encryptionCertificates[0];
  const xml = buildSpResponse(
    {
      idpEntityId: settings.idpEntityId,
      spEntityId: answer.sp.entityId,
      acsUrl: answer.acsUrl,
      ...definedFields({ inResponseTo: answer.inResponseTo }),
      nameId,
      sessionIndex,
      authnInstant: answer.authnInstant,
      now,
      lifetimeSeconds: settings.assertionLifetimeSeconds,
      skewSeconds: settings.skewSeconds,
      attributes: answer.attributes,
    },
    {
      ...signing,
      ...(encryptionCertificate === undefined
        ? {}
        : { encryptTo: { certificate: encryptionCertificate, algorithm: 'aes-256-gcm' as const } }),
    },
  );
  return { post: post(answer.acsUrl, xml, answer.relayState), nameId, nameIdFormat: transient, sessionIndex };
}

/** A SAML error status (Responder + `subStatus`) to an ACS already checked against metadata. */
export function refusePublisher(
  settings: DownstreamSettings,
  target: { readonly acsUrl: string; readonly inResponseTo?: string; readonly relayState?: string },
  subStatus: string,
  message: string,
  now: Date,
): PostToServiceProvider {
  const xml = buildSpErrorResponse(
    {
      idpEntityId: settings.idpEntityId,
      acsUrl: target.acsUrl,
      now,
      subStatus,
      message,
      ...definedFields({ inResponseTo: target.inResponseTo }),
    },
    settings.signing(now),
  );
  return post(target.acsUrl, xml, target.relayState);
}

function post(action: string, xml: string, relayState: string | undefined): PostToServiceProvider {
  const fields: Record<string, string> = { SAMLResponse: Buffer.from(xml, 'utf8').toString('base64') };
  if (relayState !== undefined) fields.RelayState = relayState;
  return { action, fields };
}
