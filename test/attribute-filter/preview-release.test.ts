import assert from 'node:assert/strict';
import { previewRelease, type ReleaseContext } from '../../src/attribute-filter/index.js';
import { thrownCode } from '../support/thrown-code.js';
import { approved, resourceId } from './contract-builders.js';

const context: ReleaseContext = { ido: 'cd'.repeat(64), uai: '0561534N', profile: 'National_elv' };
const resolved = { NOM: ['Dupont'], PRE: ['Léa'], CIV: ['Mme'], DIV: ['6A##6e A', '6B##6e B'] };

describe('previewRelease', () => {
  it('lists what is sent, what the contract asks but the user lacks, and what is known but withheld', () => {
    const text = previewRelease({
      idRessource: resourceId,
      resolved,
      contract: approved(['NOM', 'DIV', 'P_MEL'], 2),
      context,
    });
    assert.equal(
      text,
      [
        `Ressource ${resourceId} — contrat version 2 (approuvé)`,
        'Transmis :',
        `  IDO (identifiant opaque de l’utilisateur (pseudonyme, 128 caractères hexadécimaux)) : « ${context.ido} »`,
        '  UAI (établissement de cet accès (UAI)) : « 0561534N »',
        '  PRO (profil national (National_elv, National_ens…)) : « National_elv »',
        '  NOM (nom de famille) : « Dupont »',
        '  DIV (classes : celle de l’élève, celles où l’enseignant enseigne (code##libellé)) : '
          + '« 6A##6e A », « 6B##6e B »',
        'Demandés par le contrat, absents pour cet utilisateur :',
        '  P_MEL (courriel professionnel (personnels))',
        'Connus mais non transmis (hors contrat) :',
        '  PRE (prénom)',
        '  CIV (civilité (M. ou Mme))',
        '',
      ].join('\n'),
    );
  });

  it('says that nothing is sent without an approved contract, and shows no value', () => {
    const text = previewRelease({ idRessource: resourceId, resolved, contract: undefined, context });
    assert.match(text, /aucun contrat approuvé/);
    assert.doesNotMatch(text, /Dupont|0561534N|cdcd/);
  });

  it('omits the empty sections', () => {
    const text = previewRelease({
      idRessource: resourceId,
      resolved: { NOM: ['Dupont'] },
      contract: approved(['NOM']),
      context,
    });
    assert.doesNotMatch(text, /absents|non transmis/);
  });

  it('fails like the filter on a bad context', () => {
    assert.equal(
      thrownCode(() =>
        previewRelease({ idRessource: resourceId, resolved, contract: undefined, context: { ...context, ido: 'x' } }),
      ),
      'ERR_RELEASE_CONTEXT_INVALID',
    );
  });
});
