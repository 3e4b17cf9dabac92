// npx tsx scripts/generate-ipc.ts [--zh <git dir>] [--en <git dir>]
// Writes core/ipc/scheme.json: every IPC section, class and subclass with its short title in Chinese
// and English, for the enterprises' IPC picker (docs/ipc.md says which editions and how much of each).
// Run once by a developer when a source is updated; the runtime reads only the committed JSON.
//
// Sources, read from git clones at pinned commits (no network, no work tree needed):
// - Chinese, IPC 2026.01 (CNIPA's PDFs parsed into a folder tree): github.com/Jingyou-design/cr_zl_v2,
//   skills/ipc-search/references/IPC_Tree/<section dir>/<class dir>/<subclass dir>/info.txt. The
//   title is info.txt's `Title:` line, or the folder's name where info.txt is missing or empty.
// - English, IPC 2023.01 (WIPO IPCPUB's scheme tree as scraped JSON-like JS): github.com/thxare/IPCcodes,
//   funcionesInlges/ipc.js, entries of kind s (section), c (class) and u (subclass).
//
// Short titles: the scheme's wording without its parenthetical references ("（…入A01C5/00…）",
// "(… A01C 5/00 …)"), edition markers ("〔4〕", "[2006.01]") and notes; English converted from the
// scheme's capitals to sentence case. The Chinese text comes from PDF extraction, so line breaks
// left spaces inside words and a few headings ran into the title: see cleanZh and ZH_CUTS.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = path.join(ROOT, 'core', 'ipc', 'scheme.json');

const ZH_SOURCE = {
  repo: 'Jingyou-design/cr_zl_v2',
  commit: '501eb68a2eae9634e20f860d86af8e6bf49f5846',
  dir: 'skills/ipc-search/references/IPC_Tree/',
  edition: '2026.01',
};
const EN_SOURCE = {
  repo: 'thxare/IPCcodes',
  commit: 'bffc4046cfcefc6333622780fcef3791aa2aabce',
  file: 'funcionesInlges/ipc.js',
  edition: '2023.01',
};

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const zhGit = option('--zh', '/work/.mirror/Jingyou-design+cr_zl_v2/repo');
const enGit = option('--en', '/work/.mirror/thxare+IPCcodes/repo');

const git = (dir: string, args: string[], input?: string): Buffer =>
  execFileSync('git', ['-C', dir, '-c', 'core.quotepath=false', ...args], {
    maxBuffer: 256 * 1024 * 1024,
    ...(input === undefined ? {} : { input }),
  });

type Level = 'section' | 'class' | 'subclass';
const levelOf = (code: string): Level | null =>
  /^[A-H]$/.test(code)
    ? 'section'
    : /^[A-H]\d{2}$/.test(code)
      ? 'class'
      : /^[A-H]\d{2}[A-Z]$/.test(code)
        ? 'subclass'
        : null;

// ------------------------------------------------------------------------------ Chinese

