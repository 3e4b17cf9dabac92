// A bureau officer's menu offers what they can do: the province's progress (the same overview as
// /progress), besides the enterprises waiting for verification.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { digestDownloadAction } from '../../../core/digest/actions.ts';
import { t } from '../../../core/i18n.ts';
import { importHelpAction } from '../../../core/inventory/actions.ts';
import { progressAction } from '../../../core/progress/actions.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

describe('the bureau officer in the chat', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    await db.prisma.institution.create({
      data: { code: 'BM-U1', nameZh: '浙江示范大学', kind: 'UNIVERSITY', province: '330000' },
    });
    await db.prisma.person.create({
      data: {
        name: '省局老周',
        roles: { create: { role: 'BUREAU_OFFICER', province: '330000' } },
        identities: { create: { channel: 'TERMINAL', externalId: 'bureau', address: 'bureau' } },
      },
    });
  }, 60_000);
  afterAll(() => db?.close());

  const send = (
    event: { kind: 'command'; command: string; args: string } | { kind: 'action'; action: string },
  ) =>
    createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() }).handle({
      channel: 'TERMINAL',
      userId: 'bureau',
      chatIsPrivate: true,
      event,
    });

  it('shows the province and a progress button that answers as /progress does', async () => {
    const menu = await send({ kind: 'command', command: 'menu', args: '' });
    expect(menu[0]!.text).toContain(t('zh-CN', 'progress:bureau_menu.summary', { provinces: '浙江省' }));
    expect(menu[0]!.text).not.toContain(t('zh-CN', 'chat:menu.no_actions'));
    const actions = menu[0]!.buttons!.flat().map((b) => b.action);
    expect(actions).toContain(progressAction.to());
    expect(actions).toContain(importHelpAction.to());
    const pressed = await send({ kind: 'action', action: progressAction.to() });
    const typed = await send({ kind: 'command', command: 'progress', args: '' });
    expect(pressed[0]!.text).toBe(typed[0]!.text);
    expect(pressed[0]!.text).toContain('浙江示范大学');
    // Then the province's digest: text, chart and a button that downloads the full table.
    const digest = typed[1]!;
    expect(digest.text).toContain(t('zh-CN', 'digest:units', { count: 1, behind: 0 }));
    expect(digest.image?.mimeType).toBe('image/png');
    const download = digest.buttons!.flat().find((b) => b.label === t('zh-CN', 'digest:download'))!;
    expect(download.action).toBe(
      digestDownloadAction.to({ scope: { kind: 'province', province: '330000' } }),
    );
    const file = await send({ kind: 'action', action: download.action });
    expect(file[0]!.attachment?.fileName).toMatch(/\.xlsx$/);
    // Another province's table is refused, as a forged button would be.
    const forged = await send({
      kind: 'action',
      action: digestDownloadAction.to({ scope: { kind: 'province', province: '310000' } }),
    });
    expect(forged[0]!.attachment).toBeUndefined();
    expect(forged[0]!.text).toContain(t('zh-CN', 'progress:refusal.not_your_province'));
  });
});
