import { describe, expect, it } from 'vitest';
import type { Button, OutgoingMessage } from '../../../core/channel/messages.ts';
import { exampleNumber, renderEngineReplies } from '../../../core/chat/render-questionnaire.ts';
import { type Locale, SUPPORTED_LOCALES, t } from '../../../core/i18n.ts';
import { allQuestions, type Question, question } from '../../../core/questionnaire/definition.ts';
import { allDefinitions, latestDefinition } from '../../../core/questionnaire/definitions/index.ts';
import {
  type EngineInput,
  type EngineReply,
  type QuestionReply,
  step,
} from '../../../core/questionnaire/engine.ts';
import {
  formatAnswer,
  formatSkipped,
  trlDescription,
  trlName,
  trlTitle,
} from '../../../core/questionnaire/format-answer.ts';
import { parseEnvFor } from '../../../core/questionnaire/parse-env.ts';
import { parseAnswer } from '../../../core/questionnaire/parsers/index.ts';
import { type EngineState, initialState } from '../../../core/questionnaire/state.ts';
import { type ChatAction, decodeAction } from '../../support/actions.ts';

const def = latestDefinition('self-assessment');
const env = parseEnvFor('Asia/Shanghai', new Date('2026-03-02T04:00:00Z'));
const PATENT = '一种锂电池正极材料的低温烧结方法';

/**
 * Untranslated catalogue keys: i18next returns a missing key without its namespace ("q.trl.label"),
 * so both shapes are looked for ("self-assessment:q.trl.label", "button.done").
 */
const RAW_KEY = /[\w-]+:[\w.]+|\b[a-z][\w-]+\.[a-z][\w-]+/;

type Run = { state: EngineState; replies: EngineReply[] };

function run(state: EngineState, ...inputs: EngineInput[]): Run {
  let current: Run = { state, replies: [] };
  for (const input of inputs) {
    const result = step(def, current.state, input, env);
    current = { state: result.state, replies: result.replies };
  }
  return current;
}

const fresh = (patentType = 'INVENTION') => initialState(def.id, def.version, { patentType });
const answer = (value: string | string[]): EngineInput => ({ type: 'answer', value });
const toggle = (questionId: string, optionId: string): EngineInput => ({
  type: 'toggle',
  questionId,
  optionId,
});

/** Up to the TRL question: funded, not implemented (which hides the implementation detail). */
const toTrl = (state = fresh()) => run(state, { type: 'start' }, answer('是'), answer('1'));

/** A whole questionnaire for an invention, answered as an inventor would type it. */
function answeredInFull(): Run {
  return run(
    fresh(),
    { type: 'start' },
    answer('是'), // governmentFunded
    answer('1'), // implementationStatus: not implemented
    answer('4'), // trl
    answer('2'), // valueGrade: fairly good
    answer('3'), // applicationScenarios: new materials
    answer('用于锂电池正极材料烧结，能耗降低约 15%'), // scenarioDescription
    answer('4'), // industrializationProspects
    answer('2'), // transformationIntention: licence
    answer('1'), // licenceType: ordinary
    answer('3'), // openLicence: undecided
    answer('1'), // feeModes: upfront + royalty
    answer('12345'), // expectedPrice
    answer('否'), // contactConsent
    answer(''), // remarks: skipped
  );
}

const render = (replies: EngineReply[], locale: Locale, title?: string) =>
  renderEngineReplies(replies, { locale, ...(title ? { title } : {}) });
const only = (messages: OutgoingMessage[]) => {
  expect(messages).toHaveLength(1);
  return messages[0]!;
};
const buttonsOf = (message: OutgoingMessage): Button[] => (message.buttons ?? []).flat();
const decode = (button: Button): ChatAction => {
  const action = decodeAction(button.action);
  expect(action, `button "${button.label}" has an undecodable action ${button.action}`).not.toBeNull();
  return action!;
};
const inputOf = (button: Button): EngineInput => {
  const action = decode(button);
  if (action.type !== 'q') throw new Error(`not an engine input: ${button.action}`);
  return action.input;
};
const answerButtons = (message: OutgoingMessage) =>
  buttonsOf(message).filter((b) => inputOf(b).type === 'answer');

