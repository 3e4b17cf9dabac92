// `npm run admin -- person export | delete` (PIPL, issue 12): administrators and the operator only,
// the file holds the person's data, the deletion anonymizes them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n.ts';
import { anonymizedName } from '../../core/people/privacy.ts';
import { adminInProcess } from '../support/admin-cli.ts';
import { createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../support/databases.ts';

describe('npm run admin -- person export, delete', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'revive-person-cli-'));
    await db.prisma.person.create({
      data: { name: '管理员', email: 'root@cli.example.cn', roles: { create: { role: 'ADMIN' } } },
    });
    await db.prisma.person.create({ data: { name: '普通人', email: 'plain@cli.example.cn' } });
    await db.prisma.person.create({
      data: {
        name: '发明人',
        email: 'inv@cli.example.cn',
        mobile: '13800000000',
        identities: { create: { channel: 'TERMINAL', externalId: 'inv-cli' } },
      },
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.close();
  });

  const admin = (args: string[]) => {
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${db.name}`;
    return adminInProcess(args, { DATABASE_URL: url.toString(), DATA_DIR: dir });
  };

  it('exports and deletes for an administrator, refuses others', async () => {
    const refused = await admin([
      'person',
      'delete',
      '--email',
      'inv@cli.example.cn',
      '--as',
      'plain@cli.example.cn',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(t('zh-CN', 'people:refusal.not_allowed'));

    const out = path.join(dir, 'inv.json');
    const exported = await admin([
      'person',
      'export',
      '--email',
      'inv@cli.example.cn',
      '--out',
      out,
      '--as',
      'root@cli.example.cn',
    ]);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    const document = JSON.parse(await readFile(out, 'utf8'));
    expect(document.person).toMatchObject({ name: '发明人', mobile: '13800000000' });
    expect(document.channelIdentities).toEqual([
      { channel: 'TERMINAL', externalId: 'inv-cli', address: null },
    ]);

    const person = await db.prisma.person.findFirstOrThrow({ where: { email: 'inv@cli.example.cn' } });
    const deleted = await admin(['person', 'delete', '--email', 'inv@cli.example.cn']);
    expect(deleted).toMatchObject({ code: 0, stderr: '' });
    expect(deleted.stdout).toContain(t('zh-CN', 'privacy:cli.deleted', { name: '发明人', count: 1 }));
    const after = await db.prisma.person.findUniqueOrThrow({ where: { id: person.id } });
    expect(after).toMatchObject({ name: anonymizedName(person.id), email: null, mobile: null });
    const actions = (await db.prisma.auditLog.findMany({ where: { subjectId: person.id } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['person.data-exported', 'person.deleted']);
  });
});
