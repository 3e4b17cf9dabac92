// What the roadshow wizard accepts beyond the question types: local times in the coordinator's time
// zone, http(s) links, IPC prefixes and region codes, and the roadshow the answers describe.
import { describe, expect, it } from 'vitest';
import {
  checkField,
  parseIpcPrefixes,
  parseLocalTime,
  parseRegions,
  roadshowFromAnswers,
} from '../../../core/roadshows/create-fields.ts';

const env = { timeZone: 'Asia/Shanghai', now: new Date('2026-11-28T00:00:00Z') };
const draft = {
  institutionId: '00000000-0000-4000-8000-000000000001',
  roadshowId: '00000000-0000-4000-8000-000000000002',
  patentIds: ['00000000-0000-4000-8000-000000000003'],
};

describe('roadshow wizard fields', () => {
  it('reads a local time as people type it, in their time zone', () => {
    const expected = new Date('2026-12-10T06:00:00Z');
    for (const typed of [
      '2026-12-10 14:00',
      '2026/12/10 14:00',
      '2026年12月10日 14:00',
      '２０２６-12-10T14:00',
    ]) {
      expect(parseLocalTime(typed, 'Asia/Shanghai')).toEqual(expected);
    }
    expect(parseLocalTime('2026-12-10 14:00', 'Europe/Berlin')).toEqual(new Date('2026-12-10T13:00:00Z'));
    for (const wrong of ['2026-02-30 10:00', '2026-12-10 24:00', '2026-12-10', '明天下午']) {
      expect(parseLocalTime(wrong, 'Asia/Shanghai')).toBeNull();
    }
  });

  it('normalizes good answers and names what is wrong with bad ones', () => {
    expect(checkField('startsAt', '2026年12月10日 9:05', env)).toEqual({
      ok: true,
      value: '2026-12-10 09:05',
    });
    expect(checkField('startsAt', '2026-11-27 10:00', env)).toMatchObject({
      error: { key: 'roadshow:create.error.time_past' },
    });
    expect(checkField('onlineUrl', 'javascript:alert(1)', env)).toMatchObject({
      error: { key: 'roadshow:create.error.url' },
    });
    expect(checkField('onlineUrl', ' https://meeting.example.cn/1 ', env)).toEqual({
      ok: true,
      value: 'https://meeting.example.cn/1',
    });
    expect(checkField('location', '  ', env)).toEqual({ ok: true, value: '  ' });
    // The pair of times is checked as soon as the second is typed, either way round.
    const withStart = { ...env, answers: { startsAt: '2026-12-10 14:00' } };
    expect(checkField('endsAt', '2026-12-10 13:59', withStart)).toMatchObject({
      error: { key: 'roadshow:create.error.end_before_start' },
    });
    expect(checkField('endsAt', '2026-12-10 16:00', withStart)).toEqual({
      ok: true,
      value: '2026-12-10 16:00',
    });
    expect(
      checkField('startsAt', '2026-12-10 17:00', { ...env, answers: { endsAt: '2026-12-10 16:00' } }),
    ).toMatchObject({ error: { key: 'roadshow:create.error.start_after_end' } });
    expect(parseIpcPrefixes('h01m，G06N 3/; H02J H01L')).toEqual(['H01M', 'G06N 3/', 'H02J', 'H01L']);
    expect(parseIpcPrefixes('battery')).toBeNull();
    expect(parseRegions('330000 3301、32')).toEqual(['33', '3301', '32']);
    expect(parseRegions('330')).toBeNull();
  });

  it('turns the answers into a roadshow, asking again where it does not hold together', () => {
    const answers = {
      title: '新能源材料专利路演',
      startsAt: '2026-12-10 14:00',
      endsAt: '2026-12-10 13:00',
      location: '科技园',
      inventors: true,
    };
    expect(roadshowFromAnswers(answers, draft, [], env)).toMatchObject({
      ok: false,
      questionId: 'endsAt',
      error: { key: 'roadshow:create.error.end_before_start' },
    });
    const { endsAt: _end, location: _place, ...bare } = answers;
    expect(roadshowFromAnswers(bare, draft, [], env)).toMatchObject({ ok: false, questionId: 'location' });
    const checked = roadshowFromAnswers(
      { ...bare, onlineUrl: 'https://m.example.cn/1', capacity: 30 },
      draft,
      [{ ipcCodes: ['H01M 10/0562', 'H01M 4/62'] }, { ipcCodes: ['G06N 3/08'] }],
      env,
    );
    expect(checked).toEqual({
      ok: true,
      roadshow: {
        id: draft.roadshowId,
        institutionId: draft.institutionId,
        title: '新能源材料专利路演',
        startsAt: new Date('2026-12-10T06:00:00Z'),
        onlineUrl: 'https://m.example.cn/1',
        capacity: 30,
        patentIds: draft.patentIds,
        audience: { enterpriseIpc: ['H01M', 'G06N'], regions: [], inventors: true },
      },
    });
  });
});
