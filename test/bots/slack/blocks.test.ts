// Block Kit rendering within Slack's limits, modal inputs per field kind, and submitted values back.
import { describe, expect, it } from 'vitest';
import {
  formModal,
  formValues,
  homeView,
  LIMITS,
  splitText,
  toSlackMessages,
} from '../../../bots/slack/blocks.ts';
import type { FormField, FormView } from '../../../core/channel/messages.ts';

describe('messages', () => {
  it('splits a long message into sections of at most 3000 characters and messages of at most 50 blocks', () => {
    const paragraph = `${'盘活存量专利，推动成果转化。'.repeat(30)}\n`;
    const text = paragraph.repeat(400); // ≈ 170 000 characters
    const buttons = Array.from({ length: 30 }, (_, row) => [{ label: `Row ${row}`, action: `p:${row}` }]);
    const messages = toSlackMessages({ text, buttons });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      expect(message.text.length).toBeLessThanOrEqual(LIMITS.notificationText);
      for (const block of message.blocks.filter((b) => b.type === 'section')) {
        expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      }
    }
    // Nothing lost: every character (minus the line breaks at the cuts) arrives, in order.
    const sections = messages.flatMap((m) =>
      m.blocks.filter((b) => b.type === 'section').map((b) => b.text.text),
    );
    expect(sections.join('').replace(/\n/g, '')).toBe(text.replace(/\n/g, ''));
    // Every button arrives once, in order, with core's action id as its value.
    const values = messages.flatMap((m) =>
      m.blocks
        .filter((b) => b.type === 'actions')
        .flatMap((b) => b.elements.map((e: { value: string }) => e.value)),
    );
    expect(values).toEqual(buttons.map((row) => row[0]!.action));
  });

  it('never splits inside a surrogate pair and escapes mrkdwn control characters', () => {
    const chunks = splitText('😀'.repeat(2000), 3000);
    expect(chunks.join('')).toBe('😀'.repeat(2000));
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(3000);
    const [message] = toSlackMessages({ text: '<!channel> a & b > c' });
    expect(message!.blocks[0]!.text.text).toBe('&lt;!channel&gt; a &amp; b &gt; c');
  });

  it('gives buttons unique action ids and clips their labels to 75 characters', () => {
    const [message] = toSlackMessages({
      text: 'x',
      buttons: [
        [
          { label: 'a'.repeat(100), action: 'm' },
          { label: 'b', action: 'h' },
        ],
        [{ label: 'c', action: 'm' }],
      ],
    });
    const elements = message!.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);
    expect(new Set(elements.map((e) => e.action_id)).size).toBe(3);
    expect([...elements[0].text.text].length).toBe(75);
  });

  it('spells chat commands as /revive subcommands, and leaves paths, links and other words alone', () => {
    const [message] = toSlackMessages({
      text: '请 /docs 看看。\n常用命令：/start 继续，/menu 主菜单（/back 上一题）。Send /help.\n/revive start <code> · https://t.me/bot?start=x · /tmp/a.csv · 和/或 · A/B',
    });
    expect(message!.blocks[0]!.text.text).toBe(
      '请 /docs 看看。\n常用命令：/revive start 继续，/revive menu 主菜单（/revive back 上一题）。Send /revive help.\n/revive start &lt;code&gt; · https://t.me/bot?start=x · /tmp/a.csv · 和/或 · A/B',
    );
  });
});

