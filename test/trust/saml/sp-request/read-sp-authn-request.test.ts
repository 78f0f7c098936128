import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { rejectedCode } from '../../../support/thrown-code.js';
import {
  acsUrl,
  attackerKey,
  decodePost,
  encodePost,
  postForm,
  publisherSp,
  read,
  redirectQuery,
  spEntityId,
  spMetadata,
  ssoUrl,
} from './sp-request-fixtures.js';

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

function unsignedRequest(extra: string, instant = new Date()): string {
  return (
    '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'
    + ' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'
    + ` ID="_r1" Version="2.0" IssueInstant="${instant.toISOString()}" ${extra}>`
    + `<saml:Issuer>${spEntityId}</saml:Issuer></samlp:AuthnRequest>`
  );
}
const lenient = { requireSigned: false, metadata: { ...spMetadata, authnRequestsSigned: false } };

describe('trust/saml readSpAuthnRequest: node-saml requests', () => {
  it('accepts a signed HTTP-Redirect request, with foreign parameters in the query', async () => {
    const query = await redirectQuery(publisherSp(), 'relay/1');
    const request = await read({ binding: 'HTTP-Redirect', rawQuery: `idENT=QUJD&${query}` });
    assert.equal(request.issuer, spEntityId);
    assert.equal(request.acsUrl, acsUrl);
    assert.equal(request.binding, 'HTTP-Redirect');
    assert.equal(request.relayState, 'relay/1');
    assert.equal(request.forceAuthn, false);
    assert.equal(request.isPassive, false);
    assert.match(request.id, /^_/);
  });

  it('accepts a signed HTTP-POST request (read from the signed bytes)', async () => {
    const form = await postForm(publisherSp({ binding: 'HTTP-POST' }));
    const request = await read({ binding: 'HTTP-POST', samlRequest: form.samlRequest, relayState: form.relayState });
    assert.equal(request.acsUrl, acsUrl);
    assert.equal(request.binding, 'HTTP-POST');
    assert.equal(request.relayState, 'rs-1');
    const deflated = await postForm(publisherSp({ binding: 'HTTP-POST', deflatePost: true }));
    assert.equal((await read({ binding: 'HTTP-POST', samlRequest: deflated.samlRequest })).issuer, spEntityId);
  });

  it('accepts an unsigned request only when neither the broker nor the metadata requires a signature', async () => {
    const query = await redirectQuery(publisherSp({ signed: false }));
    assert.equal((await read({ binding: 'HTTP-Redirect', rawQuery: query }, lenient)).issuer, spEntityId);
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: query }, { requireSigned: false })),
      'ERR_SAML_REQUEST_UNSIGNED',
    );
  });

  it('resolves AssertionConsumerServiceIndex and the default ACS, HTTP-POST only', async () => {
    const byIndex = await read(
      { binding: 'HTTP-POST', samlRequest: encodePost(unsignedRequest('AssertionConsumerServiceIndex="1"')) },
      lenient,
    );
    assert.equal(byIndex.acsUrl, acsUrl);
    const byDefault = await read(
      { binding: 'HTTP-POST', samlRequest: encodePost(unsignedRequest('IsPassive="true" ForceAuthn="1"')) },
      lenient,
    );
    assert.equal(byDefault.acsUrl, acsUrl);
    assert.equal(byDefault.isPassive, true);
    assert.equal(byDefault.forceAuthn, true);
    const artifact = unsignedRequest('ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"');
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-POST', samlRequest: encodePost(artifact) }, lenient)),
      'ERR_SAML_REQUEST_ACS_UNKNOWN',
    );
    const badIndex = unsignedRequest('AssertionConsumerServiceIndex="7"');
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-POST', samlRequest: encodePost(badIndex) }, lenient)),
      'ERR_SAML_REQUEST_ACS_UNKNOWN',
    );
  });
});

