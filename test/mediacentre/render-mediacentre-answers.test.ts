/**
 * GAR's médiacentre JSON, rendered from resource descriptions: key order, defaults of the
 * optional fields, the /domaineGar link `/domaineGar` decodes back, and the ressourcesDiffusables shape.
 */
import assert from 'node:assert/strict';
import { mediacentreLink, renderDiffusableList, renderResourceList } from '../../src/mediacentre/index.js';
import type { ResourceDescription } from '../../src/subscriptions/index.js';

const distributor = '832020065_0000000000000000';
const base: ResourceDescription = {
  idRessource: 'ark:/46173/00001.p',
  typeIdRessource: 'ark',
  nomRessource: 'Manuel',
  editeur: { id: 'ed-1', nom: 'Éditions' },
  distributeurCom: { id: '552100554_0000000000000002', nom: 'Vendeur' },
  distributeurTech: { id: distributor, nom: 'Tech' },
  fournisseurService: 'https://sp.test/metadata',
  urlAccesRessource: 'https://sp.test/',
  typePresentation: { code: 'MAN', nom: 'manuels numériques' },
  niveauEducatif: [{ uri: 'http://data.education.fr/voc/scolomfr/concept/scolomfr-voc-022-num-018', nom: '6e' }],
  domaineEnseignement: [],
};
const context = {
  entId: 'B0',
  uai: '0561534N',
  brokerUrl: 'https://broker.test',
  sourceLabel: 'Accessible via le broker',
};

describe('médiacentre answers', () => {
  it("writes each resource key for key in GAR's order, lists empty when absent, idType upper case", () => {
    const [r] = renderResourceList([base], context).listeRessources.ressource;
    assert.deepEqual(r, {
      idRessource: base.idRessource,
      idType: 'ARK',
      nomRessource: 'Manuel',
      idEditeur: 'ed-1',
      nomEditeur: 'Éditions',
      urlVignette: '',
      typePresentation: { code: 'MAN', nom: 'manuels numériques' },
      typePedagogique: [],
      typologieDocument: [],
      niveauEducatif: base.niveauEducatif,
      domaineEnseignement: [],
      urlAccesRessource: mediacentreLink(context, base.idRessource),
      nomSourceEtiquetteGar: 'Accessible via le broker',
      distributeurTech: distributor,
      validateurTech: distributor,
    });
    assert.deepEqual(Object.keys(r as object), [
      'idRessource',
      'idType',
      'nomRessource',
      'idEditeur',
      'nomEditeur',
      'urlVignette',
      'typePresentation',
      'typePedagogique',
      'typologieDocument',
      'niveauEducatif',
      'domaineEnseignement',
      'urlAccesRessource',
      'nomSourceEtiquetteGar',
      'distributeurTech',
      'validateurTech',
    ]);
  });

  it('takes the optional fields when the description has them, and only uri and nom of each term', () => {
    const term = {
      uri: 'http://data.education.fr/voc/scolomfr/concept/lecture',
      nom: 'cours / présentation',
      extra: 'x',
    } as unknown as { uri: string; nom: string };
    const [r] = renderResourceList(
      [
        {
          ...base,
          urlVignette: 'https://img.test/v.png',
          typePedagogique: [term],
          typologieDocument: [term],
          validateurTech: '130006042_0000000106379136',
        },
      ],
      context,
    ).listeRessources.ressource;
    assert.equal(r?.urlVignette, 'https://img.test/v.png');
    assert.deepEqual(r?.typePedagogique, [{ uri: term.uri, nom: term.nom }]);
    assert.equal(r?.validateurTech, '130006042_0000000106379136');
  });

  it('builds the link /domaineGar decodes: base64 idENT and idEtab, percent-encoded idRessource', () => {
    const id = 'ark:/46173/a b&c=d?é';
    const url = new URL(mediacentreLink({ ...context, entId: 'Z0' }, id));
    assert.equal(`${url.origin}${url.pathname}`, 'https://broker.test/domaineGar');
    assert.equal(Buffer.from(url.searchParams.get('idENT') as string, 'base64').toString(), 'Z0');
    assert.equal(Buffer.from(url.searchParams.get('idEtab') as string, 'base64').toString(), context.uai);
    assert.equal(url.searchParams.get('idRessource'), id);
    assert.deepEqual([...url.searchParams.keys()], ['idENT', 'idEtab', 'idRessource']);
  });

  it("renders the catalogue as GAR's one-element ressourcesDiffusables array", () => {
    const at = new Date('2026-12-05T10:00:00Z');
    const list = renderDiffusableList(
      [
        { resource: base, contractApproved: true },
        { resource: { ...base, idRessource: 'ark:/46173/00002.p', affichable: false }, contractApproved: true },
        { resource: { ...base, idRessource: 'ark:/46173/00003.p' }, contractApproved: false },
        { resource: { ...base, idRessource: 'ark:/46173/00004.p', diffusable: false }, contractApproved: true },
      ],
      at,
    );
    assert.equal(list.length, 1);
    assert.equal(list[0].dateGeneration, at.toISOString());
    assert.deepEqual(list[0].ressourceDiffusable[0], {
      idRessource: base.idRessource,
      nomRessource: 'Manuel',
      idEditeur: 'ed-1',
      nomEditeur: 'Éditions',
      distributeursCom: [{ distributeurCom: '552100554_0000000000000002', nomDistributeurCom: 'Vendeur' }],
      distributeurTech: distributor,
      nomDistributeurTech: 'Tech',
      affichable: true,
      diffusable: true,
    });
    assert.deepEqual(
      list[0].ressourceDiffusable.map((r) => [r.affichable, r.diffusable]),
      [
        [true, true],
        [false, true],
        [true, false],
        [true, false],
      ],
    );
  });
});
