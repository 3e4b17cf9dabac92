// A small world for matching tests: two institutions in different provinces, pool and non-pool
// patents, an enterprise with reachable staff (Chinese on the terminal, English on Telegram, one
// with no chat identity) and an enterprise nobody can be reached at.

import type { Db } from '../../../core/db/database.ts';
import type { InventoryStatus, LegalStatus } from '../../../prisma/generated/client.ts';

export interface MatchingWorld {
  zhejiang: string;
  beijing: string;
  enterpriseId: string;
  unreachableEnterpriseId: string;
  staffZh: string;
  /** The terminal user id 王采购 chats with. */
  staffZhUserId: string;
  staffEn: string;
  staffSilent: string;
  outsider: string;
  patents: Record<PatentKey, string>;
}

type PatentKey = 'electrolyte' | 'additive' | 'cathode' | 'network' | 'solar' | 'submitted' | 'lapsed';

const LONG_ABSTRACT =
  '本发明公开了一种硫化物固态电解质及其制备方法，所述固态电解质具有高离子电导率和良好的空气稳定性，' +
  '可用于全固态锂电池。制备方法包括球磨、热处理和冷压成型等步骤，工艺简单，成本低，适合规模化生产。'.repeat(
    3,
  );

const PATENTS: Record<
  PatentKey,
  {
    title: string;
    abstract: string | null;
    ipcCodes: string[];
    holder: 'zhejiang' | 'beijing';
    inventoryStatus?: InventoryStatus;
    legalStatus?: LegalStatus;
  }
> = {
  // main IPC in the enterprise's group, keyword in the title, same province: 60 + 20 + 10
  electrolyte: {
    title: '一种硫化物固态电解质及其制备方法',
    abstract: LONG_ABSTRACT,
    ipcCodes: ['H01M 10/0562', 'H01M 4/62'],
    holder: 'zhejiang',
  },
  // main IPC in the group, other province: 60
  additive: {
    title: 'Electrolyte additive for high-voltage cells',
    abstract: null,
    ipcCodes: ['H01M 10/052'],
    holder: 'beijing',
  },
  // a secondary IPC in the subclass (25) and "Battery" in the abstract, any case (15): 40
  cathode: {
    title: 'Cathode material and preparation method',
    abstract: 'A cathode for a lithium BATTERY with a high specific capacity.',
    ipcCodes: ['C01B 25/45', 'H01M 4/13'],
    holder: 'beijing',
  },
  // main IPC in a subclass of interest: 25 × 1.5
  network: {
    title: 'Neural network accelerator',
    abstract: 'A hardware accelerator.',
    ipcCodes: ['G06N 3/08'],
    holder: 'beijing',
  },
  // only the class (H01) and the province: 15 + 10, under the threshold
  solar: { title: '一种光伏组件', abstract: null, ipcCodes: ['H01L 31/04'], holder: 'zhejiang' },
  // would match, but is not in the pool / not valid
  submitted: {
    title: '固态电解质膜',
    abstract: null,
    ipcCodes: ['H01M 10/0562'],
    holder: 'zhejiang',
    inventoryStatus: 'SUBMITTED',
  },
  lapsed: {
    title: '固态电解质涂层',
    abstract: null,
    ipcCodes: ['H01M 10/0562'],
    holder: 'zhejiang',
    legalStatus: 'LAPSED',
  },
};

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

async function person(
  db: Db,
  name: string,
  locale: string,
  enterpriseId: string | null,
  identity: { channel: 'TERMINAL' | 'TELEGRAM'; externalId: string } | null,
) {
  const row = await db.person.create({
    data: {
      name,
      locale,
      email: `${unique()}@example.com`,
      ...(enterpriseId ? { roles: { create: { role: 'ENTERPRISE_STAFF', enterpriseId } } } : {}),
      ...(identity ? { identities: { create: { ...identity, address: identity.externalId } } } : {}),
    },
  });
  return row.id;
}

export async function buildMatchingWorld(db: Db): Promise<MatchingWorld> {
  const institution = (code: string, nameZh: string, nameEn: string, province: string) =>
    db.institution.create({
      data: { code: `${code}${unique()}`, nameZh, nameEn, kind: 'UNIVERSITY', province },
    });
  const zhejiang = (await institution('ZJ', '之江理工大学', 'Zhijiang University of Technology', '330000'))
    .id;
  const beijing = (await institution('BJ', '燕京工业大学', 'Yanjing Institute of Technology', '110000')).id;
  const enterprise = await db.enterprise.create({
    data: {
      name: '杭州固能电池有限公司',
      creditCode: `91330100${unique()}`,
      region: '330106',
      types: ['HIGH_TECH'],
      ipcInterests: ['H01M 10/05', 'G06N'],
      keywords: ['固态电解质', 'Battery'],
      status: 'VERIFIED', // only verified enterprises receive pushes (core/enterprises)
    },
  });
  const unreachable = await db.enterprise.create({
    data: {
      name: '北京无人可达科技有限公司',
      creditCode: `91110000${unique()}`,
      region: '110105',
      types: ['OTHER'],
      ipcInterests: ['H01M'],
      keywords: [],
      status: 'VERIFIED',
    },
  });
  await person(db, '无聊天账号的员工', 'zh-CN', unreachable.id, null);
  const patents = {} as Record<PatentKey, string>;
  let n = 0;
  for (const [key, p] of Object.entries(PATENTS) as [PatentKey, (typeof PATENTS)[PatentKey]][]) {
    n += 1;
    const row = await db.patent.create({
      data: {
        applicationNumber: `2024${unique()}.${n}`,
        title: p.title,
        abstract: p.abstract,
        type: 'INVENTION',
        ipcCodes: p.ipcCodes,
        applicationDate: new Date(`2021-0${n}-01`),
        legalStatus: p.legalStatus ?? 'VALID',
        inventoryStatus: p.inventoryStatus ?? 'IN_POOL',
        patentees: [],
        institutionId: p.holder === 'zhejiang' ? zhejiang : beijing,
        inventors: { create: { position: 1, name: '李发明' } },
      },
    });
    patents[key] = row.id;
  }
  const staffZhUserId = `zh-${unique()}`;
  return {
    staffZhUserId,
    zhejiang,
    beijing,
    enterpriseId: enterprise.id,
    unreachableEnterpriseId: unreachable.id,
    staffZh: await person(db, '王采购', 'zh-CN', enterprise.id, {
      channel: 'TERMINAL',
      externalId: staffZhUserId,
    }),
    staffEn: await person(db, 'Alice Buyer', 'en', enterprise.id, {
      channel: 'TELEGRAM',
      externalId: `${Date.now()}`,
    }),
    staffSilent: await person(db, '赵静默', 'zh-CN', enterprise.id, null),
    outsider: await person(db, '外人', 'zh-CN', null, { channel: 'TERMINAL', externalId: `out-${unique()}` }),
    patents,
  };
}
