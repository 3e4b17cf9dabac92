// The digest on demand (/progress, /revive progress, the progress button) and its settings (/digest):
// the same figures, chart and table as the weekly message, for whatever scopes the person holds.
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { refuseWith } from '../errors.ts';
import { type Actor, hasRole, institutionsWith } from '../people/actor.ts';
import { authorize } from '../people/authorize.ts';
import { DEFAULT_DIGEST_HOUR, DEFAULT_DIGEST_WEEKDAY } from '../reminders/bureau-digest.ts';
import { DEFAULT_TIME_ZONE, localStamp } from '../time-format.ts';
import { digestDownloadAction, digestMuteAction, digestWeekdayAction } from './actions.ts';
import { type DigestScope, digestFigures } from './figures.ts';
import { digestMessage, digestWorkbookFile, scopeName } from './message.ts';

/** The digests a person may read: their provinces, their universities, the country for administrators. */
export function digestScopesOf(actor: Actor): DigestScope[] {
  const scopes: DigestScope[] = [];
  if (hasRole(actor, 'ADMIN')) scopes.push({ kind: 'country' });
  for (const r of actor.roles)
    if (r.role === 'BUREAU_OFFICER' && r.province) scopes.push({ kind: 'province', province: r.province });
  for (const institutionId of institutionsWith(actor, 'UNIVERSITY_COORDINATOR'))
    scopes.push({ kind: 'institution', institutionId });
  return scopes;
}

/** Refuses a scope the person may not read (a forged or stale button). */
export function authorizeScope(actor: Actor, scope: DigestScope): void {
  if (scope.kind === 'province') authorize(actor, 'progress.viewProvince', { province: scope.province });
  else if (scope.kind === 'institution')
    authorize(actor, 'inventory.export', { institutionId: scope.institutionId });
  else if (!hasRole(actor, 'ADMIN')) refuseWith('progress:refusal.not_your_province');
}

/** One message per scope: the digest's text and chart, with a "download XLSX" button. */
export async function digestReplies(ctx: ChatContext, scopes: DigestScope[]): Promise<OutgoingMessage[]> {
  const replies: OutgoingMessage[] = [];
  for (const scope of scopes) {
    authorizeScope(ctx.actor, scope);
    const { message } = await digestMessage(ctx.db, scope, {
      locale: ctx.locale,
      now: ctx.clock.now(),
      timeZone: DEFAULT_TIME_ZONE,
      withWorkbook: false,
    });
    replies.push({
      ...message,
      buttons: [[button(ctx, 'digest:download', digestDownloadAction.to({ scope }))]],
    });
  }
  replies.at(-1)?.buttons?.push([menuButton(ctx)]);
  return replies;
}

export async function downloadDigest(ctx: ChatContext, scope: DigestScope): Promise<OutgoingMessage[]> {
  authorizeScope(ctx.actor, scope);
  const now = ctx.clock.now();
  const figures = await digestFigures(ctx.db, scope, { now, timeZone: DEFAULT_TIME_ZONE });
  const attachment = await digestWorkbookFile(figures, localStamp(now, DEFAULT_TIME_ZONE), ctx.locale);
  return [
    {
      text: say(ctx, 'digest:download_done', { name: await scopeName(ctx.db, scope, ctx.locale) }),
      confidential: true,
      attachment,
      buttons: [[menuButton(ctx)]],
    },
  ];
}

const isRecipient = (actor: Actor) =>
  actor.roles.some((r) => r.role === 'BUREAU_OFFICER' || r.role === 'UNIVERSITY_COORDINATOR');

/** /digest: when the weekly digest comes; `/digest 8` sets the hour. */
export async function digestSettings(
  ctx: ChatContext,
  change?: { weekday?: number; hour?: number; muted?: boolean },
): Promise<OutgoingMessage[]> {
  if (!isRecipient(ctx.actor)) return [{ text: say(ctx, 'digest:settings.not_recipient') }];
  const personId = ctx.actor.personId;
  const current = (await ctx.db.digestPreference.findUnique({ where: { personId } })) ?? {
    weekday: DEFAULT_DIGEST_WEEKDAY,
    hour: DEFAULT_DIGEST_HOUR,
    muted: false,
  };
  let pref = current;
  if (change) {
    pref = await ctx.db.digestPreference.upsert({
      where: { personId },
      create: { personId, weekday: current.weekday, hour: current.hour, muted: current.muted, ...change },
      update: change,
    });
  }
  const lines = [
    ...(change ? [say(ctx, 'digest:settings.saved')] : []),
    say(ctx, 'digest:settings.show', {
      weekday: say(ctx, `digest:settings.weekday.${pref.weekday}`),
      hour: String(pref.hour).padStart(2, '0'),
      zone: DEFAULT_TIME_ZONE,
      muted: pref.muted ? say(ctx, 'digest:settings.muted') : '',
    }),
  ];
  const days = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    label: `${weekday === pref.weekday ? '✓ ' : ''}${say(ctx, `digest:settings.weekday.${weekday}`)}`,
    action: digestWeekdayAction.to({ weekday }),
  }));
  return [
    {
      text: lines.join('\n'),
      buttons: [
        days.slice(0, 4),
        days.slice(4),
        [
          button(
            ctx,
            pref.muted ? 'digest:settings.unmute' : 'digest:settings.mute',
            digestMuteAction.to({ muted: !pref.muted }),
          ),
        ],
        [menuButton(ctx)],
      ],
    },
  ];
}

export async function digestSettingsCommand(ctx: ChatContext, args: string): Promise<OutgoingMessage[]> {
  const text = args.trim();
  if (text === '') return digestSettings(ctx);
  const hour = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
  if (!(hour >= 0 && hour <= 23)) return [{ text: say(ctx, 'digest:settings.bad_hour') }];
  return digestSettings(ctx, { hour });
}
