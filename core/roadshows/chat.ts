// Answers to roadshow invitations: RSVP buttons, the calendar file, interest in a featured patent.
import { writeFile } from 'node:fs/promises';
import { patentNavigation } from '../assessments/submitted-view.ts';
import { audit } from '../audit.ts';
import type { OutgoingMessage } from '../channel/messages.ts';
import { type ChatContext, menuButton, say } from '../chat/context.ts';
import { chatFilePath } from '../chat/files.ts';
import { Refusal } from '../errors.ts';
import { markMatchInterested } from '../matching/status.ts';
import { enterpriseOf } from '../people/actor.ts';
import { authorizeAsync } from '../people/authorize.ts';
import { roadshowCalendar } from './calendar.ts';
import { expressInterest, respond } from './rsvp.ts';

const CALENDAR_FILE_NAME = 'roadshow.ics';

const RSVP_REPLY = {
  CONFIRMED: 'roadshow:rsvp.confirmed',
  WAITLISTED: 'roadshow:rsvp.waitlisted',
  DECLINED: 'roadshow:rsvp.declined',
  MAYBE: 'roadshow:rsvp.maybe_recorded',
} as const;

export async function answerRsvp(
  ctx: ChatContext,
  roadshowId: string,
  answer: 'YES' | 'NO' | 'MAYBE',
): Promise<OutgoingMessage[]> {
  const { outcome } = await respond(ctx.db, ctx.actor.personId, roadshowId, answer, ctx.clock.now());
  return [{ text: say(ctx, RSVP_REPLY[outcome]), buttons: [[menuButton(ctx)]] }];
}

export async function sendCalendar(ctx: ChatContext, roadshowId: string): Promise<OutgoingMessage[]> {
  const invitation = await ctx.db.invitation.findUnique({
    where: { roadshowId_personId: { roadshowId, personId: ctx.actor.personId } },
    include: { roadshow: true },
  });
  if (!invitation) throw new Refusal({ key: 'roadshow:refusal.not_invited' });
  // A private directory of its own (core/chat/files.ts), not a guessable name in the shared /tmp.
  const file = await chatFilePath(CALENDAR_FILE_NAME);
  await writeFile(file, roadshowCalendar(invitation.roadshow), 'utf8');
  return [
    {
      text: invitation.roadshow.title,
      attachment: { fileName: CALENDAR_FILE_NAME, path: file, mimeType: 'text/calendar' },
    },
  ];
}

/**
 * Interest in a patent: tied to the latest roadshow that featured it for this person, or, for
 * enterprise staff looking at a recommended patent, to no event.
 */
export async function registerInterest(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const featured = await ctx.db.roadshowPatent.findFirst({
    where: { patentId, roadshow: { invitations: { some: { personId: ctx.actor.personId } } } },
    orderBy: { roadshow: { startsAt: 'desc' } },
  });
  const { outcome } = featured
    ? await expressInterest(ctx.db, ctx.actor.personId, featured.roadshowId, patentId)
    : await expressDirectInterest(ctx, patentId);
  const enterpriseId = enterpriseOf(ctx.actor);
  if (enterpriseId) await markMatchInterested(ctx.db, enterpriseId, patentId);
  return [
    {
      text: say(ctx, outcome === 'CREATED' ? 'roadshow:interest.recorded' : 'roadshow:interest.already'),
      // Enterprise staff go on from the patent they looked at; other invitees have no patent list.
      buttons: enterpriseId ? patentNavigation(ctx, patentId) : [[menuButton(ctx)]],
    },
  ];
}

async function expressDirectInterest(ctx: ChatContext, patentId: string) {
  const patent = await authorizeAsync(
    ctx.db,
    ctx.actor,
    'patent.expressInterest',
    await ctx.db.patent.findUnique({ where: { id: patentId } }),
    patentId,
  );
  const { count } = await ctx.db.introduction.createMany({
    data: [{ patentId, requesterId: ctx.actor.personId, roadshowId: null }],
    skipDuplicates: true,
  });
  if (count === 1) {
    await audit(ctx.db, {
      actorId: ctx.actor.personId,
      action: 'introduction.requested',
      subjectType: 'Patent',
      subjectId: patentId,
      institutionId: patent.institutionId,
    });
  }
  return { outcome: count === 1 ? ('CREATED' as const) : ('EXISTS' as const) };
}
