/**
 * The demo ENT's client of the broker's médiacentre web service (gar-reference §6), as a real
 * ENT's server calls GAR's: `GET {base}/ressources/{idENT}/{UAI}/{GARPersonIdentifiant}` over
 * HTTPS with the ENT's TLS client certificate, trusting only the web-services listener's own
 * certificate (self-signed in the demo). Never throws: whatever goes wrong comes back as an
 * error with a code, so the médiacentre page can say so and the demo keeps working.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import type { DemoClientCertificate } from '../demo-ent-certificate.js';
import { definedFields } from '../../src/core/defined-fields.js';

export interface DemoMediacentreService {
  /** The web service's base URL (`…/ws/mediacentre`). */
  readonly url: string;
  /** PEM file of the web-services listener's certificate: the one server certificate trusted. */
  readonly caFile: string;
  readonly client: DemoClientCertificate;
}

export interface ListedResource {
  readonly idRessource: string;
  readonly nomRessource: string;
  /** Absent when the answer has none (GAR sends an empty string) or not an http(s) URL. */
  readonly urlVignette?: string;
  readonly typePresentation: { readonly code: string; readonly nom: string };
  /** The broker's `/domaineGar` link, as given; absent when not an http(s) URL. */
  readonly urlAccesRessource?: string;
}

export type MediacentreAnswer =
  | { readonly kind: 'list'; readonly resources: readonly ListedResource[] }
  /** `message`: the broker's own (French) message, when it answered GAR's `Erreur`. */
  | { readonly kind: 'error'; readonly code: string; readonly message?: string };

export interface MediacentreQuestion {
  readonly entId: string;
  readonly uai: string;
  readonly personId: string;
}

const timeoutMs = 5000;
const maxBodyBytes = 1 << 20;

export async function askMediacentre(
  service: DemoMediacentreService,
  who: MediacentreQuestion,
): Promise<MediacentreAnswer> {
  const path = [who.entId, who.uai, who.personId].map(encodeURIComponent).join('/');
  try {
    const ca = await readFile(service.caFile, 'utf8');
    const answer = await httpsGet(`${service.url}/ressources/${path}`, {
      ca,
      cert: service.client.certPem,
      key: service.client.keyPem,
    });
    return readAnswer(answer.status, answer.text);
  } catch (error) {
    // Network and TLS failures carry Node's code (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT…).
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'error', code: typeof code === 'string' ? code : 'ERR_DEMO_MEDIACENTRE_UNREACHABLE' };
  }
}

function httpsGet(
  url: string,
  tls: { ca: string; cert: string; key: string },
): Promise<{ status: number; text: string }> {
  return new Promise((done, failed) => {
    const req = request(
      url,
      { method: 'GET', headers: { accept: 'application/json' }, agent: false, timeout: timeoutMs, ...tls },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes)
            req.destroy(Object.assign(new Error('answer too large'), { code: 'ERR_DEMO_MEDIACENTRE_TOO_LARGE' }));
          else chunks.push(chunk);
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', failed);
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('no answer in time'), { code: 'ERR_DEMO_MEDIACENTRE_TIMEOUT' })),
    );
    req.on('error', failed);
    req.end();
  });
}

const invalid = (status: number): MediacentreAnswer => ({
  kind: 'error',
  code: 'ERR_DEMO_MEDIACENTRE_ANSWER_INVALID',
  message: `Réponse illisible (HTTP ${status}).`,
});

/** GAR's `listeRessources` on 200, GAR's `Erreur` otherwise; anything else is unreadable. */
export function readAnswer(status: number, text: string): MediacentreAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return invalid(status);
  }
  const erreur = field(body, 'Erreur');
  if (typeof field(erreur, 'Code') === 'string') {
    const message = field(erreur, 'Message');
    return {
      kind: 'error',
      code: field(erreur, 'Code') as string,
      ...(typeof message === 'string' ? { message: message.slice(0, 300) } : {}),
    };
  }
  const list = field(field(body, 'listeRessources'), 'ressource');
  if (status !== 200 || !Array.isArray(list)) return invalid(status);
  const resources = list.map(listedResource);
  return resources.every((r) => r !== undefined)
    ? { kind: 'list', resources: resources as ListedResource[] }
    : invalid(status);
}

function listedResource(item: unknown): ListedResource | undefined {
  const idRessource = field(item, 'idRessource');
  const nomRessource = field(item, 'nomRessource');
  if (typeof idRessource !== 'string' || typeof nomRessource !== 'string') return undefined;
  const presentation = field(item, 'typePresentation');
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const vignette = webUrl(field(item, 'urlVignette'));
  const access = webUrl(field(item, 'urlAccesRessource'));
  return {
    idRessource,
    nomRessource,
    typePresentation: { code: text(field(presentation, 'code')), nom: text(field(presentation, 'nom')) },
    ...definedFields({ urlVignette: vignette, urlAccesRessource: access }),
  };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

/** Only http(s) URLs reach an `href` or a `src`: the answer is data from another server. */
function webUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : undefined;
  } catch {
    return undefined;
  }
}
