/**
 * The browser's part of a front-channel logout through the broker's page (`/logout/run/<id>`), as
 * a cookie-jar browser plays it: each frame's LogoutRequest goes to publisher A (node-saml), which
 * validates it and answers its LogoutResponse back at the broker; then the page's continuation.
 */
import assert from 'node:assert/strict';
import type { FlowBroker } from './flow-broker.js';
import { postedForm, type Hop, type TestBrowser } from './test-browser.js';

export interface FrontChannelLogout {
  /** The LogoutRequests publisher A validated, as node-saml reads them (nameID, sessionIndex…). */
  readonly told: Record<string, unknown>[];
  /** Where the page went on to. */
  readonly end: Hop;
}

/** `hop` is the broker's redirect to its logout page. */
export async function throughLogoutRun(flow: FlowBroker, browser: TestBrowser, hop: Hop): Promise<FrontChannelLogout> {
  assert.equal(hop.status, 302);
  assert.match(hop.location ?? '', /^\/logout\/run\/[A-Za-z0-9_-]{43}$/);
  const page = await browser.get(`${flow.broker.url}${hop.location as string}`);
  assert.equal(page.status, 200);
  assert.match(page.body, /Déconnexion en cours/);
  const told: Record<string, unknown>[] = [];
  for (const m of page.body.matchAll(/data-src="([^"]+)"/g)) {
    const frame = await browser.get(`${flow.broker.url}${m[1] as string}`);
    // node-saml's metadata declares its SingleLogoutService with the HTTP-POST binding.
    const form = postedForm(frame.body);
    assert.equal(form?.action, 'https://publisher-a.test/slo', frame.body.slice(0, 300));
    const { profile } = await flow.publisherA.saml.validatePostRequestAsync({
      SAMLRequest: form?.fields.SAMLRequest as string,
    });
    told.push(profile as unknown as Record<string, unknown>);
    const relayState = form?.fields.RelayState ?? '';
    const back = await flow.publisherA.saml.getLogoutResponseUrlAsync(profile as never, relayState, {}, true);
    const done = await browser.get(back);
    assert.equal(done.status, 200, done.body.slice(0, 300));
    assert.match(done.body, /data-logout-done/);
  }
  const doneUrl = /data-done="([^"]+)"/.exec(page.body)?.[1];
  return { told, end: await browser.get(`${flow.broker.url}${doneUrl ?? ''}`) };
}
