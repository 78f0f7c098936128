/**
 * fetch for the calls to an ENT's OpenID Provider (discovery, JWKS, token, userinfo) that reads at
 * most `maxBytes` of an answer: openid-client and jose read bodies whole, so a misbehaving or
 * hostile provider could otherwise make the broker buffer an answer of any size. Counted as it
 * streams (a Content-Length cannot be trusted); beyond the limit the call fails like a network
 * error, and each caller turns that into its own code (ERR_OIDC_ENT_DISCOVERY, _UNREACHABLE…).
 */
export const maxProviderAnswerBytes = 256 * 1024;

/** openid-client's and jose's custom fetch shape: a URL and the request options they built. */
export type ProviderFetch = (url: string, init: object) => Promise<Response>;

export function boundedFetch(maxBytes = maxProviderAnswerBytes): ProviderFetch {
  return async (url, init) => {
    // Their options are fetch's RequestInit (a Uint8Array body is a valid BodyInit at run time).
    const response = await fetch(url, init as RequestInit);
    if (response.body === null) return response;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new TypeError(`the provider's answer exceeds ${maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
    return new Response(size === 0 && [204, 304].includes(response.status) ? null : Buffer.concat(chunks), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
