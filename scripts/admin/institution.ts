// npm run admin -- institution add --code ZJU --name-zh 浙江大学 --name-en "Zhejiang University" --kind university
//                                  --credit-code <18 characters> --province 浙江 --city 杭州 [--college CS:计算机学院[:English]]…
// npm run admin -- institution import <file.csv|file.xlsx> [--errors <path>]
// npm run admin -- institution edit <code> [--code …] [--name-zh …] [--name-en …] [--kind …] [--credit-code …] [--province …] [--city …]
// npm run admin -- institution deactivate|reactivate|show <code>
// npm run admin -- institution list [--all] [--province <code or name>]
// npm run admin -- institution college add <university code> --code CS --name-zh 计算机学院 [--name-en …]
// npm run admin -- institution college edit|deactivate|reactivate <college code> [--code …] [--name-zh …] [--name-en …]
// Every command takes [--as <email>] (act as that person, their roles checked; without it, as the
// operator at the server's command line) and [--locale en] (default zh-CN). Provinces and cities are
// GB/T 2260 codes or names in Chinese or English (浙江 / Zhejiang / 330000). Institutions and colleges
// through the same use cases as the chat (core/institutions); refusals are printed in the chosen
// language with every reason, and nothing is written.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { Refusal } from '../../core/errors.ts';
import { type Locale, t } from '../../core/i18n.ts';
import type { RawInstitution } from '../../core/institutions/fields.ts';
import { importInstitutions } from '../../core/institutions/import.ts';
import {
  addCollege,
  deactivateCollege,
  deactivateInstitution,
  editCollege,
  editInstitution,
  findInstitution,
  InvalidInstitutionInput,
  listInstitutions,
  reactivateCollege,
  reactivateInstitution,
  registerInstitution,
} from '../../core/institutions/institutions.ts';
import {
  renderChanges,
  renderInstitution,
  renderInstitutionImportReport,
  renderInstitutionList,
} from '../../core/institutions/report.ts';
import { authorize } from '../../core/people/authorize.ts';
import { resolveProvince } from '../../core/regions/regions.ts';
import {
  type CliContext,
  EXIT_FAILED,
  errorFileBase,
  importExitCode,
  openCli,
  readableFileSize,
  resolveActor,
  UsageError,
} from '../cli-support.ts';
import type { AdminCommand, AdminGroup } from './group.ts';

const write = (text: string) => process.stdout.write(`${text}\n`);
const k = (key: string) => `institutions:cli.${key}`;

const COMMON = { as: { type: 'string' }, locale: { type: 'string' } } as const;
const FIELDS = {
  code: { type: 'string' },
  'name-zh': { type: 'string' },
  'name-en': { type: 'string' },
  kind: { type: 'string' },
  'credit-code': { type: 'string' },
  province: { type: 'string' },
  city: { type: 'string' },
} as const;

type FieldValues = Partial<Record<keyof typeof FIELDS, string>>;

const raw = (values: FieldValues): RawInstitution => ({
  code: values.code,
  nameZh: values['name-zh'],
  nameEn: values['name-en'],
  kind: values.kind,
  creditCode: values['credit-code'],
  province: values.province,
  city: values.city,
});

/** "CS:计算机学院:College of Computer Science" → a college. */
function collegeOption(text: string): RawInstitution {
  const [code, nameZh, ...english] = text.split(/[:：]/);
  if (!code || !nameZh) throw new UsageError(`--college "${text}": write CODE:中文名称[:English name]`);
  return { code, nameZh, nameEn: english.join(':') || undefined };
}

/**
 * Opens the command's context, runs it, and prints a refusal in the chosen language with every
 * reason (runCli would print only the first, in the server's default language).
 */
async function withCli(
  command: string,
  values: { as?: string; locale?: string },
  run: (ctx: CliContext, actor: Awaited<ReturnType<typeof resolveActor>>) => Promise<number>,
): Promise<number> {
  const ctx = await openCli(`admin institution ${command}`, values.locale);
  try {
    const actor = await resolveActor(ctx, values.as);
    return await run(ctx, actor);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    process.stderr.write(`${refusalText(error, ctx.locale, `revive admin institution ${command}`)}\n`);
    return EXIT_FAILED;
  } finally {
    await ctx.db.close();
  }
}