/** Blobs by path, read in one `git cat-file --batch` (≈800 files). */
function readBlobs(dir: string, commit: string, paths: string[]): Map<string, string> {
  const out = git(dir, ['cat-file', '--batch'], `${paths.map((p) => `${commit}:${p}`).join('\n')}\n`);
  const blobs = new Map<string, string>();
  let at = 0;
  for (const p of paths) {
    const headerEnd = out.indexOf(0x0a, at);
    const header = out.subarray(at, headerEnd).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (!Number.isFinite(size)) throw new Error(`cannot read ${p}: ${header}`);
    blobs.set(p, out.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    at = headerEnd + 1 + size + 1;
  }
  return blobs;
}

/** Raw Chinese titles by code: folder names of the three upper levels, info.txt where it has one. */
/** Folder names stop at about 200 bytes of UTF-8: a title that long may be cut short. */
const FOLDER_NAME_CAP = 195;

interface ZhRaw {
  raw: string;
  fromFolder: boolean;
  /** Folder name at the length cap: the title may end mid-item. */
  cutShort: boolean;
}

function readZh(): Map<string, ZhRaw> {
  const files = git(zhGit, ['ls-tree', '-r', '--name-only', ZH_SOURCE.commit, '--', ZH_SOURCE.dir])
    .toString('utf8')
    .split('\n')
    .filter((f) => f.startsWith(ZH_SOURCE.dir));
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.slice(ZH_SOURCE.dir.length).split('/');
    for (let depth = 1; depth <= Math.min(3, parts.length - 1); depth++)
      folders.add(parts.slice(0, depth).join('/'));
  }
  const infoPaths = [...folders].map((f) => `${ZH_SOURCE.dir}${f}/info.txt`).filter((p) => files.includes(p));
  const infos = readBlobs(zhGit, ZH_SOURCE.commit, infoPaths);
  const titles = new Map<string, ZhRaw>();
  for (const folder of [...folders].sort()) {
    const name = folder.split('/').at(-1)!;
    const code = name.slice(0, name.indexOf('_'));
    if (!levelOf(code)) throw new Error(`unexpected folder ${folder}`);
    const info = infos.get(`${ZH_SOURCE.dir}${folder}/info.txt`);
    const infoTitle = info ? /^Title: ?(.*)$/m.exec(info)?.[1]?.trim() : undefined;
    const infoCode = info ? /^Code: ?(\S+)/m.exec(info)?.[1] : undefined;
    if (infoCode && infoCode !== code) throw new Error(`${folder}: info.txt says ${infoCode}`);
    // Folder names keep parenthetical references without their brackets and "/" as "_", and are
    // cut at about 80 characters: second choice. (E03B has two folders, one of them untitled.)
    const candidate = infoTitle
      ? { raw: infoTitle, fromFolder: false, cutShort: false }
      : {
          raw: name.slice(code.length + 1).trim(),
          fromFolder: true,
          cutShort: Buffer.byteLength(name) >= FOLDER_NAME_CAP,
        };
    if (candidate.raw === '') continue;
    const known = titles.get(code);
    if (!known || (known.fromFolder && !candidate.fromFolder)) titles.set(code, candidate);
  }
  return titles;
}

/** Display width as the PDF's fixed-width lines count it: CJK and full-width 1, ASCII ½. */
const width = (text: string) => [...text].reduce((n, c) => n + (c.charCodeAt(0) < 0x2000 ? 0.5 : 1), 0);
/** A line of the PDF holds about 30–39 units; a space after a shorter run is not a line break. */
const WRAP_WIDTH = 25;

/**
 * Hand corrections of the extraction's defects, each checked against the source text so that the
 * result is still the scheme's own wording: `cut` keeps the title up to (not including) that text.
 */
const ZH_CUTS: Record<string, { cut: string; why: string }> = {
  F23K: { cut: '供燃烧设备用', why: 'a group heading after the title, at a line end' },
  G09G: { cut: '传输数据的装置', why: 'the reference lost its opening bracket' },
  F25D: { cut: '冷藏陈列柜', why: 'folder name only: the reference lost its brackets' },
};
/** Titles the extraction itself cut mid-item (the English lists the items that are missing). */
const ZH_CUT_SHORT: Record<string, string> = {
  B64F: 'ends in 测试或检',
};
/** The source lost a character or bracket here; the repaired text is the scheme's. */
const ZH_REPAIRS: { code: string; from: string; to: string; why: string }[] = [
  {
    code: 'A45B',
    from: '入A61H 3/06；伞',
    to: '入A61H 3/06）；伞',
    why: 'the first reference is not closed; the title is 手杖；伞；女用扇或类似物',
  },
  {
    code: 'B24B',
    from: '入C25F3/00；磨具',
    to: '入C25F3/00）；磨具',
    why: 'the reference is not closed; two more items of the title follow it',
  },
];

const OPEN = new Set(['（', '(']);
const CLOSE = new Set(['）', ')']);
/** A parenthetical that is a reference or a note: it names a symbol, or sends somewhere (入, 见). */
const isReference = (inner: string) => /[A-H]\d{2}|入|见|参见|优先/.test(inner);

