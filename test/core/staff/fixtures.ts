// A university as an administrator registers it (no demo, no people but its coordinators), and staff
// lists written in the test.
import type { Db } from '../../../core/db/database.ts';
import { type Actor, loadActor } from '../../../core/people/actor.ts';
import type { Role } from '../../../prisma/generated/client.ts';

export const ZH_HEADERS = ['姓名', '工号', '邮箱', '学院', '人员状态', '手机'];
export const EN_HEADERS = ['Name', 'Staff No.', 'E-mail', 'Department', 'Employment status', 'Mobile'];

export interface University {
  id: string;
  code: string;
  colleges: { mse: string; cs: string };
  coordinator: Actor;
  collegeCoordinator: Actor;
  otherCoordinator: Actor;
  tag: string;
}

let counter = 0;

export async function createUniversity(db: Db): Promise<University> {
  const tag = `${++counter}${Math.random().toString(36).slice(2, 6)}`;
  const code = `SU${tag}`.toUpperCase();
  const uni = await db.institution.create({
    data: {
      code,
      nameZh: '名录理工大学',
      nameEn: 'Directory University',
      kind: 'UNIVERSITY',
      province: '330000',
    },
  });
  const college = (suffix: string, nameZh: string, nameEn: string) =>
    db.institution.create({
      data: {
        code: `${code}-${suffix}`,
        nameZh,
        nameEn,
        kind: 'COLLEGE',
        province: '330000',
        parentId: uni.id,
      },
    });
  const mse = await college('MSE', '材料学院', 'School of Materials');
  const cs = await college('CS', '计算机学院', 'School of Computing');
  const other = await db.institution.create({
    data: { code: `OT${tag}`.toUpperCase(), nameZh: '别的大学', kind: 'UNIVERSITY', province: '320000' },
  });
  const person = async (key: string, name: string, role: Role, institutionId: string) => {
    const p = await db.person.create({
      data: { name, email: `${key}.${tag}@coord.example.cn`, roles: { create: { role, institutionId } } },
    });
    return (await loadActor(db, p.id))!;
  };
  return {
    id: uni.id,
    code,
    colleges: { mse: mse.id, cs: cs.id },
    coordinator: await person('coordinator', '王强', 'UNIVERSITY_COORDINATOR', uni.id),
    collegeCoordinator: await person('college', '李娜', 'COLLEGE_COORDINATOR', mse.id),
    otherCoordinator: await person('other', '赵六', 'UNIVERSITY_COORDINATOR', other.id),
    tag,
  };
}

/** An email unique to this university's test data. */
export const mail = (u: University, local: string) => `${local}.${u.tag}@staff.example.cn`;
