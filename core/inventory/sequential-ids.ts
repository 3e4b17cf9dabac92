// Ids for the patents an import creates, in increasing order (the layout of a UUIDv7: time first,
// then a counter): a random UUID lands anywhere in the primary-key index and in the inventors' key
// that starts with it, an increasing one at the end, which makes a 100 000-row import's inserts a
// third cheaper (bench/import). The time is the import's clock; the last 48 bits are random per
// import, so that two imports in the same millisecond never collide.
import { randomBytes } from 'node:crypto';

export function sequentialIds(now: Date): () => string {
  const time = Math.max(0, now.getTime()).toString(16).padStart(12, '0').slice(-12);
  const node = randomBytes(6).toString('hex');
  let counter = 0;
  return () => {
    const c = counter++;
    if (c >= 2 ** 26) throw new RangeError('more than 67 million ids in one import');
    const high = (c >>> 14).toString(16).padStart(3, '0');
    const low = (0x8000 | (c & 0x3fff)).toString(16);
    return `${time.slice(0, 8)}-${time.slice(8)}-7${high}-${low}-${node}`;
  };
}
