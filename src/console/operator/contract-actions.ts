/**
 * The operator's decisions on a submitted contract version (gar-reference §3). The contract store
 * makes the change and its audit row (actor `console:operator:<login>`) in one transaction; a
 * refusal (a decision already taken, a missing reason) keeps the page with what was typed.
 */
import type { Request, Response } from 'express';
import { maxRejectionReasonLength } from '../../attribute-filter/index.js';
import type { ConsoleKit } from '../console-kit.js';
import { showContract } from './contract-pages.js';
import type { OperatorHandler, OperatorPagesDeps } from './operator-deps.js';
import { formInvalid, formText, formVersion, routeParam } from './operator-form.js';
import { contractPath } from './operator-paths.js';
import { asPageRefusal } from './operator-refusals.js';
import { translator } from './operator-render.js';

/**
 * Longer than any reason allowed, so that a long one is refused as too long, not as missing (the body
 * is at most 32 KiB).
 */
const maxReasonField = 32_768;

type Decision = (id: string, version: number) => Promise<unknown>;

async function decide(
  deps: OperatorPagesDeps,
  kit: ConsoleKit,
  req: Request,
  res: Response,
  done: 'approuvee' | 'refusee',
  decision: Decision,
): Promise<void> {
  const id = routeParam(req, 'idRessource');
  let version = 0;
  try {
    version = formVersion(req);
    await decision(id, version);
    res.redirect(303, `${contractPath(id)}?fait=${done}&version=${version}`);
  } catch (error) {
    const refusal = asPageRefusal(error, translator(res));
    const reason = formText(req, 'motif', maxReasonField) ?? '';
    await showContract(deps, kit, req, res, { refusal, ...(version > 0 ? { typed: { version, reason } } : {}) });
  }
}

export const approveVersion: OperatorHandler = (deps, kit) => async (req, res) => {
  await decide(deps, kit, req, res, 'approuvee', (id, version) =>
    deps.contracts.approveContract(id, version, kit.audit(res)),
  );
};

/** A rejection says why (the publisher reads it): a blank or too long reason is refused before the store is asked. */
export const rejectVersion: OperatorHandler = (deps, kit) => async (req, res) => {
  await decide(deps, kit, req, res, 'refusee', (id, version) => {
    const reason = formText(req, 'motif', maxReasonField) ?? '';
    if (reason === '') formInvalid('operator.contract.error.reasonRequired', 'Le refus demande un motif.');
    if (reason.length > maxRejectionReasonLength)
      formInvalid('operator.contract.error.reasonTooLong', `Le motif dépasse ${maxRejectionReasonLength} caractères.`);
    return deps.contracts.rejectContract(id, version, reason, kit.audit(res));
  });
};
