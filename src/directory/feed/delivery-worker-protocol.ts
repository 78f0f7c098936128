import type { FeedFileInfo } from './feed-records.js';
import type { Degree } from './feed-spec.js';

/** What a delivery-reading worker is given, and what it says back. */
export interface WorkerInput {
  readonly path: string;
  readonly entId: string;
  readonly shard: { readonly index: number; readonly count: number };
  readonly batchSize: number;
}

export type WorkerMessage =
  /** A ReadBatch as JSON text: JSON.parse rebuilds it faster than structured cloning does. */
  | { readonly type: 'items'; readonly shard: number; readonly batch: string; readonly progress: number }
  | {
      readonly type: 'end';
      readonly shard: number;
      readonly batch: string;
      readonly files: readonly FeedFileInfo[];
      readonly degree: Degree | null;
      readonly source: 'file' | 'folder' | 'archive';
    }
  | {
      readonly type: 'error';
      readonly code: string;
      readonly status: number;
      readonly message: string;
      readonly detail: string | null;
    }
  | { readonly type: 'crash'; readonly message: string };
