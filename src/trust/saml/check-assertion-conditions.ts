/**
 * The checks of saml-profiles §4.1.4.3 (Web Browser SSO, processing a Response) on the values
 * read from verified bytes: who issued it, where it was sent, which request it answers, for whom
 * and until when it holds. Every instant is compared with `now` allowing `skewSeconds` either way.
 * The replay cache and the login transaction are the caller's (they need the store).
 */
import type { BrokerError } from '../../core/broker-error.js';
import { fail } from '../../core/fail.js';
import type {
  AssertionFields,
  BearerConfirmation,
  ConditionsFields,
  IssuerValue,
  ResponseFields,
} from './read-assertion-fields.js';
import type { AcceptingIdpResponseExpectations, IdpResponseExpectations } from './saml-protocol.js';
import { samlUris } from './xml-text.js';
import { definedFields } from '../../core/defined-fields.js';

export interface CheckedValidity {
  readonly nameId: { readonly value: string; readonly format?: string };
  /**
   * The AuthnRequest ID the (signed) SubjectConfirmationData answers; absent only for an accepted
   * unsolicited Response.
   */
  readonly inResponseTo?: string;
  /** The earliest of the bearer confirmation's and the Conditions' NotOnOrAfter. */
  readonly notOnOrAfter: Date;
}

interface Clock {
  readonly now: number;
  readonly skew: number;
}

/** How old (beyond the skew) an accepted unsolicited Response and its assertion may be. */
export const unsolicitedMaxAgeSeconds = 300;

const refused = "La réponse de l'ENT est refusée.";

/** Throws the ERR_SAML_RESPONSE_* code of the first check that fails, in the order below. */
export function checkAssertionConditions(
  response: ResponseFields,
  responseSigned: boolean,
  assertion: AssertionFields,
  expect: IdpResponseExpectations | AcceptingIdpResponseExpectations,
): CheckedValidity {
  const clock = { now: expect.now.getTime(), skew: expect.skewSeconds * 1000 };
  checkIssuer(response.issuer, false, expect.idp.entityId, 'Response');
  checkIssuer(assertion.issuer, true, expect.idp.entityId, 'Assertion');
  checkDestination(response, responseSigned, expect.acsUrl);
  const nameId = assertion.nameId;
  if (nameId === undefined || nameId.value === '')
    throw fail('ERR_SAML_RESPONSE_SUBJECT', refused, 'no NameID in Subject');
  const unsolicited = expect.unsolicited ?? 'refuse';
  const confirmation = chooseBearerConfirmation(
    assertion.bearerConfirmations,
    response.inResponseTo,
    expect.acsUrl,
    clock,
    unsolicited,
  );
  const conditionsUntil = checkConditions(assertion.conditions, expect.spEntityId, clock);
  checkIssueInstants(
    [
      ['Response', response.issueInstant],
      ['Assertion', assertion.issueInstant],
    ],
    clock,
    confirmation.inResponseTo === undefined,
  );
  const until = confirmation.notOnOrAfter as Date;
  return {
    nameId,
    ...definedFields({ inResponseTo: confirmation.inResponseTo }),
    notOnOrAfter: conditionsUntil !== undefined && conditionsUntil < until ? conditionsUntil : until,
  };
}

/**
 * saml-core §1.3.3: instants within the skew, so nothing issued in the future. An unsolicited
 * Response answers no request whose transaction would bound its age, and saml-profiles §4.1.5
 * leaves its acceptance to the SP's policy: it must also be recent, the Response and the assertion
 * (an old signed assertion rewrapped in a fresh unsigned Response is stale too).
 */
function checkIssueInstants(instants: readonly (readonly [string, Date])[], clock: Clock, unsolicited: boolean): void {
  for (const [what, issued] of instants) {
    if (issued.getTime() > clock.now + clock.skew)
      throw fail(
        'ERR_SAML_RESPONSE_NOT_YET_VALID',
        refused,
        `${what} IssueInstant ${issued.toISOString()} in the future`,
      );
    if (unsolicited && issued.getTime() < clock.now - clock.skew - unsolicitedMaxAgeSeconds * 1000) {
      throw fail('ERR_SAML_RESPONSE_STALE', refused, `unsolicited ${what} IssueInstant ${issued.toISOString()}`);
    }
  }
}

/** saml-profiles §4.1.4.2: the assertion's Issuer is the IdP's entityID; the Response's, when present, too. */
function checkIssuer(issuer: IssuerValue | undefined, mandatory: boolean, entityId: string, what: string): void {
  if (issuer === undefined && !mandatory) return;
  const problem =
    issuer === undefined
      ? 'missing'
      : issuer.value !== entityId
        ? `${JSON.stringify(issuer.value.slice(0, 200))} is not ${entityId}`
        : issuer.format !== undefined && issuer.format !== samlUris.entityFormat
          ? `Format ${issuer.format}`
          : undefined;
  if (problem !== undefined) throw fail('ERR_SAML_RESPONSE_ISSUER', refused, `${what} Issuer ${problem}`);
}

