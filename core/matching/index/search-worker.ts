// A search thread (search-threads.ts): counts the terms of slices of documents while the index is
// built, then opens the shared index and ranks the enterprises it is given, exactly as the main thread
// would (rank.ts), answering with document numbers and reasons.
import { parentPort } from 'node:worker_threads';
import type { Query } from '../query.ts';
import { withRelatedFields } from '../related.ts';
import { analyzeSlice } from './analyze-docs.ts';
import { DocReader, type DocTableData } from './doc-table.ts';
import { openPoolIndex, type PoolIndex, type PoolIndexData } from './pool-index.ts';
import { searchIndexed } from './search.ts';

export type ThreadRequest =
  | { kind: 'analyze'; id: number; docs: DocTableData; from: number; to: number }
  | { kind: 'open'; id: number; data: PoolIndexData }
  | { kind: 'rank'; id: number; tasks: RankTask[] };

/** The top `k` for one enterprise's query (its related fields are found here: rank.ts does the same). */
export interface RankTask {
  query: Query;
  k: number;
}

let index: PoolIndex | undefined;

parentPort?.on('message', (request: ThreadRequest) => {
  try {
    if (request.kind === 'analyze') {
      const reader = new DocReader(request.docs);
      const { from, to } = request;
      const slice = analyzeSlice(to - from, (i) => reader.fields(from + i));
      // Moved, not copied: the thread's buffers become the main thread's.
      const arrays = [slice.entryCount, slice.entryTerm, slice.entryTf, slice.fieldLength];
      parentPort!.postMessage(
        { id: request.id, slice },
        arrays.map((a) => a.buffer as ArrayBuffer),
      );
    } else if (request.kind === 'open') {
      index = openPoolIndex(request.data);
      parentPort!.postMessage({ id: request.id });
    } else {
      if (!index) throw new Error('search thread: rank before open');
      const opened = index;
      const hits = request.tasks.map(
        (t) => searchIndexed(opened, withRelatedFields(opened, t.query), t.k).hits,
      );
      parentPort!.postMessage({ id: request.id, hits });
    }
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.stack : String(error) });
  }
});
