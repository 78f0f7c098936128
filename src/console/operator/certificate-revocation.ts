/**
 * Revoking a partner's certificate (a distributor's or an ENT project's): a confirmation page,
 * then the POST. The certificate store revokes and audits in one transaction; from then on the
 * certificate no longer authenticates on the partner web services.
 */
import type { Request } from 'express';
import { fail } from '../../core/fail.js';
import type { PartnerCertificateRecord } from '../../trust/index.js';
import type { OperatorHandler, OperatorPagesDeps } from './operator-deps.js';
import { queryText, routeParam } from './operator-form.js';
import { entPath, revokePath, sectionPath } from './operator-paths.js';
import { renderOperatorPage, translator } from './operator-render.js';
import { certificateRow } from './partner-rows.js';

async function certificateOf(deps: OperatorPagesDeps, req: Request): Promise<PartnerCertificateRecord> {
  const fingerprint = routeParam(req, 'fingerprint');
  const found = /^[0-9a-f]{64}$/.test(fingerprint) ? await deps.certificates.findCertificate(fingerprint) : undefined;
  if (found === undefined) throw fail('ERR_HTTP_NOT_FOUND', 'Certificat inconnu.');
  return found;
}

/** Where the certificate's partner is shown. */
const partnerPage = (c: PartnerCertificateRecord): string =>
  c.partnerKind === 'ent' ? entPath(c.partnerId) : sectionPath('partners');

export const confirmRevocation: OperatorHandler = (deps, kit) => async (req, res) => {
  const certificate = await certificateOf(deps, req);
  const t = translator(res);
  renderOperatorPage(kit, res, 'operator-revoke', certificate.partnerKind === 'ent' ? 'ents' : 'partners', {
    title: t('operator.revoke.title'),
    certificate: certificateRow(certificate, kit.clock.now()),
    partner: t(`operator.revoke.partner.${certificate.partnerKind}`, { id: certificate.partnerId }),
    back: partnerPage(certificate),
    action: revokePath(certificate.fingerprint),
    notice: queryText(req, 'fait', 10) === 'revoque' ? t('operator.revoke.done') : undefined,
  });
};

/** Already revoked: nothing changes, and the page says it is revoked. */
export const revokeCertificate: OperatorHandler = (deps, kit) => async (req, res) => {
  const certificate = await certificateOf(deps, req);
  const audit = kit.audit(res);
  await deps.certificates.revokeCertificate(certificate.fingerprint, audit.at, audit.actor);
  res.redirect(303, `${revokePath(certificate.fingerprint)}?fait=revoque`);
};
