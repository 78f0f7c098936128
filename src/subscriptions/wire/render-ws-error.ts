/**
 * The error answer of the subscription web service. gar-reference §5 says only "errors are XML
 * with `Code` and `Message`"; the root `<Erreur>` without namespace is assumed (architecture.md
 * names it "GAR XML `Erreur`"). The HTTP status carries the class of fault; `Code` carries our
 * stable ERR_WS_* code, `Message` the public French message.
 */
import { escapeXml } from '../../core/escape-xml.js';

/** An error answer must never fail itself: a character XML cannot carry becomes U+FFFD. */
const lenient = { unrepresentable: 'replace' } as const;

export function renderWsError(code: string, message: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + `<Erreur><Code>${escapeXml(code, lenient)}</Code><Message>${escapeXml(message, lenient)}</Message></Erreur>\n`
  );
}