describe('trust/saml readSpAuthnRequest: refusals', () => {
  it('unsigned-when-required (redirect)', async () => {
    const query = await redirectQuery(publisherSp({ signed: false }));
    assert.equal(await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: query })), 'ERR_SAML_REQUEST_UNSIGNED');
  });

  it('unsigned-when-required (post)', async () => {
    const form = await postForm(publisherSp({ binding: 'HTTP-POST', signed: false }));
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-POST', samlRequest: form.samlRequest })),
      'ERR_SAML_REQUEST_UNSIGNED',
    );
  });

  it('signature-stripped (redirect and post)', async () => {
    const query = (await redirectQuery(publisherSp())).replace(/&Signature=[^&]*/, '');
    assert.equal(await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: query })), 'ERR_SAML_REQUEST_UNSIGNED');
    const xml = decodePost((await postForm(publisherSp({ binding: 'HTTP-POST' }))).samlRequest);
    const stripped = xml.replace(/<(\w+:)?Signature[\s\S]*<\/(\w+:)?Signature>/, '');
    assert.notEqual(stripped, xml);
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-POST', samlRequest: encodePost(stripped) })),
      'ERR_SAML_REQUEST_UNSIGNED',
    );
  });

  it('post-wrapped: the signed request moved under Extensions of an evil root (two signatures)', async () => {
    const signed = decodePost((await postForm(publisherSp({ binding: 'HTTP-POST' }))).samlRequest).replace(
      /^<\?xml[^>]*\?>/,
      '',
    );
    const signature = /<(\w+:)?Signature[\s\S]*<\/(\w+:)?Signature>/.exec(signed)?.[0] ?? '';
    const id = /ID="([^"]+)"/.exec(signed)?.[1] ?? '';
    for (const evilId of ['_evil', id]) {
      const evil =
        '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'
        + ' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'
        + ` ID="${evilId}" Version="2.0" IssueInstant="${new Date().toISOString()}"`
        + ' AssertionConsumerServiceURL="https://evil.test/acs">'
        + `<saml:Issuer>${spEntityId}</saml:Issuer>${signature}`
        + `<samlp:Extensions><e:Wrap xmlns:e="urn:evil">${signed}</e:Wrap></samlp:Extensions>`
        + '</samlp:AuthnRequest>';
      const code = await rejectedCode(read({ binding: 'HTTP-POST', samlRequest: encodePost(evil) }));
      // Same ID twice is already schema-invalid (xs:ID); another ID fails the Reference check.
      assert.equal(code, evilId === id ? 'ERR_SAML_SCHEMA_INVALID' : 'ERR_XMLDSIG_REFERENCE');
    }
  });

  it('signed-by-untrusted-key (redirect and post)', async () => {
    const query = await redirectQuery(publisherSp({ key: attackerKey }));
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: query })),
      'ERR_SAML_REQUEST_SIGNATURE_INVALID',
    );
    const form = await postForm(publisherSp({ binding: 'HTTP-POST', key: attackerKey }));
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-POST', samlRequest: form.samlRequest })),
      'ERR_SAML_REQUEST_SIGNATURE_INVALID',
    );
    // An invalid signature is refused even when none is required.
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: query }, lenient)),
      'ERR_SAML_REQUEST_SIGNATURE_INVALID',
    );
  });

  it('unknown-sp', async () => {
    const query = await redirectQuery(publisherSp());
    const other = { ...spMetadata, entityId: 'https://other.test/sp' };
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: query }, { metadata: other })),
      'ERR_SAML_REQUEST_UNKNOWN_SP',
    );
  });

  it('acs-not-in-metadata', async () => {
    const query = await redirectQuery(publisherSp());
    const moved = {
      ...spMetadata,
      assertionConsumers: spMetadata.assertionConsumers.map((a) => ({
        ...a,
        location: 'https://publisher.test/other-acs',
      })),
    };
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: query }, { metadata: moved })),
      'ERR_SAML_REQUEST_ACS_UNKNOWN',
    );
  });

  it('wrong-destination', async () => {
    const query = await redirectQuery(publisherSp({ entryPoint: `${ssoUrl}/elsewhere` }));
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: query })),
      'ERR_SAML_REQUEST_DESTINATION',
    );
  });

  it('expired-issue-instant (too old, and from the future)', async () => {
    const query = await redirectQuery(publisherSp());
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: query }, { now: minutes(12) })),
      'ERR_SAML_REQUEST_EXPIRED',
    );
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: query }, { now: minutes(-2) })),
      'ERR_SAML_REQUEST_EXPIRED',
    );
    assert.equal((await read({ binding: 'HTTP-Redirect', rawQuery: query }, { now: minutes(10) })).issuer, spEntityId);
  });

  it('doctype', async () => {
    const xml = `<!DOCTYPE r [<!ENTITY e "x">]>${unsignedRequest('')}`;
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-POST', samlRequest: encodePost(xml) }, lenient)),
      'ERR_SAML_XML_DOCTYPE',
    );
  });

  it('deflate-bomb', async () => {
    const bomb = deflateRawSync(Buffer.alloc(40 * 1024 * 1024, 0x20)).toString('base64');
    const started = Date.now();
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: `SAMLRequest=${encodeURIComponent(bomb)}` })),
      'ERR_SAML_INFLATE',
    );
    assert.ok(Date.now() - started < 200);
  });

  it('relaystate-too-long (81 bytes; 80 pass)', async () => {
    const long = await redirectQuery(publisherSp(), `${'é'.repeat(40)}x`);
    assert.equal(await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: long })), 'ERR_SAML_REQUEST_RELAYSTATE');
    const form = await postForm(publisherSp({ binding: 'HTTP-POST' }));
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-POST', samlRequest: form.samlRequest, relayState: 'x'.repeat(81) })),
      'ERR_SAML_REQUEST_RELAYSTATE',
    );
    assert.equal(
      (await read({ binding: 'HTTP-Redirect', rawQuery: await redirectQuery(publisherSp(), 'é'.repeat(40)) }))
        .relayState,
      'é'.repeat(40),
    );
  });

  it('sha1 (redirect and post)', async () => {
    const query = await redirectQuery(publisherSp({ sha1: true }));
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-Redirect', rawQuery: query })),
      'ERR_SAML_REDIRECT_ALGORITHM',
    );
    const form = await postForm(publisherSp({ binding: 'HTTP-POST', sha1: true }));
    assert.equal(
      await rejectedCode(read({ binding: 'HTTP-POST', samlRequest: form.samlRequest })),
      'ERR_XMLDSIG_ALGORITHM',
    );
  });
});