function cleanZh(code: string, { raw, cutShort }: ZhRaw): { zh: string; truncated: boolean } {
  let text = raw.replace(/\s+/g, ' ').trim();
  for (const repair of ZH_REPAIRS) {
    if (repair.code !== code) continue;
    if (!text.includes(repair.from)) throw new Error(`${code}: repair no longer applies`);
    text = text.replace(repair.from, repair.to);
  }
  // "G21FX射线 …": the symbol ran into the title.
  if (text.startsWith(code)) text = text.slice(code.length);
  // The PDF draws 一 as a line the extraction dropped: "家具的 般零件", "（ 般的阀", "般燃烧发动机".
  text = text.replace(/(^| )般/g, '一般');
  const cut = ZH_CUTS[code];
  if (cut) {
    const at = text.indexOf(cut.cut);
    if (at < 0) throw new Error(`${code}: cut "${cut.cut}" not in "${text}"`);
    text = text.slice(0, at);
  }
  // Notes that follow the title: "注意：…", "附注 …", "1．该小类…".
  text = text.replace(/\s*(注意|附注)[\s：:].*$/, '').replace(/\s\d[．.]\s?\S.*$/, '');
  // Edition markers: 〔4〕 [2] [20250101] 〔1，2009.01〕 ［8］ 〔８〕.
  text = text.replace(/[〔[［][\s\d０-９,，.．、]*[〕\]］]/g, '');

  let out = '';
  let depth = 0;
  let inner = '';
  let run = 0;
  const chars = [...text];
  for (const [i, c] of chars.entries()) {
    if (c === ' ') {
      const previous = (depth > 0 ? inner : out).at(-1) ?? '';
      const next = chars[i + 1] ?? '';
      // Not a break either: a space next to punctuation, after 例如/如/即, or after a Greek letter.
      const stray = /[；;，,、：:如即α-ωΑ-Ω]/.test(previous) || /[；;，,、）)]/.test(next);
      if (run >= WRAP_WIDTH || stray) {
        run = 0; // a line break of the PDF (or a stray space after punctuation): nothing
        continue;
      }
      if (depth > 0) {
        inner += c; // "A01K 69/00" inside a reference
        continue;
      }
      break; // a short run then a space: a heading or note follows the title
    }
    run += width(c);
    if (OPEN.has(c)) {
      depth++;
      inner += c;
      continue;
    }
    if (CLOSE.has(c) && depth > 0) {
      depth--;
      inner += c;
      if (depth === 0) {
        if (!isReference(inner)) out += inner.replace(/ /g, '');
        inner = '';
      }
      continue;
    }
    if (depth > 0) inner += c;
    else out += c;
  }
  // An unclosed bracket (the source cut inside a reference) drops what it opened.
  let zh = out
    .replace(/;/g, '；')
    .replace(/(?<=[\u4e00-\u9fff]),(?=[\u4e00-\u9fff])/g, '，')
    .replace(/[；，、。\s]+$/, '')
    .replace(/；{2,}/g, '；')
    .trim();
  // A title cut short (by the folder name's length, or in the extraction) ends at its last complete item.
  const truncated = (cutShort && !cut) || code in ZH_CUT_SHORT;
  if (truncated) {
    zh = `${zh.slice(0, Math.max(0, zh.lastIndexOf('；')))}；…`;
  }
  return { zh, truncated };
}

// ------------------------------------------------------------------------------ English

/** Upper-case words kept as they are in sentence case. */
const ACRONYMS = new Set(['AC', 'DC', 'ICT', 'IOT', 'UAV', 'PV', 'SPM', 'DNA', 'RNA']);

/** "SOIL WORKING IN AGRICULTURE; PARTS, e.g. INSERTS" → "Soil working in agriculture; parts, e.g. inserts". */
export function sentenceCase(upper: string): string {
  const words = upper.split(/(\s+|(?<=[;,])|(?=[;,]))/);
  let startOfPart = true;
  return words
    .map((word) => {
      if (word.trim() === '' || word === ',') return word;
      if (word === ';') {
        startOfPart = true;
        return word;
      }
      let result: string;
      // Symbols (A21D, B29B, C05, H10), bracketed terms ([ICT], [3D], [IoT]) and e.g./i.e. as written.
      if (/^[[(]?[A-H]\d{2}[A-Z]?(-[A-H]\d{2}[A-Z]?)?[\])]?$/.test(word) || /[[\]]/.test(word)) result = word;
      else if (/[a-z]/.test(word)) result = word;
      else if (ACRONYMS.has(word.replace(/[^A-Z]/g, '')) || /^\d+D$/.test(word))
        result = word; // 3D
      else if (/^X-/.test(word)) result = `X-${word.slice(2).toLowerCase()}`;
      else result = word.toLowerCase();
      if (startOfPart && /^[a-z]/.test(result)) result = result[0]!.toUpperCase() + result.slice(1);
      startOfPart = false;
      return result;
    })
    .join('');
}

