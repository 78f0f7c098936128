import { definedFields } from '../../src/core/defined-fields.js';
/**
 * A browser for flow tests: a cookie jar (name → value; Max-Age=0 deletes), no automatic
 * redirects, so each hop of a login is visible and asserted.
 */
export interface Hop {
  readonly status: number;
  readonly location?: string;
  readonly body: string;
  readonly setCookies: readonly string[];
}

export class TestBrowser {
  readonly cookies = new Map<string, string>();

  async get(url: string): Promise<Hop> {
    return this.send(url, { method: 'GET' });
  }

  async post(url: string, fields: Record<string, string>): Promise<Hop> {
    return this.send(url, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  private async send(
    url: string,
    init: { method: string; body?: string; headers?: Record<string, string> },
  ): Promise<Hop> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, ...(cookie === '' ? {} : { cookie }) },
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const eq = (pair ?? '').indexOf('=');
      const name = (pair ?? '').slice(0, eq).trim();
      const value = (pair ?? '').slice(eq + 1).trim();
      if (attributes.some((a) => a.trim().toLowerCase() === 'max-age=0') || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, body: await response.text(), setCookies, ...definedFields({ location }) };
  }
}

/** The action and fields of an auto-posting form (the HTTP-POST binding page). */
export function postedForm(html: string): { action: string; fields: Record<string, string> } | undefined {
  const form = /<form method="post" action="([^"]+)" id="saml-post">([\s\S]*?)<\/form>/.exec(html);
  if (form === null) return undefined;
  const decodeEntities = (s: string): string =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const fields: Record<string, string> = {};
  for (const m of (form[2] as string).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[decodeEntities(m[1] as string)] = decodeEntities(m[2] as string);
  return { action: decodeEntities(form[1] as string), fields };
}