/** saml-bindings §3.5.5.2: a signed Response MUST carry Destination; when present it MUST be our ACS. */
function checkDestination(response: ResponseFields, signed: boolean, acsUrl: string): void {
  if (response.destination === undefined ? signed : response.destination !== acsUrl) {
    throw fail(
      'ERR_SAML_RESPONSE_DESTINATION',
      refused,
      `Destination ${JSON.stringify(response.destination?.slice(0, 200) ?? '(none)')}`,
    );
  }
}

/**
 * saml-profiles §4.1.4.3: at least one bearer SubjectConfirmation must hold for us, now, for our
 * request. The first that does is used; when none does, the first one's problem is reported.
 */
function chooseBearerConfirmation(
  confirmations: readonly BearerConfirmation[],
  inResponseTo: string | undefined,
  acsUrl: string,
  clock: Clock,
  unsolicited: 'refuse' | 'accept',
): BearerConfirmation {
  if (confirmations.length === 0) throw fail('ERR_SAML_RESPONSE_SUBJECT', refused, 'no bearer SubjectConfirmation');
  const problems = confirmations.map((c) => confirmationProblem(c, inResponseTo, acsUrl, clock, unsolicited));
  const index = problems.indexOf(undefined);
  if (index < 0) throw problems[0] as BrokerError;
  return confirmations[index] as BearerConfirmation;
}

function confirmationProblem(
  c: BearerConfirmation,
  inResponseTo: string | undefined,
  acsUrl: string,
  clock: Clock,
  unsolicited: 'refuse' | 'accept',
): BrokerError | undefined {
  if (c.notOnOrAfter === undefined)
    return fail('ERR_SAML_RESPONSE_SUBJECT', refused, 'bearer SubjectConfirmationData without NotOnOrAfter');
  if (c.recipient !== acsUrl)
    return fail(
      'ERR_SAML_RESPONSE_RECIPIENT',
      refused,
      `Recipient ${JSON.stringify(c.recipient?.slice(0, 200) ?? '(none)')}`,
    );
  if (c.notOnOrAfter.getTime() <= clock.now - clock.skew)
    return fail(
      'ERR_SAML_RESPONSE_EXPIRED',
      refused,
      `SubjectConfirmationData NotOnOrAfter ${c.notOnOrAfter.toISOString()}`,
    );
  if (c.notBefore !== undefined && c.notBefore.getTime() > clock.now + clock.skew) {
    return fail(
      'ERR_SAML_RESPONSE_NOT_YET_VALID',
      refused,
      `SubjectConfirmationData NotBefore ${c.notBefore.toISOString()}`,
    );
  }
  // No InResponseTo anywhere: an IdP-initiated (unsolicited) Response (saml-profiles §4.1.5), which
  // brokered GAR logins never are; only the console's ACS asks to accept it.
  if (inResponseTo === undefined && c.inResponseTo === undefined) {
    return unsolicited === 'accept' ? undefined : fail('ERR_SAML_RESPONSE_UNSOLICITED', refused, 'no InResponseTo');
  }
  if (c.inResponseTo === undefined || c.inResponseTo !== inResponseTo) {
    return fail(
      'ERR_SAML_RESPONSE_IN_RESPONSE_TO',
      refused,
      "SubjectConfirmationData InResponseTo differs from the Response's",
    );
  }
  return undefined;
}

/** saml-core §2.5.1: validity window, then audience (every AudienceRestriction must name us). */
function checkConditions(conditions: ConditionsFields | undefined, spEntityId: string, clock: Clock): Date | undefined {
  if (conditions === undefined) throw fail('ERR_SAML_RESPONSE_AUDIENCE', refused, 'no Conditions');
  if (conditions.unknown.length > 0)
    throw fail('ERR_SAML_RESPONSE_CONDITION_UNKNOWN', refused, `conditions ${conditions.unknown.join(' ')}`);
  if (conditions.notBefore !== undefined && conditions.notBefore.getTime() > clock.now + clock.skew) {
    throw fail(
      'ERR_SAML_RESPONSE_NOT_YET_VALID',
      refused,
      `Conditions NotBefore ${conditions.notBefore.toISOString()}`,
    );
  }
  if (conditions.notOnOrAfter !== undefined && conditions.notOnOrAfter.getTime() <= clock.now - clock.skew) {
    throw fail(
      'ERR_SAML_RESPONSE_EXPIRED',
      refused,
      `Conditions NotOnOrAfter ${conditions.notOnOrAfter.toISOString()}`,
    );
  }
  const restrictions = conditions.audienceRestrictions;
  if (restrictions.length === 0 || restrictions.some((audiences) => !audiences.includes(spEntityId))) {
    throw fail('ERR_SAML_RESPONSE_AUDIENCE', refused, `audiences ${JSON.stringify(restrictions).slice(0, 300)}`);
  }
  return conditions.notOnOrAfter;
}
