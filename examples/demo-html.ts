/**
 * The pages of the two demo apps: one small layout, escaped text everywhere, a stylesheet and
 * the auto-post script served by the app itself so that the Content-Security-Policy allows no
 * inline code. French first: these are the screens a newcomer clicks through.
 */
import type { Response } from 'express';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface PageInput {
  readonly site: 'ent' | 'publisher';
  readonly title: string;
  /** Already-escaped HTML. */
  readonly body: string;
  /** Already-escaped HTML shown at the right of the banner (who is logged in…). */
  readonly banner?: string;
}

export function renderPage(input: PageInput): string {
  const brand = input.site === 'ent' ? 'ENT Démo' : 'Éditions Démo';
  const role =
    input.site === 'ent'
      ? 'joue l’ENT (fournisseur d’identité)'
      : 'joue un éditeur de ressources (fournisseur de service)';
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)} · ${brand}</title><link rel="stylesheet" href="/demo.css"></head>
<body class="${input.site}"><header><strong>${brand}</strong><span>${input.banner ?? ''}</span></header>
<main><h1>${escapeHtml(input.title)}</h1>
${input.body}
</main><footer>Démonstration de gar-broker : ce site ${role} ; il ne fait pas partie du courtier.</footer></body></html>
`;
}

/** The HTTP-POST binding: a form the script submits at once (a button when scripts are off). */
export function renderAutoPost(
  site: PageInput['site'],
  action: string,
  fields: Readonly<Record<string, string>>,
): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return renderPage({
    site,
    title: 'Redirection…',
    body:
      `<form method="post" action="${escapeHtml(action)}" id="saml-post">${inputs}`
      + '<p>Transmission au courtier en cours.</p><button type="submit">Continuer</button></form>'
      + '<script src="/post.js"></script>',
  });
}

export const autoPostJs = "document.getElementById('saml-post').submit();\n";

export const demoCss = [
  'body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f6f6}',
  'header{display:flex;justify-content:space-between;align-items:center;padding:.8rem 1.5rem;color:#fff}',
  'body.ent header{background:#000091}body.publisher header{background:#18753c}',
  'main{max-width:60rem;margin:1.5rem auto;padding:0 1.5rem}'
    + 'footer{max-width:60rem;margin:2rem auto;padding:0 1.5rem;color:#666;font-size:.85rem}',
  'table{border-collapse:collapse;width:100%;background:#fff}'
    + 'th,td{border:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}',
  'th{background:#eee}td code{word-break:break-all}',
  '.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:1rem}',
  '.card{background:#fff;border:1px solid #ddd;border-radius:.4rem;padding:1rem}',
  '.card form{margin:0}'
    + 'button,.button{display:inline-block;background:#000091;color:#fff;border:0;border-radius:.3rem;'
    + 'padding:.5rem .9rem;font-size:1rem;text-decoration:none;cursor:pointer}',
  'body.publisher button,body.publisher .button{background:#18753c}'
    + 'header button{background:#fff;color:#000091;padding:.2rem .6rem;font-size:.9rem}',
  '.note{background:#e8edff;border-left:4px solid #000091;padding:.6rem 1rem}'
    + '.ok{background:#b8fec9;border-left:4px solid #18753c;padding:.6rem 1rem}',
  '.muted{color:#666;font-size:.9rem}.inline{display:inline}',
  '.error{background:#ffe9e9;border-left:4px solid #ce0500;padding:.6rem 1rem}'
    + '.vignette{max-width:100%;max-height:8rem;display:block;margin-bottom:.5rem}',
  'section.demo{margin-top:2rem;padding-top:1rem;border-top:2px dashed #bbb}section.demo .card{background:#fafafa}',
  '',
].join('\n');

/**
 * No inline code; never framed; images only over https (the médiacentre's thumbnails, from
 * publishers' sites). Browsers apply form-action to every hop of a form's redirect chain, so forms
 * go to the app itself and to `redirectsTo`, the origins its form routes redirect to (the demo ENT's
 * « Se déconnecter » answers with a redirect to the broker's SingleLogoutService); the auto-post
 * page's have no form-action: the broker's ACS answers with a redirect to the resource, which the
 * ENT cannot know.
 */
export function setPageHeaders(
  res: Response,
  forms: 'self' | 'anywhere' = 'self',
  redirectsTo: readonly string[] = [],
): void {
  const formAction = forms === 'self' ? ` form-action ${["'self'", ...redirectsTo].join(' ')};` : '';
  res.set(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'self'; script-src 'self'; img-src https:;${formAction}`
      + " frame-ancestors 'none'; base-uri 'none'",
  );
  res.set('Cache-Control', 'no-store');
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'same-origin');
}
