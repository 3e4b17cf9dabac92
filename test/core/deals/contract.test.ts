// The contract of a deal attached in the chat (issue 17): "📎 附上合同文件" under the recorded deal
// waits for the next file, which is checked (type, content, size), kept privately under DATA_DIR and
// audited; wrong files are refused with nothing kept, other institutions and enterprises are
// refused, /menu leaves the wait.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingEvent, OutgoingMessage } from '../../../core/channel/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { loadConversation } from '../../../core/chat/conversation.ts';
import { attachContractAction } from '../../../core/deals/contract-chat.ts';
import { t } from '../../../core/i18n.ts';
import { decodeAction } from '../../support/actions.ts';
import { testClock } from '../../support/clock.ts';
import { type TemporaryDataDir, temporaryDataDir } from '../../support/data-dir.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { type Fixture, seedFixture } from '../digest/fixture.ts';

const NOW = new Date('2024-06-03T02:00:00Z');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);
const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);

const fileEvent = (
  fileName: string,
  mimeType: string | null,
  bytes: Buffer,
  size: number | null = bytes.length,
) => {
  const opened = { count: 0 };
  const event: IncomingEvent = {
    kind: 'file',
    fileName,
    mimeType,
    size,
    open: async () => {
      opened.count += 1;
      return Readable.from([bytes]);
    },
  };
  return { event, opened };
};