describe('modals', () => {
  const options = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: `o${i}`,
      label: `Option ${i}`,
      description: 'd'.repeat(100),
    }));
  const field = (kind: FormField['kind'], extra: Partial<FormField> = {}): FormField => ({
    id: `f_${kind}`,
    label: `Label ${kind}`,
    required: true,
    kind,
    ...extra,
  });
  const form: FormView = {
    formId: 'pg:00000000-0000-4000-8000-000000000000:origin',
    title: '一个非常非常非常非常非常非常非常长的分节标题',
    submitLabel: '下一页',
    progress: '1 / 5',
    fields: [
      field('single', { options: options(4), initial: 'o2' }),
      field('single', { id: 'many', options: options(12) }),
      field('multi', { options: options(3), initial: ['o0', 'o1'] }),
      field('text', { maxLength: 200, initial: 'hello' }),
      field('multiline', { required: false, maxLength: 500 }),
      field('number', { initial: 12.5 }),
      field('date', { initial: '2024-03-01' }),
      field('yes_no', {
        options: [
          { id: 'true', label: '是' },
          { id: 'false', label: '否' },
        ],
      }),
    ],
  };

  it('uses the Block Kit input that fits each field kind, with saved answers preselected', () => {
    const view = formModal(form, { close: '取消' });
    expect(view.private_metadata).toBe(form.formId);
    expect([...view.title.text].length).toBeLessThanOrEqual(LIMITS.viewTitle);
    const inputs = view.blocks.filter((b: { type: string }) => b.type === 'input');
    expect(inputs.map((b: { element: { type: string } }) => b.element.type)).toEqual([
      'radio_buttons',
      'static_select',
      'checkboxes',
      'plain_text_input',
      'plain_text_input',
      'number_input',
      'datepicker',
      'radio_buttons',
    ]);
    const [single, many, multi, text, multiline, number, date] = inputs;
    expect(single.element.initial_option.value).toBe('o2');
    expect([...single.element.options[0].description.text].length).toBeLessThanOrEqual(75);
    expect(many.element.options[0].description).toBeUndefined();
    expect(multi.element.initial_options.map((o: { value: string }) => o.value)).toEqual(['o0', 'o1']);
    expect(text.element).toMatchObject({ multiline: false, max_length: 200, initial_value: 'hello' });
    expect(multiline.element.multiline).toBe(true);
    expect(multiline.optional).toBe(true);
    expect(number.element).toMatchObject({ initial_value: '12.5', is_decimal_allowed: true });
    expect(date.element.initial_date).toBe('2024-03-01');
  });

  it('marks an optional field only with Slack\'s own "(optional)", not the label\'s as well', () => {
    const view = formModal(
      {
        ...form,
        fields: [
          field('text', { id: 'zh', label: '具体应用场景（选填）', required: false }),
          field('text', { id: 'en', label: 'Remarks (optional)', required: false }),
          field('text', { id: 'kept', label: '备注（选填）', required: true }),
        ],
      },
      { close: '取消' },
    );
    const labels = view.blocks
      .filter((b: { type: string }) => b.type === 'input')
      .map((b: { label: { text: string }; optional: boolean }) => [b.label.text, b.optional]);
    expect(labels).toEqual([
      ['具体应用场景', true],
      ['Remarks', true],
      ['备注（选填）', false],
    ]);
  });

  it('reads submitted values back by question id', () => {
    expect(
      formValues({
        values: {
          a: { answer: { type: 'radio_buttons', selected_option: { value: 'true' } } },
          b: { answer: { type: 'checkboxes', selected_options: [{ value: 'x' }, { value: 'y' }] } },
          c: { answer: { type: 'plain_text_input', value: null } },
          d: { answer: { type: 'number_input', value: '3.5' } },
          e: { answer: { type: 'datepicker', selected_date: '2024-01-02' } },
          f: { answer: { type: 'static_select', selected_option: null } },
          g: { other: { type: 'plain_text_input', value: 'ignored' } },
        },
      }),
    ).toEqual({ a: 'true', b: ['x', 'y'], c: null, d: '3.5', e: '2024-01-02', f: null });
  });
});

describe('App Home', () => {
  it('stays within 100 blocks with unique action ids across sections', () => {
    const section = {
      heading: 'H',
      lines: ['l'],
      buttons: Array.from({ length: 40 }, (_, i) => [{ label: `b${i}`, action: `pl:${i}` }]),
    };
    const view = homeView({ title: 'T', sections: [section, section, section] });
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerView);
    const ids = view.blocks
      .filter((b: { type: string }) => b.type === 'actions')
      .flatMap((b: { elements: { action_id: string }[] }) => b.elements.map((e) => e.action_id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
