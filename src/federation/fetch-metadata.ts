/**
 * Fetches a partner's metadata from its URL: https only (plain http only to the local machine,
 * as for metadata endpoints), no redirect followed, a timeout, and a size cap enforced while the
 * body streams, so a hostile or broken server cannot make the broker hold more than the cap.
 */
import { fail } from '../core/fail.js';

export interface FetchMetadataOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export type MetadataFetcher = (url: string) => Promise<string>;

/** Throws ERR_METADATA_URL_INVALID before any request, ERR_METADATA_FETCH_FAILED or ERR_METADATA_FETCH_TOO_LARGE. */
export function checkMetadataUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fail('ERR_METADATA_URL_INVALID', 'Adresse de métadonnées invalide.', 'not a URL');
  }
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  if (
    (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local))
    || parsed.username !== ''
    || parsed.password !== ''
  ) {
    throw fail(
      'ERR_METADATA_URL_INVALID',
      'Les métadonnées se téléchargent en https:// (http:// seulement vers localhost).',
      parsed.protocol,
    );
  }
  return parsed;
}

export function createMetadataFetcher(options: FetchMetadataOptions): MetadataFetcher {
  return async (url) => {
    const target = checkMetadataUrl(url);
    let response: Response;
    try {
      response = await fetch(target, {
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
      });
    } catch (error) {
      throw fail(
        'ERR_METADATA_FETCH_FAILED',
        'Téléchargement des métadonnées impossible.',
        `${target.host}: ${error instanceof Error ? error.name : 'error'}`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw fail(
        'ERR_METADATA_FETCH_FAILED',
        `Téléchargement des métadonnées refusé (HTTP ${response.status}).`,
        `${target.host}: HTTP ${response.status}`,
      );
    }
    return readCapped(response, options.maxBytes, target.host);
  };
}

async function readCapped(response: Response, maxBytes: number, host: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw fail('ERR_METADATA_FETCH_TOO_LARGE', 'Métadonnées trop volumineuses.', `${host}: declared ${declared}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes)
        throw fail('ERR_METADATA_FETCH_TOO_LARGE', 'Métadonnées trop volumineuses.', `${host}: over ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'BrokerError') throw error;
    throw fail(
      'ERR_METADATA_FETCH_FAILED',
      'Téléchargement des métadonnées interrompu.',
      `${host}: ${error instanceof Error ? error.name : 'error'}`,
    );
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}
