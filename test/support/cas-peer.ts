/**
 * A CAS client for the flow tests, written against the CAS protocol 3.0 text rather than the
 * broker's code: it reads `cas:serviceResponse` with a namespace-aware DOM parser (another
 * library than anything the broker uses to write it), reads the JSON form with JSON.parse, and
 * runs a local endpoint that receives the back-channel logout POSTs.
 */
import { createServer, type Server } from 'node:http';
import { DOMParser } from '@xmldom/xmldom';

type Element = NonNullable<ReturnType<DOMParser['parseFromString']>['documentElement']>;

const casNs = 'http://www.yale.edu/tp/cas';

export type CasAnswer =
  | {
      readonly kind: 'success';
      readonly user: string;
      readonly attributes: Readonly<Record<string, readonly string[]>>;
    }
  | { readonly kind: 'failure'; readonly code: string; readonly description: string };

export interface CasHttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly body: string;
  readonly answer: CasAnswer;
}

/** Parses the XML form; throws on anything that is not a well-formed `cas:serviceResponse`. */
export function readXmlAnswer(xml: string): CasAnswer {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: (level: string, message: unknown) => {
      if (level !== 'warning') errors.push(String(message));
    },
  }).parseFromString(xml, 'application/xml');
  const root = doc.documentElement;
  if (errors.length > 0 || root === null || root.namespaceURI !== casNs || root.localName !== 'serviceResponse')
    throw new Error(`not a CAS answer: ${errors.join('; ')}`);
  const children = elements(root);
  const first = children[0];
  if (children.length !== 1 || first === undefined) throw new Error('serviceResponse must hold exactly one element');
  if (first.localName === 'authenticationFailure')
    return { kind: 'failure', code: first.getAttribute('code') ?? '', description: (first.textContent ?? '').trim() };
  const [user, attributes, ...rest] = elements(first);
  if (
    first.localName !== 'authenticationSuccess'
    || user?.localName !== 'user'
    || attributes?.localName !== 'attributes'
    || rest.length > 0
  )
    throw new Error('unexpected success shape');
  const released: Record<string, string[]> = {};
  for (const a of elements(attributes)) {
    const name = a.localName as string;
    released[name] = [...(released[name] ?? []), a.textContent ?? ''];
  }
  return { kind: 'success', user: user.textContent ?? '', attributes: released };
}

/** Parses the JSON form (format=JSON). */
export function readJsonAnswer(body: string): CasAnswer {
  const { serviceResponse } = JSON.parse(body) as { serviceResponse: Record<string, Record<string, unknown>> };
  const failure = serviceResponse['authenticationFailure'];
  if (failure !== undefined)
    return { kind: 'failure', code: String(failure['code']), description: String(failure['description']) };
  const success = serviceResponse['authenticationSuccess'];
  if (success === undefined) throw new Error('neither success nor failure');
  return {
    kind: 'success',
    user: String(success['user']),
    attributes: success['attributes'] as Record<string, string[]>,
  };
}

function elements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1) {
      const element = node as Element;
      if (element.namespaceURI !== casNs) throw new Error(`element outside the CAS namespace: ${element.nodeName}`);
      out.push(element);
    }
  }
  return out;
}

/** The service's back end validating a ticket, as a CAS client library would (query built by hand). */
export async function validateTicket(
  base: string,
  query: Readonly<Record<string, string>>,
  options: { readonly path?: string; readonly json?: boolean } = {},
): Promise<CasHttpAnswer> {
  const params = new URLSearchParams(query);
  if (options.json === true) params.set('format', 'JSON');
  const response = await fetch(`${base}${options.path ?? '/cas/p3/serviceValidate'}?${params.toString()}`, {
    redirect: 'manual',
  });
  const body = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    cacheControl: response.headers.get('cache-control') ?? '',
    body,
    answer: options.json === true ? readJsonAnswer(body) : readXmlAnswer(body),
  };
}

/** The `ticket` parameter of the redirect back to the service. */
export function ticketOf(location: string | undefined): string {
  const ticket = new URL(location ?? 'about:blank').searchParams.get('ticket');
  if (ticket === null) throw new Error(`no ticket in ${location ?? '(none)'}`);
  return ticket;
}

export interface LogoutReceiver {
  readonly url: string;
  /** The `logoutRequest` fields received, in order. */
  readonly received: string[];
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A service's logout endpoint on 127.0.0.1: records each form POST's `logoutRequest` field. */
export async function logoutReceiver(): Promise<LogoutReceiver> {
  const received: string[] = [];
  const waiters: { count: number; done: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      if (
        req.method === 'POST'
        && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
      ) {
        received.push(new URLSearchParams(body).get('logoutRequest') ?? '');
      }
      res.writeHead(200).end();
      for (const w of waiters.filter((x) => received.length >= x.count)) w.done();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/slo`,
    received,
    waitFor: (count) =>
      received.length >= count ? Promise.resolve() : new Promise((done) => waiters.push({ count, done })),
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** The SessionIndex of a back-channel LogoutRequest, read with the DOM parser. */
export function sessionIndexOf(logoutRequest: string): {
  readonly sessionIndex: string;
  readonly nameId: string;
  readonly root: string;
} {
  const doc = new DOMParser().parseFromString(logoutRequest, 'application/xml');
  const root = doc.documentElement;
  const protocol = 'urn:oasis:names:tc:SAML:2.0:protocol';
  const index = root?.getElementsByTagNameNS(protocol, 'SessionIndex')[0];
  const nameId = root?.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'NameID')[0];
  return {
    sessionIndex: index?.textContent ?? '',
    nameId: nameId?.textContent ?? '',
    root: `${root?.namespaceURI ?? ''}#${root?.localName ?? ''}`,
  };
}
