/** HTML escaping for the few server-rendered login pages (text and attribute values alike). */
const replacements: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => replacements[c] as string);
}

export type PageLanguage = 'fr' | 'en';

/** French first; English when the browser prefers it (its first Accept-Language tag) or `?lang=en`. */
export function pageLanguage(acceptLanguage: string | undefined, explicit: unknown): PageLanguage {
  if (explicit === 'en' || explicit === 'fr') return explicit;
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'fr';
}

const style = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;'
    + 'margin:0;padding:1rem;color:#161616;background:#fff;line-height:1.5}',
  'main{max-width:40rem;margin:0 auto}h1{font-size:1.5rem;color:#000091}',
  'a,button{font-size:1rem}a{color:#000091}button{background:#000091;color:#fff;'
    + 'border:0;padding:.75rem 1.25rem;border-radius:.25rem;cursor:pointer;min-height:44px}',
  'button:focus,a:focus{outline:3px solid #0a76f6;outline-offset:2px}ul{padding-left:1.2rem}li{margin:.5rem 0}',
  '.ref{color:#3a3a3a;font-size:.9rem}',
].join('');

/** The page frame: language, viewport for phones, readable contrast, no external resource. */
export function page(lang: PageLanguage, title: string, body: string, extraHead = ''): string {
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">`
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + `<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/saml/assets/login.css">${extraHead}</head>`
    + `<body><main>${body}</main></body></html>`
  );
}

export const loginCss = style;