function expectWellFormed(messages: OutgoingMessage[]) {
  for (const message of messages) {
    expect(message.confidential).toBe(true);
    expect(message.text).not.toMatch(RAW_KEY);
    for (const button of buttonsOf(message)) {
      expect(Buffer.byteLength(button.action, 'utf8')).toBeLessThanOrEqual(64);
      decode(button);
      expect(button.label).not.toMatch(RAW_KEY);
      expect(button.label.trim()).not.toBe('');
    }
  }
}

describe.each(SUPPORTED_LOCALES)('questions in %s', (locale) => {
  const tr = (key: string) => t(locale, key);

  it('shows the TRL question with nine level buttons that answer 1 to 9', () => {
    const message = only(render(toTrl().replies, locale, PATENT));
    expectWellFormed([message]);
    expect(message.slot).toBe('question');
    expect(message.expects).toBe('choice');

    const lines = message.text.split('\n');
    expect(lines[0]).toBe(`📄 ${PATENT}`);
    expect(lines[1]).toContain(tr('self-assessment:section.value.title'));
    expect(lines[2]).toMatch(new RegExp(`^\\(3/\\d+\\) ${tr('self-assessment:q.trl.label')}$`));
    expect(message.text).toContain(tr('self-assessment:q.trl.help'));
    for (let level = 1; level <= 9; level++) {
      expect(message.text).toContain(
        `${level}. ${trlName(level, locale)} — ${trlDescription(level, locale)}`,
      );
    }

    const levels = answerButtons(message);
    expect(levels.map((b) => b.label)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(levels.map(inputOf)).toEqual(
      ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((value) => ({
        type: 'answer',
        questionId: 'trl',
        value,
      })),
    );
    expect(message.buttons!.slice(0, 2).map((row) => row.length)).toEqual([5, 4]);
  });

  it('drops the header line without a title', () => {
    const message = only(render(toTrl().replies, locale));
    expect(message.text.split('\n')[0]).toContain(tr('self-assessment:section.value.title'));
  });

  it('offers back and review but no skip on a required question', () => {
    const message = only(render(toTrl().replies, locale));
    const navigation = message.buttons!.at(-1)!.map(inputOf);
    expect(navigation).toEqual([{ type: 'back' }, { type: 'review' }]);
  });

  it('accepts each TRL button when the engine gets its action back', () => {
    const before = toTrl();
    const seven = answerButtons(only(render(before.replies, locale)))[6]!;
    const after = run(before.state, inputOf(seven));
    expect(after.state.answers.trl).toBe(7);
  });

  it('ticks multiple-choice options as they are toggled, and confirms the set', () => {
    const start = run(fresh(), { type: 'start' }, answer('是'));
    const ticked = run(
      start.state,
      toggle('implementationStatus', 'licensed'),
      toggle('implementationStatus', 'industrialized'),
    );
    const message = only(render(ticked.replies, locale));
    expectWellFormed([message]);
    const options = buttonsOf(message).filter((b) => inputOf(b).type === 'toggle');
    const label = (id: string) => tr(`self-assessment:q.implementationStatus.option.${id}.label`);
    expect(options.map((b) => b.label)).toEqual([
      label('notImplemented'),
      label('selfImplemented'),
      `✅ ${label('licensed')}`,
      label('transferred'),
      label('equity'),
      `✅ ${label('industrialized')}`,
    ]);
    const separator = locale === 'zh-CN' ? '、' : ', ';
    expect(message.text).toContain(`${label('licensed')}${separator}${label('industrialized')}`);

    const done = buttonsOf(message).find((b) => inputOf(b).type === 'confirm')!;
    expect(done.label).toBe(locale === 'zh-CN' ? '完成选择' : 'Done');
    const confirmed = run(ticked.state, inputOf(done));
    expect(confirmed.state.answers.implementationStatus).toEqual(['licensed', 'industrialized']);
  });

  it('moves the tick when an exclusive option is chosen', () => {
    const r = run(
      fresh(),
      { type: 'start' },
      answer('是'),
      toggle('implementationStatus', 'licensed'),
      toggle('implementationStatus', 'notImplemented'),
    );
    const ticks = buttonsOf(only(render(r.replies, locale))).filter((b) => b.label.startsWith('✅ '));
    expect(ticks.map((b) => inputOf(b))).toEqual([
      { type: 'toggle', questionId: 'implementationStatus', optionId: 'notImplemented' },
    ]);
  });

  it('ticks the saved answer when a multiple choice is opened again from the review', () => {
    const full = answeredInFull();
    const edit = run(full.state, { type: 'edit', questionId: 'transformationIntention' });
    const message = only(render(edit.replies, locale));
    const ticks = buttonsOf(message).filter((b) => b.label.startsWith('✅ '));
    expect(ticks).toHaveLength(1);
    expect(inputOf(ticks[0]!)).toMatchObject({ optionId: 'licence' });
    expect(message.text).toContain(tr('self-assessment:q.transformationIntention.option.licence.label'));
  });

  it('answers yes/no with two buttons the parser accepts', () => {
    const message = only(render(run(fresh(), { type: 'start' }).replies, locale));
    const [yes, no] = answerButtons(message);
    expect([yes!.label, no!.label]).toEqual(locale === 'zh-CN' ? ['是', '否'] : ['Yes', 'No']);
    expect(run(fresh(), { type: 'start' }, inputOf(yes!)).state.answers.governmentFunded).toBe(true);
    expect(run(fresh(), { type: 'start' }, inputOf(no!)).state.answers.governmentFunded).toBe(false);
  });

  it('lists the single-choice options numbered, one button each, one per row when labels are long', () => {
    const valueGrade = run(toTrl().state, answer('4'));
    const message = only(render(valueGrade.replies, locale));
    expect(message.text).toContain(
      `1. ${tr('self-assessment:q.valueGrade.option.good.label')} — ${tr('self-assessment:q.valueGrade.option.good.description')}`,
    );
    expect(answerButtons(message).map((b) => inputOf(b))).toEqual(
      ['good', 'fairlyGood', 'average', 'poor'].map((value) => ({
        type: 'answer',
        questionId: 'valueGrade',
        value,
      })),
    );
    // Four short labels: two rows of two rather than three and one.
    expect(message.buttons!.slice(0, -1).map((row) => row.length)).toEqual([2, 2]);

    const utility = run(toTrl(fresh('UTILITY_MODEL')).state, answer('4'), answer('2'), answer('1'));
    const conclusion = only(render(utility.replies, locale));
    const rows = conclusion.buttons!.slice(0, -1);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.length === 1)).toBe(true);
  });

  it('shows a 1–5 scale with labelled ends and five buttons in one row', () => {
    const r = run(toTrl().state, answer('4'), answer('2'), answer('3'), answer(''));
    const message = only(render(r.replies, locale));
    expect(message.text).toContain(
      `1 = ${tr('self-assessment:q.industrializationProspects.min')} … 5 = ${tr('self-assessment:q.industrializationProspects.max')}`,
    );
    expect(message.buttons![0]!.map((b) => b.label)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('asks for text without answer buttons, says how long it may be, and offers skip when optional', () => {
    const r = run(toTrl().state, answer('4'), answer('2'), answer('3'));
    const message = only(render(r.replies, locale));
    expectWellFormed([message]);
    expect(message.expects).toBe('text');
    expect(answerButtons(message)).toEqual([]);
    expect(message.text).toContain('500');
    expect(message.buttons!.at(-1)!.map(inputOf)).toEqual([
      { type: 'back' },
      { type: 'skip' },
      { type: 'review' },
    ]);
  });

  it('asks for a number with its unit and lower bound', () => {
    const r = run(toTrl().state, answer('4'), answer('2'), answer('3'), answer(''), answer('4'));
    const price = run(r.state, answer('转让'), answer('1'));
    const message = only(render(price.replies, locale));
    expect(message.expects).toBe('number');
    expect(message.text).toContain(tr('self-assessment:unit.tenThousandYuan'));
    expect(message.text).toContain('0');
  });

  it('shows the current answer when a question is opened again', () => {
    const full = answeredInFull();
    const message = only(render(run(full.state, { type: 'edit', questionId: 'trl' }).replies, locale));
    expect(message.text).toContain(
      locale === 'zh-CN'
        ? '当前答案：TRL 4 · 实验室环境验证'
        : 'Current answer: TRL 4 · Validated in the lab',
    );
  });

  it('answers a rejected answer briefly: the reason, the short label and the buttons', () => {
    const full = only(render(toTrl().replies.slice(-1), locale, PATENT));
    const r = run(toTrl().state, answer('12'));
    const again = only(render(r.replies, locale, PATENT));
    expect(again.text).toBe(
      [
        `⚠️ ${t(locale, 'engine:error.trl_range', { max: 9 })}`,
        t(locale, 'questionnaire-ui:question.position', {
          index: 3,
          total: r.replies[0]!.kind === 'question' ? r.replies[0]!.position.total : 0,
          label: t(locale, 'self-assessment:q.trl.label'),
        }),
      ].join('\n'),
    );
    // not the whole question again (its help and nine level descriptions are just above)
    expect(again.text.length).toBeLessThan(full.text.length / 3);
    expect(again.buttons).toEqual(full.buttons);
    expect(again.slot).toBe('question');
    expectWellFormed([again]);
  });

  it('shows a multiple choice confirmed without a tick whole again (the tap replaces it in place)', () => {
    const r = run(toTrl().state, answer('5'), answer('1'), {
      type: 'confirm',
      questionId: 'applicationScenarios',
    });
    const [warning, again] = render(r.replies, locale);
    expect(warning!.text).toMatch(/^⚠️ /);
    expect(warning!.slot).toBeUndefined();
    expect(again!.text).toContain(t(locale, 'self-assessment:q.applicationScenarios.help'));
    expect(again!.slot).toBe('question');
  });

  it('renders notices as plain confidential messages', () => {
    const r = run(fresh(), { type: 'start' }, { type: 'back' });
    const [notice] = render(r.replies, locale);
    expect(notice!.text).toBe(tr('engine:notice.at_start'));
    expect(notice!.buttons).toBeUndefined();
    expect(notice!.confidential).toBe(true);
  });
});

describe.each(SUPPORTED_LOCALES)('review and submission in %s', (locale) => {
  const tr = (key: string) => t(locale, key);

  it('lists every answer formatted, with an edit button per question and a submit button', () => {
    const full = answeredInFull();
    expect(full.replies.at(-1)!.kind).toBe('review');
    const message = only(render(full.replies, locale, PATENT));
    expectWellFormed([message]);
    expect(message.slot).toBe('question');

    const lines = message.text.split('\n');
    expect(lines[0]).toBe(`📄 ${PATENT}`);
    expect(lines[1]).toBe(locale === 'zh-CN' ? '请核对您的回答' : 'Please review your answers');
    const zh = locale === 'zh-CN';
    const expected = [
      `1. ${tr('self-assessment:q.governmentFunded.label')} ${zh ? '是' : 'Yes'}`,
      `${tr('self-assessment:q.trl.label')}${zh ? '：' : ': '}TRL 4 · ${trlName(4, locale)}`,
      `${tr('self-assessment:q.industrializationProspects.label')}${zh ? '：' : ': '}4 / 5`,
      `${tr('self-assessment:q.expectedPrice.label')}${zh ? '：' : ': '}12,345 ${tr('self-assessment:unit.tenThousandYuan')}`,
      `${tr('self-assessment:q.contactConsent.label')} ${zh ? '否' : 'No'}`,
      `${tr('self-assessment:q.remarks.label')}${zh ? '：' : ': '}${formatSkipped(locale)}`,
    ];
    for (const line of expected) expect(message.text).toContain(line);
    expect(message.text).not.toContain('❗');

    const review = full.replies.at(-1) as Extract<EngineReply, { kind: 'review' }>;
    const edits = buttonsOf(message).filter((b) => inputOf(b).type === 'edit');
    expect(edits.map((b) => b.label)).toEqual(review.items.map((_, i) => `✏️ ${i + 1}`));
    expect(edits.map((b) => inputOf(b))).toEqual(
      review.items.map((item) => ({ type: 'edit', questionId: item.question.id })),
    );
    expect(message.buttons!.slice(0, -1).every((row) => row.length <= 5)).toBe(true);

    const last = message.buttons!.at(-1)!;
    expect(last.map(inputOf)).toEqual([{ type: 'submit' }]);
    expect(last[0]!.label).toBe(zh ? '✅ 确认提交' : '✅ Submit');
  });

  it('marks missing answers and offers to continue instead of submitting', () => {
    const early = run(toTrl().state, answer('4'), { type: 'review' });
    const message = only(render(early.replies, locale));
    expectWellFormed([message]);
    expect(message.text).toContain(locale === 'zh-CN' ? '❗ 未回答' : '❗ not answered');
    expect(message.text).toContain(
      `${tr('self-assessment:q.valueGrade.label')}${locale === 'zh-CN' ? '：' : ': '}`,
    );
    const inputs = buttonsOf(message).map(inputOf);
    expect(inputs).not.toContainEqual({ type: 'submit' });

    const continueButton = message.buttons!.at(-1)!;
    expect(continueButton).toHaveLength(1);
    const resumed = run(early.state, inputOf(continueButton[0]!));
    const reply = resumed.replies.at(-1)!;
    expect(reply.kind).toBe('question');
    expect((reply as QuestionReply).question.id).toBe('valueGrade');
  });

  it('thanks the respondent after submitting and offers the menu', () => {
    const full = answeredInFull();
    const submitButton = buttonsOf(only(render(full.replies, locale))).find(
      (b) => inputOf(b).type === 'submit',
    )!;
    const submitted = run(full.state, inputOf(submitButton));
    expect(submitted.state.phase).toBe('submitted');
    const message = only(render(submitted.replies, locale));
    expectWellFormed([message]);
    expect(message.text.startsWith('✅')).toBe(true);
    expect(message.text).toContain(locale === 'zh-CN' ? '技术转移' : 'technology transfer office');
    expect(buttonsOf(message).map(decode)).toEqual([{ type: 'menu' }]);
  });
});

describe('every question of every definition', () => {
  const cases = allDefinitions().flatMap((d) =>
    d.sections.flatMap((section) =>
      section.questions.map((q) => ({ name: `${d.id} v${d.version} ${q.id}`, section, q })),
    ),
  );

  it.each(cases)('renders $name in both locales with working buttons', ({ section, q }) => {
    const reply: QuestionReply = {
      kind: 'question',
      question: q,
      sectionTitle: section.title,
      position: { index: 2, total: 9 },
      canGoBack: true,
      canSkip: !q.required,
      ...(q.type === 'multi_choice' ? { selection: [q.options[0]!.id] } : {}),
    };
    for (const locale of SUPPORTED_LOCALES) {
      const message = only(render([reply], locale, PATENT));
      expectWellFormed([message]);
      if (q.type === 'number') {
        // the example a number question gives is an answer it accepts (not "50" for 1–20 years)
        const example = String(exampleNumber(q.min, q.max));
        expect(message.text).toContain(example);
        expect(parseAnswer(q, example, env).ok, `${q.id}: example ${example}`).toBe(true);
      }
      for (const button of buttonsOf(message)) {
        const input = inputOf(button);
        if (input.type === 'answer') {
          expect(input.questionId).toBe(q.id);
          expect(parseAnswer(q, input.value, env).ok, `${button.action} parses`).toBe(true);
        }
        if (input.type === 'toggle' && q.type === 'multi_choice') {
          expect(q.options.map((o) => o.id)).toContain(input.optionId);
        }
      }
    }
  });

  it.each(allDefinitions().map((d) => ({ name: `${d.id} v${d.version}`, d })))(
    'reviews $name with every question answered or missing, within action limits',
    ({ d }) => {
      const items = allQuestions(d).map((q, i) => ({ question: q, skipped: i % 3 === 0 }));
      const reply: EngineReply = { kind: 'review', items, missing: items.map((i) => i.question.id) };
      for (const locale of SUPPORTED_LOCALES) expectWellFormed(render([reply], locale, PATENT));
    },
  );
});

describe('formatAnswer', () => {
  const q = (id: string): Question => allQuestions(def).find((x) => x.id === id)!;
  const date = question.parse({ id: 'since', type: 'date', label: 'self-assessment:title', max: 'today' });

  it.each([
    ['governmentFunded', true, '是', 'Yes'],
    ['governmentFunded', false, '否', 'No'],
    ['valueGrade', 'fairlyGood', '较好', 'Fairly high'],
    ['feeModes', ['lumpSum', 'instalments'], '一次性支付、分期支付', 'Lump sum, Instalments'],
    ['industrializationProspects', 4, '4 / 5', '4 / 5'],
    ['expectedPrice', 1234.5, '1,234.5 万元', '1,234.5 × 10,000 CNY'],
    ['remarks', '第二发明人已离职', '第二发明人已离职', '第二发明人已离职'],
  ] as const)('formats %s = %j', (id, value, zh, en) => {
    expect(formatAnswer(q(id), value as never, 'zh-CN')).toBe(zh);
    expect(formatAnswer(q(id), value as never, 'en')).toBe(en);
  });

  it('names the TRL level after its number', () => {
    expect(formatAnswer(q('trl'), 4, 'zh-CN')).toBe('TRL 4 · 实验室环境验证');
    expect(formatAnswer(q('trl'), 9, 'en')).toBe('TRL 9 · Proven in operation');
    for (const locale of SUPPORTED_LOCALES) {
      for (let level = 1; level <= 9; level++) {
        expect(trlTitle(level, locale)).toContain(trlName(level, locale).slice(1));
      }
    }
  });

  it('keeps dates as stored and says "skipped" in each language', () => {
    expect(formatAnswer(date, '2024-06-30', 'zh-CN')).toBe('2024-06-30');
    expect(formatSkipped('zh-CN')).toBe('（跳过）');
    expect(formatSkipped('en')).toBe('(skipped)');
  });

  it('shows values that no longer fit the question rather than failing', () => {
    expect(formatAnswer(q('valueGrade'), 'retired', 'en')).toBe('retired');
    expect(formatAnswer(q('trl'), 12, 'en')).toBe('12');
  });

  it('explains date questions with an example and "today" as a bound', () => {
    const reply: QuestionReply = {
      kind: 'question',
      question: date,
      sectionTitle: 'self-assessment:section.origin.title',
      position: { index: 1, total: 1 },
      canGoBack: false,
      canSkip: false,
    };
    const zh = only(render([reply], 'zh-CN'));
    expect(zh.expects).toBe('date');
    expect(zh.text).toContain('2024-06-30');
    expect(zh.text).toContain('不能晚于今天');
    expect(only(render([reply], 'en')).text).toContain('Not after today.');
  });
});