function refusalText(error: Refusal, locale: Locale, prefix: string): string {
  const reasons =
    error instanceof InvalidInstitutionInput ? error.issues.map((i) => i.reason) : [error.reason];
  const lines = reasons.map((r) => t(locale, r.key, r.params));
  return lines.length === 1
    ? `${prefix}: ${lines[0]}`
    : [`${prefix}:`, ...lines.map((l) => `  - ${l}`)].join('\n');
}

function codeArgument(positionals: string[], what: string): string {
  const code = positionals[0];
  if (!code || positionals.length > 1) throw new UsageError(`${what} takes exactly one code`);
  return code;
}

function activation(kind: 'institution' | 'college', active: boolean): AdminCommand {
  const name = active ? 'reactivate' : 'deactivate';
  return {
    usage: `<${kind === 'college' ? 'college ' : ''}code> [--as <email>] [--locale en]`,
    async run(args) {
      const { values, positionals } = parseArgs({
        args,
        strict: true,
        allowPositionals: true,
        options: COMMON,
      });
      const code = codeArgument(positionals, name);
      const command = kind === 'college' ? `college ${name}` : name;
      return withCli(command, values, async (ctx, actor) => {
        const use =
          kind === 'college'
            ? active
              ? reactivateCollege
              : deactivateCollege
            : active
              ? reactivateInstitution
              : deactivateInstitution;
        const { institution, changed } = await use(ctx.db.prisma, actor, code, ctx.clock.now());
        const key = active
          ? changed
            ? 'reactivated'
            : 'already_active'
          : changed
            ? 'deactivated'
            : 'already_deactivated';
        write(t(ctx.locale, k(key), { code: institution.code, name: institution.nameZh }));
        return 0;
      });
    },
  };
}

const collegeCommands: Record<string, AdminCommand> = {
  add: {
    usage: '<university code> --code <code> --name-zh <名称> [--name-en <name>] [--as <email>] [--locale en]',
    async run(args) {
      const { values, positionals } = parseArgs({
        args,
        strict: true,
        allowPositionals: true,
        options: { ...COMMON, code: FIELDS.code, 'name-zh': FIELDS['name-zh'], 'name-en': FIELDS['name-en'] },
      });
      const university = codeArgument(positionals, 'college add');
      return withCli('college add', values, async (ctx, actor) => {
        const college = await addCollege(ctx.db.prisma, actor, university, raw(values), ctx.clock.now());
        write(
          t(ctx.locale, k('college_added'), {
            university: university.toUpperCase(),
            code: college.code,
            name: college.nameZh,
          }),
        );
        return 0;
      });
    },
  },
  edit: {
    usage:
      '<college code> [--code <code>] [--name-zh <名称>] [--name-en <name>] [--as <email>] [--locale en]',
    async run(args) {
      const { values, positionals } = parseArgs({
        args,
        strict: true,
        allowPositionals: true,
        options: { ...COMMON, code: FIELDS.code, 'name-zh': FIELDS['name-zh'], 'name-en': FIELDS['name-en'] },
      });
      const code = codeArgument(positionals, 'college edit');
      return withCli('college edit', values, async (ctx, actor) => {
        const outcome = await editCollege(ctx.db.prisma, actor, code, raw(values), ctx.clock.now());
        write(editedText(ctx.locale, outcome.institution.code, outcome.changes));
        return 0;
      });
    },
  },
  deactivate: activation('college', false),
  reactivate: activation('college', true),
};

function editedText(locale: Locale, code: string, changes: Parameters<typeof renderChanges>[0]): string {
  return changes.length === 0
    ? t(locale, k('no_changes'), { code })
    : t(locale, k('edited'), { code, changes: renderChanges(changes, locale) });
}