describe.each(DATABASE_KINDS)('deal contracts on %s', (kind) => {
  let db: TestDatabase;
  let fx: Fixture;
  let dataDir: string;
  let dataDirHandle: TemporaryDataDir | undefined;

  beforeAll(async () => {
    dataDirHandle = await temporaryDataDir('revive-contracts-');
    dataDir = dataDirHandle.path;
    db = await createTestDatabase(kind);
    fx = await seedFixture(db.prisma);
    const enterprise = await db.prisma.enterprise.findFirstOrThrow({ where: { name: '企业一' } });
    await db.prisma.person.create({
      data: {
        name: '企业管理员',
        roles: { create: { role: 'ENTERPRISE_ADMIN', enterpriseId: enterprise.id } },
        identities: { create: { channel: 'TERMINAL', externalId: 'fx-enterprise' } },
      },
    });
  });
  afterAll(async () => {
    await dataDirHandle?.restore();
    await db?.close();
  });

  const send = (userId: string, event: IncomingEvent) =>
    createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock(NOW) }).handle({
      channel: 'TERMINAL',
      userId,
      chatIsPrivate: true,
      event,
    });
  const command = (userId: string, name: string, args = '') =>
    send(userId, { kind: 'command', command: name, args });
  const press = (userId: string, action: string) => send(userId, { kind: 'action', action });
  const offered = (replies: OutgoingMessage[]) =>
    replies.flatMap((r) => (r.buttons ?? []).flat()).map((b) => decodeAction(b.action));
  const flowOf = async (personId: string) =>
    (await loadConversation(db.prisma, personId, 'TERMINAL')).state.flow;
  const contractOf = async (dealId: string) =>
    (await db.prisma.transformationRecord.findUniqueOrThrow({ where: { id: dealId } })).contractFile;
  const keptDirs = async () => (await readdir(path.join(dataDir, 'contracts')).catch(() => [])).length;

  /** Records a deal on the patent with `/deal`, returning the deal the reply's attach button names. */
  async function recordWithButton(patentId: string, type: string): Promise<string> {
    const patent = await db.prisma.patent.findUniqueOrThrow({ where: { id: patentId } });
    const replies = await command('fx-coord', 'deal', `${patent.applicationNumber} ${type}`);
    const attach = replies[0]!.buttons!.flat().find((b) => decodeAction(b.action)?.type === 'attachContract');
    expect(attach?.label).toBe(zh('deals:contract.attach_button'));
    const deal = await db.prisma.transformationRecord.findFirstOrThrow({
      where: { patentId },
      orderBy: { createdAt: 'desc' },
    });
    expect(decodeAction(attach!.action)).toEqual({ type: 'attachContract', dealId: deal.id });
    return deal.id;
  }

  it('attaches the contract privately under DATA_DIR, audited, and replaces it after a confirmation', async () => {
    const dealId = await recordWithButton(fx.patents.a1, 'transfer');
    const prompt = await press('fx-coord', attachContractAction.to({ dealId }));
    expect(prompt[0]!.text).toContain(zh('deals:contract.limits', { mb: 20 }));
    expect(await flowOf(fx.coordinator)).toBe('deal-contract');

    const { event } = fileEvent('甲方 合同.pdf', 'application/pdf', PDF);
    const done = await send('fx-coord', event);
    const relative = await contractOf(dealId);
    expect(done[0]!.text).toBe(
      zh('deals:contract.attached', { file: '甲方_合同.pdf', title: await patentTitle(fx.patents.a1) }),
    );
    expect(relative).toMatch(/^contracts\/deal-[^/]+\/甲方_合同\.pdf$/);
    expect(await readFile(path.join(dataDir, relative!))).toEqual(PDF);
    expect((await stat(path.dirname(path.join(dataDir, relative!)))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dataDir, relative!))).mode & 0o077).toBe(0);
    expect(await flowOf(fx.coordinator)).toBe('idle');
    const audits = await db.prisma.auditLog.findMany({ where: { action: 'deal.contract_attached' } });
    expect(audits.map((a) => a.actorId)).toEqual([fx.coordinator]);

    // A deal with a contract asks first; the new file replaces the old one, which is removed.
    const question = await press('fx-coord', attachContractAction.to({ dealId }));
    expect(await flowOf(fx.coordinator)).toBe('idle');
    const replace = offered(question).find((a) => a?.type === 'replaceContract');
    expect(replace).toEqual({ type: 'replaceContract', dealId });
    await press('fx-coord', question[0]!.buttons![0]![0]!.action);
    const replaced = await send('fx-coord', fileEvent('scan.png', 'image/png', PNG).event);
    expect(replaced[0]!.text).toContain('scan.png');
    const after = await contractOf(dealId);
    expect(after).toMatch(/^contracts\/deal-[^/]+\/scan\.png$/);
    expect(existsSync(path.join(dataDir, relative!))).toBe(false);
    expect(await readFile(path.join(dataDir, after!))).toEqual(PNG);
  });

  async function patentTitle(patentId: string) {
    return (await db.prisma.patent.findUniqueOrThrow({ where: { id: patentId } })).title;
  }

  it('refuses a wrong type, a renamed file and an oversize file with nothing kept, until /menu', async () => {
    const dealId = await recordWithButton(fx.patents.a2, 'ordinary');
    await press('fx-coord', attachContractAction.to({ dealId }));
    const before = await keptDirs();

    const exe = await send('fx-coord', fileEvent('合同.exe', 'application/x-msdownload', PDF).event);
    expect(exe[0]!.text).toContain(zh('deals:contract.wrong_type', { file: '合同.exe' }));
    const renamed = await send(
      'fx-coord',
      fileEvent('合同.pdf', 'application/pdf', Buffer.from('MZ\x90\x00')).event,
    );
    expect(renamed[0]!.text).toContain(zh('deals:contract.wrong_content', { file: '合同.pdf' }));
    // Declared too large: refused before it is downloaded.
    const declared = fileEvent('big.pdf', 'application/pdf', PDF, 21 * 1024 * 1024);
    const big = await send('fx-coord', declared.event);
    expect(big[0]!.text).toContain(zh('deals:refusal.contract_too_large'));
    expect(declared.opened.count).toBe(0);
    // Size unknown, found too large while reading.
    const huge = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]);
    const streamed = await send('fx-coord', fileEvent('huge.pdf', null, huge, null).event);
    expect(streamed[0]!.text).toContain(zh('deals:refusal.contract_too_large'));

    expect(await contractOf(dealId)).toBeNull();
    expect(await keptDirs()).toBe(before);
    expect(
      await db.prisma.auditLog.count({
        where: { action: 'deal.contract_attached', subjectId: fx.patents.a2 },
      }),
    ).toBe(0);
    // Still waiting: typed text is reminded of the file; /menu leaves the wait.
    expect((await send('fx-coord', { kind: 'text', text: '稍等' }))[0]!.text).toContain(
      zh('deals:contract.waiting'),
    );
    expect(await flowOf(fx.coordinator)).toBe('deal-contract');
    await command('fx-coord', 'menu');
    expect(await flowOf(fx.coordinator)).toBe('idle');
    // A PDF sent now is no contract: it goes to the list import, which cannot read it.
    const later = await send('fx-coord', fileEvent('合同.pdf', 'application/pdf', PDF).event);
    const title = await patentTitle(fx.patents.a2);
    expect(later[0]!.text).not.toBe(zh('deals:contract.attached', { file: '合同.pdf', title }));
    expect(await contractOf(dealId)).toBeNull();
  });

  it("refuses another institution's deal, an enterprise, and a coordinator who lost the role meanwhile", async () => {
    const cDeal = await db.prisma.transformationRecord.findFirstOrThrow({
      where: { patentId: fx.patents.c0 },
    });
    const refusal = `⛔ ${zh('deals:refusal.not_allowed')}`;
    expect((await press('fx-coord', attachContractAction.to({ dealId: cDeal.id })))[0]!.text).toBe(refusal);
    expect(await flowOf(fx.coordinator)).toBe('idle');
    const aDeal = await db.prisma.transformationRecord.findFirstOrThrow({
      where: { patentId: fx.patents.a0 },
    });
    expect((await press('fx-enterprise', attachContractAction.to({ dealId: aDeal.id })))[0]!.text).toBe(
      refusal,
    );

    // Authorized again when the file arrives: a coordinator removed in between is refused.
    const second = await db.prisma.person.create({
      data: {
        name: '协调人乙',
        roles: { create: { role: 'UNIVERSITY_COORDINATOR', institutionId: fx.a } },
        identities: { create: { channel: 'TERMINAL', externalId: 'fx-coord-2' } },
      },
    });
    await press('fx-coord-2', attachContractAction.to({ dealId: aDeal.id }));
    expect(await flowOf(second.id)).toBe('deal-contract');
    await db.prisma.roleAssignment.deleteMany({ where: { personId: second.id } });
    await db.prisma.roleAssignment.create({
      data: { personId: second.id, role: 'INVENTOR', institutionId: fx.a },
    });
    const late = await send('fx-coord-2', fileEvent('合同.pdf', 'application/pdf', PDF).event);
    expect(late[0]!.text).toBe(refusal);
    expect(await contractOf(aDeal.id)).toBeNull();
    expect(await flowOf(second.id)).toBe('idle');
  });
});
