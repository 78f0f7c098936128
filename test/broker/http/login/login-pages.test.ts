import assert from 'node:assert/strict';
import { pageLanguage } from '../../../../src/broker/http/login/html.js';
import {
  renderAutoPostPage,
  renderDiscoveryPage,
  renderErrorPage,
} from '../../../../src/broker/http/login/login-pages.js';

describe('http: login pages', () => {
  it('escapes what they show (an attacker-chosen RelayState cannot inject markup)', () => {
    const html = renderAutoPostPage('https://sp.test/acs', {
      SAMLResponse: 'PHg+',
      RelayState: '"><script>alert(1)</script>',
    });
    assert.ok(!html.includes('<script>alert'));
    assert.match(html, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });

  it('shows a French error with its correlation id, and never a 5xx message', () => {
    const denied = renderErrorPage({
      lang: 'fr',
      status: 403,
      code: 'ERR_LOGIN_NOT_ENTITLED',
      message: 'La ressource « X » ne vous est pas affectée.',
      correlationId: 'c-123',
    });
    assert.match(denied, /<html lang="fr">/);
    assert.match(denied, /Accès refusé/);
    assert.match(denied, /ne vous est pas affectée/);
    assert.match(denied, /c-123/);
    const internal = renderErrorPage({
      lang: 'fr',
      status: 500,
      code: 'ERR_HTTP_INTERNAL',
      message: 'secret detail',
      correlationId: 'c-9',
    });
    assert.ok(!internal.includes('secret detail'));
  });

  it('speaks English when the browser prefers it, French otherwise', () => {
    assert.equal(pageLanguage('en-GB,en;q=0.9', undefined), 'en');
    assert.equal(pageLanguage('fr-FR,en;q=0.5', undefined), 'fr');
    assert.equal(pageLanguage(undefined, undefined), 'fr');
    assert.equal(pageLanguage('fr', 'en'), 'en');
    const english = renderErrorPage({
      lang: 'en',
      status: 403,
      code: 'ERR_LOGIN_NOT_ENTITLED',
      message: 'fr',
      correlationId: 'c',
    });
    assert.match(english, /Access refused/);
  });

  it('lists the ENTs of the discovery page as links or re-posting forms, each with a label', () => {
    const html = renderDiscoveryPage('fr', [
      { entId: 'Z0', href: '/saml/idp/sso?a=1&idENT=Z0' },
      { entId: 'Y1', fields: { SAMLRequest: 'x', idENT: 'Y1' } },
    ]);
    assert.match(html, /Choisissez votre ENT/);
    assert.match(html, /<a href="\/saml\/idp\/sso\?a=1&amp;idENT=Z0">ENT Z0<\/a>/);
    assert.match(html, /<button type="submit">ENT Y1<\/button>/);
  });
});
