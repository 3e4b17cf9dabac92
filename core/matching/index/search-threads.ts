// Matching at a province's scale uses every core: worker threads count terms while the index is built
// (each a slice of the pool) and then rank enterprises, each reading the one index the main thread
// packed on SharedArrayBuffers (pool-index.ts) — no copy per thread. Enterprises are handed out in
// batches to whichever thread is free; the results are the ones the main thread would compute (rank.ts
// is the same code), in the enterprises' order.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Scored } from '../explain.ts';
import { type AnalyzedSlice, analyzeSlice } from './analyze-docs.ts';
import { DocReader } from './doc-table.ts';
import {
  assemblePoolIndex,
  type PoolIndex,
  type PoolPatent,
  type PoolSkeleton,
  poolSkeleton,
} from './pool-index.ts';
import type { RankTask, ThreadRequest } from './search-worker.ts';

export type { RankTask } from './search-worker.ts';

/** Threads for a machine: one per core (the main thread mostly waits meanwhile). */
export const defaultThreads = (): number => Math.max(1, Math.min(8, availableParallelism()));

/** Enterprises per message: big enough to make messaging negligible, small enough to balance the load. */
const BATCH = 64;

type Request = ThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

class SearchThread {
  private next = 0;
  private pending = new Map<number, Pending>();
  constructor(private readonly worker: Worker) {
    worker.on('message', (m: { id: number; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(new Error(m.error));
      else p.resolve(m);
    });
    const fail = (error: Error) => {
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`search thread exited with code ${code}`)));
  }
  ask<T>(request: Request): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...request, id });
    });
  }
  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

/**
 * The worker's module: compiled JavaScript in production; TypeScript through tsx in development. A
 * small young generation: a thread's garbage is short-lived strings, and its heap is the memory a
 * province-sized run is short of.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  const resourceLimits = { maxYoungGenerationSizeMb: 8 };
  if (!here.endsWith('.ts')) return new Worker(new URL('./search-worker.js', here), { resourceLimits });
  const target = new URL('./search-worker.ts', here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(target)}); })`,
    { eval: true, resourceLimits },
  );
}

const startThreads = (count: number) => Array.from({ length: count }, () => new SearchThread(startWorker()));

export class SearchThreads {
  private constructor(private readonly threads: SearchThread[]) {}

  /**
   * Threads searching `index` (built on this thread or by buildIndexOnThreads): each opens the shared
   * arrays, none copies them.
   */
  static async open(index: PoolIndex, count = defaultThreads()): Promise<SearchThreads> {
    const threads = startThreads(Math.max(1, count));
    try {
      await Promise.all(threads.map((t) => t.ask({ kind: 'open', data: index.data })));
    } catch (error) {
      await Promise.all(threads.map((t) => t.close()));
      throw error;
    }
    return new SearchThreads(threads);
  }

  /**
   * Each task's top k, best first, handed to `take` as it arrives (in no particular order: a run keeps
   * only what it pushes, not 20 scored patents with reasons for each of 10 000 enterprises). Tasks are
   * made batch by batch, as threads ask for work.
   */
  async rank(
    count: number,
    task: (i: number) => RankTask,
    take: (i: number, hits: Scored[]) => void,
  ): Promise<void> {
    let nextBatch = 0;
    const work = async (thread: SearchThread) => {
      while (nextBatch < count) {
        const from = nextBatch;
        nextBatch = Math.min(count, from + BATCH);
        const tasks = Array.from({ length: nextBatch - from }, (_, i) => task(from + i));
        const { hits } = await thread.ask<{ hits: Scored[][] }>({ kind: 'rank', tasks });
        hits.forEach((h, i) => {
          take(from + i, h);
        });
      }
    };
    await Promise.all(this.threads.map(work));
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}

/**
 * A full collection where the process allows one (`--expose-gc`: npm run worker, worker:prod): the pool
 * handed over and the counting's garbage are hundreds of MB that V8, left alone, keeps while the search
 * threads start beside it — at 200 000 patents the difference between a peak of 0.9 and 1.15 GB.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * The pool's index, its term counting spread over `count` threads: this one and `count` − 1 workers,
 * which read the texts from the shared document table and end with the counting (their heaps —
 * segmentation's dictionary and garbage — go with them; searching needs neither). This thread counts
 * its own slice meanwhile, which also lets it collect the patents it was handed. Not async itself: pass
 * the patents without keeping them, and nothing here holds them while the threads count.
 */
export function buildIndexOnThreads(
  patents: readonly PoolPatent[],
  count = defaultThreads(),
): Promise<PoolIndex> {
  return assembleOnThreads(poolSkeleton(patents), count);
}

async function assembleOnThreads(skeleton: PoolSkeleton, count: number): Promise<PoolIndex> {
  const workers = startThreads(Math.max(1, count) - 1);
  try {
    const n = skeleton.ids.length;
    const parts = workers.length + 1;
    const per = Math.ceil(n / parts);
    const range = (i: number) => [Math.min(n, i * per), Math.min(n, (i + 1) * per)] as const;
    const docs = skeleton.docs;
    const counted = workers.map(async (thread, i) => {
      const [from, to] = range(i);
      const { slice } = await thread.ask<{ slice: AnalyzedSlice }>({ kind: 'analyze', docs, from, to });
      return slice;
    });
    const [from, to] = range(workers.length);
    const reader = new DocReader(docs);
    const own = analyzeSlice(to - from, (i) => reader.fields(from + i));
    const index = assemblePoolIndex(skeleton, [...(await Promise.all(counted)), own]);
    collectGarbage();
    return index;
  } finally {
    await Promise.all(workers.map((t) => t.close()));
  }
}
