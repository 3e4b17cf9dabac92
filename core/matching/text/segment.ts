// Segmentation shared by the index and the profiles. Text (already normalised) is cut by jieba into
// words; stop words and punctuation split it into chunks (runs of contiguous content words). Terms of a
// chunk: CJK character bigrams (robust to jieba cutting a compound differently on the two sides), CJK
// words of three or more characters (a phrase-level signal on top of the bigrams), and Latin words whole
// (so "ai" never matches inside "chain"). Every term is a substring of the text it came from, which is
// what lets a reason quote it truthfully.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normalizeText } from './normalize.ts';
import { STOPWORDS } from './stopwords.ts';

let jieba: Jieba | undefined;
/** Loading the dictionary takes ~80 ms: once per process, on first use. */
const cutter = () => {
  jieba ??= Jieba.withDict(dict);
  return jieba;
};

const CJK = /^[\u3400-\u9fff\uf900-\ufaff]+$/u;
const LATIN = /^[a-z0-9][a-z0-9+#.-]*$/;

export interface Chunk {
  /** The chunk as it stands in the normalised text (contiguous). */
  text: string;
  terms: string[];
}

/** Chunks of normalised text, in order. */
export function chunks(normalized: string): Chunk[] {
  const out: Chunk[] = [];
  let words: string[] = [];
  const flush = () => {
    if (words.length > 0) out.push(chunkOf(words));
    words = [];
  };
  for (const token of cutter().cut(normalized, false)) {
    const w = token.trim();
    // Spaces separate Latin words of one phrase ("thermal management"); they end nothing.
    if (w === '' && token !== '' && /^[ \t]+$/.test(token)) continue;
    if (w === '' || STOPWORDS.has(w) || /^\d+$/.test(w) || !(CJK.test(w) || LATIN.test(w))) {
      flush();
      continue;
    }
    // A Latin word next to CJK is its own chunk: "led驱动" keeps "led" whole and bigrams "驱动".
    if (words.length > 0 && CJK.test(w) !== CJK.test(words[words.length - 1]!)) flush();
    words.push(w);
  }
  flush();
  return out;
}

function chunkOf(words: string[]): Chunk {
  const text = words.join(CJK.test(words[0]!) ? '' : ' ');
  const terms: string[] = [];
  if (CJK.test(words[0]!)) {
    const chars = [...text];
    for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
    for (const w of words) if ([...w].length >= 3) terms.push(w);
    // A lone content character (热, 锂) carries meaning only with its neighbours: no term of its own.
  } else {
    for (const w of words) if (w.length >= 2) terms.push(w.replace(/\.+$/, ''));
  }
  return { text, terms };
}

/** All terms of a raw text, normalised first, with repetitions (term frequencies count). */
export function analyze(raw: string): string[] {
  return chunks(normalizeText(raw)).flatMap((c) => c.terms);
}
