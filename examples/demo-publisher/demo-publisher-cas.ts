/**
 * The demo publisher as a CAS 3 service of the broker (CAS protocol 3.0): the resource page is
 * the service URL, registered exactly at the broker. Without a ticket it sends the browser to
 * `/cas/login?service=<this page>`; with one, its back end validates the ticket at
 * `/cas/p3/serviceValidate` (same service URL) and reads `cas:serviceResponse` with a
 * namespace-aware DOM parser: `cas:user` and the `cas:attributes`, one element per value.
 */
import { DOMParser } from '@xmldom/xmldom';

export interface CasVerifiedAnswer {
  /** `cas:user`: the IDO. */
  readonly user: string;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

export interface DemoPublisherCas {
  loginUrl(serviceUrl: string): string;
  /** Throws on a failure answer (its CAS code in the message) or anything that is not a CAS answer. */
  validate(serviceUrl: string, ticket: string): Promise<CasVerifiedAnswer>;
}

const casNs = 'http://www.yale.edu/tp/cas';

type Element = NonNullable<ReturnType<DOMParser['parseFromString']>['documentElement']>;

export function createDemoPublisherCas(brokerUrl: string): DemoPublisherCas {
  return {
    loginUrl: (serviceUrl) => `${brokerUrl}/cas/login?service=${encodeURIComponent(serviceUrl)}`,
    async validate(serviceUrl, ticket) {
      const query = new URLSearchParams({ service: serviceUrl, ticket });
      const response = await fetch(`${brokerUrl}/cas/p3/serviceValidate?${query.toString()}`, { redirect: 'error' });
      if (!response.ok) throw new Error(`serviceValidate: HTTP ${response.status}`);
      return readServiceResponse(await response.text());
    },
  };
}

function readServiceResponse(xml: string): CasVerifiedAnswer {
  const problems: string[] = [];
  const doc = new DOMParser({
    errorHandler: (level: string, message: unknown) => {
      if (level !== 'warning') problems.push(String(message));
    },
  }).parseFromString(xml, 'application/xml');
  const root = doc.documentElement;
  if (problems.length > 0 || root === null || root.namespaceURI !== casNs || root.localName !== 'serviceResponse')
    throw new Error('not a cas:serviceResponse');
  const [outcome] = casChildren(root);
  if (outcome?.localName === 'authenticationFailure') throw new Error(`CAS ${outcome.getAttribute('code') ?? '?'}`);
  if (outcome?.localName !== 'authenticationSuccess') throw new Error('neither success nor failure');
  const children = casChildren(outcome);
  const user = children.find((c) => c.localName === 'user')?.textContent ?? '';
  if (user === '') throw new Error('no cas:user');
  const attributes: Record<string, string[]> = {};
  const holder = children.find((c) => c.localName === 'attributes');
  for (const a of holder === undefined ? [] : casChildren(holder)) {
    const name = a.localName as string;
    attributes[name] = [...(attributes[name] ?? []), a.textContent ?? ''];
  }
  return { user, attributes };
}

function casChildren(parent: Element): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === casNs) out.push(node as Element);
  }
  return out;
}
