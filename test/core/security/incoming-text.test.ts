// Text PostgreSQL cannot store (issue 13, item 13): a NUL character or a lone UTF-16 surrogate typed
// as an answer used to end as an internal error ("unsupported Unicode escape sequence"). Incoming
// text is cleaned where it enters core (core/intake/clean-text.ts, called by the chat service): the
// answer is stored without the NUL, with U+FFFD for the lone surrogate, and the questionnaire goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessAction } from '../../../core/assessments/actions.ts';
import { cleanIncoming, cleanText } from '../../../core/intake/clean-text.ts';
import { parseState } from '../../../core/questionnaire/state.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { createWorld, type World } from '../inventory/fixtures.ts';
import { allText, chatOf, INTERNAL_ERROR, patentOf } from './fixtures.ts';

describe('cleanText', () => {
  it.each([
    ['NUL and other C0 controls go', 'a\u0000b\u0007c\u001bd', 'abcd'],
    ['tabs and line breaks stay; CR LF and CR become LF', 'a\tb\r\nc\rd\ne', 'a\tb\nc\nd\ne'],
    ['DEL and C1 controls go', 'a\u007fb\u0085c', 'abc'],
    ['a lone high surrogate becomes U+FFFD', 'x\ud800y', 'x\ufffdy'],
    ['a lone low surrogate becomes U+FFFD', '\udc00end', '\ufffdend'],
    ['a surrogate pair (an emoji) and CJK stay', '固态电池 🔋 H01M', '固态电池 🔋 H01M'],
  ])('%s', (_, input, cleaned) => {
    expect(cleanText(input)).toBe(cleaned);
  });

  it('cleans callback data, form values and file names too', () => {
    const base = { channel: 'TERMINAL' as const, userId: 'u', chatIsPrivate: true };
    expect(cleanIncoming({ ...base, event: { kind: 'action', action: 'm\u0000' } }).event).toEqual({
      kind: 'action',
      action: 'm',
    });
    expect(
      cleanIncoming({
        ...base,
        event: { kind: 'form', formId: 'pg:x', values: { a: 'x\u0000', b: ['\ud800'], c: 3 } },
      }).event,
    ).toEqual({ kind: 'form', formId: 'pg:x', values: { a: 'x', b: ['\ufffd'], c: 3 } });
    const file = cleanIncoming({
      ...base,
      event: {
        kind: 'file',
        fileName: 'list\u0000.xlsx',
        mimeType: null,
        size: 1,
        open: async () => process.stdin,
      },
    }).event;
    expect(file).toMatchObject({ kind: 'file', fileName: 'list.xlsx' });
    expect(typeof (file as { open: unknown }).open).toBe('function');
  });
});

describe('a self-assessment text answer with a NUL or a lone surrogate', () => {
  let db: TestDatabase;
  let world: World;
  let chat: ReturnType<typeof chatOf>;
  let inventor: string;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    world = await createWorld(db.prisma);
    chat = chatOf(db.prisma);
    inventor = world.userIds.zhangwei!;
  }, 60_000);
  afterAll(() => db?.close());

  /** Opens a new patent's self-assessment and answers up to the implementation details (a text). */
  async function atTextQuestion() {
    const patentId = await patentOf(db.prisma, world, {
      status: 'NOT_STARTED',
      responsible: world.inventor.personId,
    });
    await chat.press(inventor, assessAction.to({ patentId }));
    await chat.type(inventor, '是'); // government funded
    await chat.type(inventor, '3'); // implementation: licensed, which asks for the details
    const assessment = await db.prisma.selfAssessment.findUniqueOrThrow({ where: { patentId } });
    expect(parseState(assessment.state).current).toBe('implementationDetail');
    return assessment.id;
  }

  it.each([
    ['a NUL character', '已许可\u0000给宁波一家企业', '已许可给宁波一家企业'],
    ['a lone surrogate', '已许可给宁波一家企业\ud83d', '已许可给宁波一家企业\ufffd'],
  ])('with %s: stored cleaned, and the next question follows', async (_, typed, stored) => {
    const assessmentId = await atTextQuestion();
    const replies = await chat.type(inventor, typed);
    expect(allText(replies)).not.toContain(INTERNAL_ERROR);
    expect(allText(replies)).not.toMatch(/^⛔/);
    const answer = await db.prisma.selfAssessmentAnswer.findUniqueOrThrow({
      where: { assessmentId_questionId: { assessmentId, questionId: 'implementationDetail' } },
    });
    expect(answer.value).toBe(stored);
    const state = parseState(
      (await db.prisma.selfAssessment.findUniqueOrThrow({ where: { id: assessmentId } })).state,
    );
    expect(state.current).not.toBe('implementationDetail');
  });
});