export const institutionCommands: AdminGroup = {
  commands: {
    add: {
      usage:
        '--code <ZJU> --name-zh <名称> --name-en <name> --kind university|research-institute|hospital --credit-code <18 characters> --province <浙江|330000> --city <杭州|330100> [--college CODE:名称[:name]]… [--as <email>] [--locale en]',
      async run(args) {
        const { values } = parseArgs({
          args,
          strict: true,
          options: { ...COMMON, ...FIELDS, college: { type: 'string', multiple: true } },
        });
        const colleges = (values.college ?? []).map(collegeOption);
        return withCli('add', values, async (ctx, actor) => {
          const institution = await registerInstitution(
            ctx.db.prisma,
            actor,
            { ...raw(values), colleges },
            ctx.clock.now(),
          );
          write(t(ctx.locale, k('registered'), { code: institution.code, name: institution.nameZh }));
          write(renderInstitution(institution, ctx.locale));
          return 0;
        });
      },
    },

    import: {
      usage: '<file.csv|file.xlsx> [--errors <path>] [--as <email>] [--locale en]',
      async run(args) {
        const { values, positionals } = parseArgs({
          args,
          strict: true,
          allowPositionals: true,
          options: { ...COMMON, errors: { type: 'string' } },
        });
        const file = positionals[0];
        if (!file || positionals.length > 1) {
          throw new UsageError('the file to import is required: institution import <file.csv|file.xlsx>');
        }
        await readableFileSize(file);
        return withCli('import', values, async (ctx, actor) => {
          const bar = new cliProgress.SingleBar(
            {
              format: `{bar} {percentage}% | {value}/{total} ${t(ctx.locale, k('rows'))} | ${t(ctx.locale, k('rejected'))} {failed}`,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          );
          let started = false;
          const base = errorFileBase(file, values.errors);
          const summary = await importInstitutions(ctx.db.prisma, {
            actor,
            fileName: path.basename(file),
            open: async () => createReadStream(file),
            clock: ctx.clock,
            locale: ctx.locale,
            errorFileBase: base,
            logger: ctx.logger,
            onProgress: (p) => {
              if (!started) bar.start(p.total, 0, { failed: 0 });
              started = true;
              bar.update(p.done, { failed: p.failed });
            },
          });
          if (started) bar.stop();
          write(renderInstitutionImportReport(summary, path.basename(file), ctx.locale));
          return importExitCode(summary);
        });
      },
    },

    edit: {
      usage:
        '<code> [--code <new code>] [--name-zh …] [--name-en …] [--kind …] [--credit-code …] [--province …] [--city …] [--as <email>] [--locale en]',
      async run(args) {
        const { values, positionals } = parseArgs({
          args,
          strict: true,
          allowPositionals: true,
          options: { ...COMMON, ...FIELDS },
        });
        const code = codeArgument(positionals, 'edit');
        return withCli('edit', values, async (ctx, actor) => {
          const outcome = await editInstitution(ctx.db.prisma, actor, code, raw(values), ctx.clock.now());
          write(editedText(ctx.locale, outcome.institution.code, outcome.changes));
          return 0;
        });
      },
    },

    deactivate: activation('institution', false),
    reactivate: activation('institution', true),

    show: {
      usage: '<code> [--as <email>] [--locale en]',
      async run(args) {
        const { values, positionals } = parseArgs({
          args,
          strict: true,
          allowPositionals: true,
          options: COMMON,
        });
        const code = codeArgument(positionals, 'show');
        return withCli('show', values, async (ctx, actor) => {
          authorize(actor, 'institution.list');
          const found = await findInstitution(ctx.db.prisma, code);
          if (!found) throw new Refusal({ key: 'institutions:refusal.unknown', params: { code } });
          const children = await ctx.db.prisma.institution.findMany({
            where: { parentId: found.id },
            orderBy: { code: 'asc' },
          });
          write(renderInstitution({ ...found, children }, ctx.locale));
          return 0;
        });
      },
    },

    list: {
      usage: '[--all] [--province <浙江|330000>] [--as <email>] [--locale en]',
      async run(args) {
        const { values } = parseArgs({
          args,
          strict: true,
          options: { ...COMMON, all: { type: 'boolean' }, province: { type: 'string' } },
        });
        const province = values.province === undefined ? undefined : resolveProvince(values.province);
        if (values.province !== undefined && !province) {
          throw new UsageError(
            `--province: "${values.province}" is not a province (e.g. 浙江, Zhejiang, 330000)`,
          );
        }
        return withCli('list', values, async (ctx, actor) => {
          const institutions = await listInstitutions(ctx.db.prisma, actor, {
            includeDeactivated: values.all === true,
            ...(province ? { province: province.code } : {}),
          });
          write(renderInstitutionList(institutions, ctx.locale));
          return 0;
        });
      },
    },

    college: {
      usage: `add|edit|deactivate|reactivate …  (${Object.entries(collegeCommands)
        .map(([name, c]) => `college ${name} ${c.usage}`)
        .join('; ')})`,
      async run(args) {
        const [name, ...rest] = args;
        const command = name ? collegeCommands[name] : undefined;
        if (!command) {
          throw new UsageError(
            `institution college takes add, edit, deactivate or reactivate; see npm run admin -- help`,
          );
        }
        return command.run(rest);
      },
    },
  },
};