function readEn(): Map<string, string> {
  const text = git(enGit, ['show', `${EN_SOURCE.commit}:${EN_SOURCE.file}`]).toString('utf8');
  // Parsed as text rather than evaluated: the file is someone else's JavaScript.
  const entry =
    /symbol:\s*"([^"]*)",\s*kind:\s*"([scu])",[\s\S]*?title1:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g;
  const titles = new Map<string, string>();
  for (const m of text.matchAll(entry)) {
    const [, code, , literal] = m;
    if (!levelOf(code!) || titles.has(code!)) continue;
    const html = literal!.slice(1, -1).replace(/\\(.)/g, '$1');
    const plain = html
      .replace(/<a rel="versions"[\s\S]*?<\/a>/g, '') // [2006.01] with its history
      .replace(/<span>[\s\S]*?<\/span>/g, '') // references: " (making or covering furrows … A01C 5/00)"
      .replace(/<strong>\[[^\]]*\]<\/strong>/g, '') // [2], [2006.01]
      .replace(/<[^>]+>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .replace(/- (?=[A-Z])/g, '-') // "ELECTRICALLY- CHARGED"
      .trim();
    if (plain !== '') titles.set(code!, sentenceCase(plain));
  }
  return titles;
}

// ------------------------------------------------------------------------------ together

interface Entry {
  code: string;
  level: Level;
  zh?: string;
  en?: string;
}

function main() {
  const zhRaw = readZh();
  const en = readEn();
  const codes = [...new Set([...zhRaw.keys(), ...en.keys()])].sort();
  const truncated: string[] = [];
  const entries: Entry[] = codes.map((code) => {
    const entry: Entry = { code, level: levelOf(code)! };
    const raw = zhRaw.get(code);
    if (raw) {
      const cleaned = cleanZh(code, raw);
      if (cleaned.zh !== '') entry.zh = cleaned.zh;
      if (cleaned.truncated) truncated.push(code);
    }
    const title = en.get(code);
    if (title) entry.en = title;
    return entry;
  });
  const byCode = new Map(entries.map((e) => [e.code, e]));
  for (const e of entries) {
    const parent = e.level === 'subclass' ? e.code.slice(0, 3) : e.level === 'class' ? e.code[0]! : null;
    if (parent && !byCode.has(parent)) throw new Error(`${e.code} has no parent ${parent}`);
  }
  const count = (level: Level, has: (e: Entry) => boolean) =>
    entries.filter((e) => e.level === level && has(e)).length;
  const coverage = Object.fromEntries(
    (['section', 'class', 'subclass'] as const).map((level) => [
      level,
      {
        total: count(level, () => true),
        zh: count(level, (e) => e.zh !== undefined),
        en: count(level, (e) => e.en !== undefined),
        both: count(level, (e) => e.zh !== undefined && e.en !== undefined),
      },
    ]),
  );
  const scheme = {
    scheme: 'IPC',
    sources: {
      zh: `IPC ${ZH_SOURCE.edition}, Chinese (CNIPA), via github.com/${ZH_SOURCE.repo}@${ZH_SOURCE.commit.slice(0, 7)}`,
      en: `IPC ${EN_SOURCE.edition}, English (WIPO IPCPUB), via github.com/${EN_SOURCE.repo}@${EN_SOURCE.commit.slice(0, 7)}`,
    },
    coverage,
    truncated,
    entries,
  };
  writeFileSync(OUTPUT, `${JSON.stringify(scheme, null, 2)}\n`);
  // In the repository's own format, so that `npm run lint` passes on the committed file.
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', OUTPUT], {
    stdio: 'ignore',
  });
  console.log(`wrote ${path.relative(ROOT, OUTPUT)}`);
  console.log(JSON.stringify(coverage));
  console.log(
    `zh only: ${entries
      .filter((e) => !e.en)
      .map((e) => e.code)
      .join(' ')}`,
  );
  console.log(
    `en only: ${entries
      .filter((e) => !e.zh)
      .map((e) => e.code)
      .join(' ')}`,
  );
  console.log(`zh titles cut short in the source (end in "…"): ${truncated.join(' ')}`);
}

main();
