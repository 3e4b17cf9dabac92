// Which patents an enterprise is recommended beyond its pushed matches (listed first, see
// recommended.ts): any valid patent of the resource pool in the IPC fields or with the keywords the
// enterprise follows. What enterprises may see at all is decided in core/people/authorize.ts
// ('patent.viewOffered'); the pool part of that rule (POOL_OFFER) bounds this list.
//
// Keywords and fields are read by the matching engine's rules, so that this list and the pushed matches
// agree on what "with the keyword" and "in the field" mean:
// - text is compared normalised (text/normalize.ts: NFKC, lower case): "ＬＥＤ" has the keyword "LED";
// - a Latin keyword stands as a whole word (explain.ts containsPhrase: "AI" is not in "Chain"), a
//   keyword with CJK characters as a substring;
// - an interest is parsed as people type it (ipc-depth.ts parseIpc: "h01m 10/05", "Ｈ01Ｍ") and holds a
//   stored symbol when agreement() would put the symbol inside it ("H01M 10/0562" under "H01M 10/05",
//   "H01M 100/02" not under "H01M 10").
// The matching runs in the database, one query whatever the number of keywords and interests.
import type { Prisma } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { POOL_OFFER } from '../people/authorize.ts';
import { parseIpc } from './ipc-depth.ts';
import { normalizeText } from './text/normalize.ts';

/** The patents an enterprise is shown: valid pool patents in its IPC fields or with its keywords. */
export async function recommendationFilter(db: Db, enterpriseId: string) {
  const enterprise = await db.enterprise.findUniqueOrThrow({ where: { id: enterpriseId } });
  // Beyond the pushed matches (listed first, see core/matching/recommended.ts), any pool patent in
  // the IPC fields or with the keywords the enterprise follows; submitted but unscreened patents are
  // not offered to anyone yet.
  const ids = await offeredMatches(db, enterprise.ipcInterests, enterprise.keywords);
  return { ...POOL_OFFER, id: { in: ids } } satisfies Prisma.PatentWhereInput;
}

/** Ids of the pool patents in one of the fields or with one of the keywords. */
async function offeredMatches(db: Db, interests: string[], keywords: string[]): Promise<string[]> {
  const prefixes = [...new Set(interests.flatMap(ipcPrefix))];
  const patterns = [...new Set(keywords.flatMap(keywordPattern))];
  if (prefixes.length === 0 && patterns.length === 0) return [];
  // The abstract counts as well as the title: the engine scores a keyword met in the abstract and says
  // so in a push's reasons ("keyword “Battery”: “battery” in the abstract"), so a patent it would cite
  // for a keyword belongs in this list too; whole-word Latin keywords keep long abstracts from adding
  // chance hits ("AI" in "maintain"). The enterprise's needs prose stays out: only the engine reads it.
  // normalize(…, NFKC) works on PostgreSQL and PGlite alike (both UTF8); case is folded by the
  // patterns themselves (keywordPattern), not by lower(), whose reach depends on the collation.
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "Patent"
    WHERE "legalStatus" = ${POOL_OFFER.legalStatus}::"LegalStatus"
      AND "inventoryStatus" = ${POOL_OFFER.inventoryStatus}::"InventoryStatus"
      AND (
        EXISTS (SELECT 1 FROM unnest("ipcCodes") AS code WHERE code LIKE ANY (${prefixes}::text[]))
        OR normalize(title, NFKC) ~ ANY (${patterns}::text[])
        OR normalize(coalesce(abstract, ''), NFKC) ~ ANY (${patterns}::text[])
      )`;
  return rows.map((r) => r.id);
}

/**
 * The LIKE pattern of the stored symbols (canonical "H01M 10/0562", core/identifiers/ipc.ts) inside an
 * interest, by agreement()'s rule: same class; same subclass; same main group ("H01M 10/…", not
 * "H01M 100/…"); a subgroup whose digits start with the interest's ("H01M 10/0562" under "H01M 10/05").
 * None for what parseIpc cannot read, which the engine ignores too. The parts are letters and digits
 * only, so nothing in them is a LIKE wildcard.
 */
function ipcPrefix(interest: string): string[] {
  const s = parseIpc(interest.trim());
  if (!s) return [];
  if (!s.subclass) return [`${s.cls}%`];
  if (!s.group) return [`${s.subclass} %`];
  if (!s.subgroup) return [`${s.subclass} ${s.group}/%`];
  return [`${s.subclass} ${s.group}/${s.subgroup}%`];
}

/** Word characters for containsPhrase, in the NFKC text before case folding. */
const WORD = 'A-Za-z0-9';
const CJK = /[\u3400-\u9fff]/u;

/**
 * A PostgreSQL regular expression (ARE) for text that, normalised, holds the normalised keyword as
 * containsPhrase would find it: between non-word characters for a Latin keyword, anywhere for one with
 * CJK characters (the same test as query.ts). None for a blank keyword, which must not match everything.
 */
function keywordPattern(keyword: string): string[] {
  const text = normalizeText(keyword.trim());
  if (text === '') return [];
  const body = [...text].map(literal).join('');
  return [CJK.test(text) ? body : `(^|[^${WORD}])${body}($|[^${WORD}])`];
}

/**
 * One character of the normalised keyword, matched literally: a letter in either case ("[aA]", the
 * title is compared NFKC-normalised but not lower-cased), ASCII punctuation escaped so that "c++" or
 * "a.b" neither break the expression nor widen it ("\+", "\."). In an ARE a backslash before a
 * non-alphanumeric character always stands for that character; every metacharacter is ASCII.
 */
function literal(c: string): string {
  const upper = c.toUpperCase();
  if (upper !== c && [...upper].length === 1 && upper.toLowerCase() === c) return `[${c}${upper}]`;
  return /[A-Za-z0-9]/.test(c) || c.codePointAt(0)! > 0x7f ? c : `\\${c}`;
}
