/**
 * Chains a document's record producers in the order feed-spec.ts lists its record elements, so
 * the spec, not the generator, decides what a document holds and in which order. A producer for
 * an element the degree does not allow is simply never called.
 */
import { fail } from '../../core/fail.js';
import { feedSpec, type Degree, type DocumentKind, type RecordElement } from '../feed/feed-spec.js';
import type { FeedRecordOut, RecordValues } from './feed-document-renderer.js';

export type RecordProducers = Partial<Record<RecordElement, () => Iterable<RecordValues>>>;

export function* recordsInSpecOrder(
  degree: Degree,
  kind: DocumentKind,
  producers: RecordProducers,
): Generator<FeedRecordOut> {
  for (const element of Object.keys(feedSpec[degree][kind]) as RecordElement[]) {
    const produce = producers[element];
    if (!produce) throw fail('ERR_FEED_RECORD_UNKNOWN', `no generator for ${element} in ${degree} ${kind}`);
    for (const values of produce()) yield { element, values };
  }
}
