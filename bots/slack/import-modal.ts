// `/revive import` for whoever may import a list (core/chat/uploads: patent and staff lists for a
// university's coordinator, institutions, enterprises, experts …): a modal with one file input (CSV or
// XLSX) and, for a coordinator, the university the list is for. The submitted file is fetched from
// Slack and handed to core as the same `file` event as an upload in the DM, so core recognises the
// list and imports it with its progress message and error file exactly as there. Which institutions
// are offered is only a convenience for the form: core checks the person's roles again when the file
// arrives.
import { z } from 'zod';
import type { Db } from '../../core/db/database.ts';
import { type Locale, t } from '../../core/i18n.ts';
import { type Actor, institutionsWith } from '../../core/people/actor.ts';
import { type Block, clip, LIMITS } from './blocks.ts';

export const IMPORT_CALLBACK_ID = 'revive_import';
export const IMPORT_FILE_BLOCK = 'import_file';
export const IMPORT_INSTITUTION_BLOCK = 'import_institution';
const FILE_ACTION = 'file';
const INSTITUTION_ACTION = 'institution';
export const IMPORT_FILE_TYPES = ['csv', 'xlsx'] as const;

export interface ImportTarget {
  id: string;
  name: string;
}

/** The universities this person runs the inventory and staff directory of (core needs exactly one). */
export async function importTargets(db: Db, actor: Actor): Promise<ImportTarget[]> {
  const ids = institutionsWith(actor, 'UNIVERSITY_COORDINATOR');
  if (ids.length === 0) return [];
  const institutions = await db.institution.findMany({
    where: { id: { in: ids } },
    orderBy: { code: 'asc' },
  });
  return institutions.map((i) => ({
    id: i.id,
    name: actor.locale === 'en' && i.nameEn ? i.nameEn : i.nameZh,
  }));
}

const plain = (text: string, max: number) => ({ type: 'plain_text', text: clip(text, max), emoji: true });

/** With no target (an administrator, a bureau officer) the form has the file input only. */
export function importModal(targets: ImportTarget[], locale: Locale): Block {
  const say = (key: string) => t(locale, `slack:import.${key}`);
  const options = targets.map((target) => ({
    text: plain(target.name, LIMITS.optionText),
    value: target.id,
  }));
  return {
    type: 'modal',
    callback_id: IMPORT_CALLBACK_ID,
    title: plain(say('title'), LIMITS.viewTitle),
    submit: plain(say('submit'), LIMITS.viewSubmit),
    close: plain(t(locale, 'slack:modal.close'), LIMITS.viewSubmit),
    blocks: [
      ...(options.length === 0
        ? []
        : [
            {
              type: 'input',
              block_id: IMPORT_INSTITUTION_BLOCK,
              label: plain(say('institution'), LIMITS.inputLabel),
              element: {
                type: 'static_select',
                action_id: INSTITUTION_ACTION,
                options,
                ...(options.length === 1 ? { initial_option: options[0] } : {}),
              },
            },
          ]),
      {
        type: 'input',
        block_id: IMPORT_FILE_BLOCK,
        label: plain(say('file'), LIMITS.inputLabel),
        hint: plain(say('file_hint'), LIMITS.hint),
        element: {
          type: 'file_input',
          action_id: FILE_ACTION,
          filetypes: [...IMPORT_FILE_TYPES],
          max_files: 1,
        },
      },
    ],
  };
}

const submittedState = z.object({
  [IMPORT_INSTITUTION_BLOCK]: z
    .object({
      [INSTITUTION_ACTION]: z.object({
        selected_option: z.object({ value: z.string() }).nullish(),
      }),
    })
    .optional(),
  [IMPORT_FILE_BLOCK]: z
    .object({
      [FILE_ACTION]: z.object({
        files: z
          .array(
            z.object({ id: z.string().min(1), name: z.string().nullish(), filetype: z.string().nullish() }),
          )
          .nullish(),
      }),
    })
    .optional(),
});

export type ImportSubmission =
  | { ok: true; fileId: string; institutionId: string | null }
  | { ok: false; errors: Record<string, string> };

const extensionOf = (name: string | null | undefined) => /\.([^.]+)$/.exec(name ?? '')?.[1]?.toLowerCase();

/**
 * The submitted modal's values, checked: one CSV/XLSX file, one of the offered institutions. With
 * nothing to offer (the role was withdrawn since the modal opened) the file goes on to core, which
 * refuses it before downloading anything.
 */
export function readImportSubmission(
  values: unknown,
  targets: ImportTarget[],
  locale: Locale,
): ImportSubmission {
  const say = (key: string) => t(locale, `slack:import.error.${key}`);
  const parsed = submittedState.safeParse(values);
  const state = parsed.success ? parsed.data : {};
  const errors: Record<string, string> = {};
  const institutionId = state[IMPORT_INSTITUTION_BLOCK]?.[INSTITUTION_ACTION].selected_option?.value;
  if (targets.length > 0 && !targets.some((target) => target.id === institutionId)) {
    errors[IMPORT_INSTITUTION_BLOCK] = say('institution');
  }
  const files = state[IMPORT_FILE_BLOCK]?.[FILE_ACTION].files ?? [];
  const [file] = files;
  if (!file || files.length !== 1) errors[IMPORT_FILE_BLOCK] = say('one_file');
  else {
    const type = file.filetype?.toLowerCase() ?? extensionOf(file.name);
    if (!(IMPORT_FILE_TYPES as readonly string[]).includes(type ?? ''))
      errors[IMPORT_FILE_BLOCK] = say('file_type');
  }
  if (Object.keys(errors).length > 0 || !file) return { ok: false, errors };
  return { ok: true, fileId: file.id, institutionId: institutionId ?? null };
}
