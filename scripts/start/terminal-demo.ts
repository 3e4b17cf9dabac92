// The terminal demo of `npm start` (no bot token set): the person picks one of the demo personas
// seeded on the database (`--as <persona>`, REVIVE_PERSONA, or a menu in both languages) and
// answers in the terminal along the same core path the bots use, until Ctrl-D or /quit.

import { TerminalChannel } from '../../bots/terminal/terminal-channel.ts';
import { readLine, runTerminalChat } from '../../bots/terminal/terminal-chat.ts';
import { watchTerminalOutbox } from '../../bots/terminal/terminal-outbox.ts';
import { createChatService } from '../../core/chat/chat-service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { DEMO_PERSONA_KEYS } from '../../core/demo/demo-data.ts';
import { type Locale, toLocale } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import { both, fail } from './output.ts';

const { stdin, stdout } = process;

interface Persona {
  key: string;
  name: string;
  roles: string[];
  locale: Locale;
}

async function terminalPersonas(db: Database): Promise<Persona[]> {
  const identities = await db.prisma.channelIdentity.findMany({
    where: { channel: 'TERMINAL' },
    include: { person: { include: { roles: true } } },
  });
  const order = (key: string) => {
    const index = (DEMO_PERSONA_KEYS as readonly string[]).indexOf(key);
    return index === -1 ? DEMO_PERSONA_KEYS.length : index;
  };
  return identities
    .map((identity) => ({
      key: identity.externalId,
      name: identity.person.name,
      roles: [...new Set(identity.person.roles.map((r) => r.role))],
      locale: toLocale(identity.person.locale),
    }))
    .sort((a, b) => order(a.key) - order(b.key) || a.key.localeCompare(b.key));
}

function personaLine(persona: Persona, number: number): string {
  const roles = persona.roles.map((role) => both(`terminal:role.${role}`)).join('; ');
  return `  ${number}. ${persona.name} — ${roles}   (--as ${persona.key})`;
}

async function askPersona(personas: Persona[], signal: AbortSignal): Promise<Persona | null> {
  stdout.write(
    `${both('terminal:persona.title')}:\n${personas.map((p, i) => personaLine(p, i + 1)).join('\n')}\n\n`,
  );
  const prompt = `${both('terminal:persona.prompt')} (1–${personas.length}): `;
  for (;;) {
    const line = await readLine(stdin, stdout, prompt, signal);
    if (line === null) return null;
    const typed = line.trim();
    // The number from the menu, or the persona key as with --as.
    const chosen =
      (/^\d+$/.test(typed) ? personas[Number(typed) - 1] : undefined) ??
      personas.find((p) => p.key === typed);
    if (chosen) return chosen;
    stdout.write(`${both('terminal:persona.invalid', { count: personas.length }, '\n')}\n`);
  }
}

export interface TerminalDemoOptions {
  db: Database;
  logger: Logger;
  clock: Clock;
  /** The persona asked for on the command line or in REVIVE_PERSONA; without one a menu asks. */
  requested: string | undefined;
  signal: AbortSignal;
}

/** Runs the terminal chat as the chosen persona; returns the exit code. */
export async function runTerminalDemo({
  db,
  logger,
  clock,
  requested,
  signal,
}: TerminalDemoOptions): Promise<number> {
  const personas = await terminalPersonas(db);
  if (personas.length === 0) return fail(both('terminal:persona.none'));
  let persona: Persona | null | undefined;
  if (requested) {
    persona = personas.find((p) => p.key === requested);
    if (!persona) {
      const list = personas.map((p) => p.key).join(', ');
      return fail(both('terminal:persona.unknown', { persona: requested, list }));
    }
  } else {
    persona = await askPersona(personas, signal);
    if (!persona) return 0;
    stdout.write('\n');
  }
  const { key, locale: fallbackLocale } = persona;
  logger.info({ persona: key }, 'terminal chat started');
  const chat = createChatService({ db: db.prisma, logger, clock });
  const channel = new TerminalChannel({ output: stdout, locale: fallbackLocale });
  // What the outbox holds for this persona (no worker runs in the demo) is shown as it comes due.
  const stopOutbox = watchTerminalOutbox({ db: db.prisma, clock, logger, channel, persona: key });
  const end = await runTerminalChat({
    chat,
    persona: key,
    input: stdin,
    output: stdout,
    // The person may have switched language with /lang during the session.
    locale: async () => {
      const current = await db.prisma.person
        .findFirst({ where: { identities: { some: { channel: 'TERMINAL', externalId: key } } } })
        .catch(() => null);
      return toLocale(current?.locale ?? fallbackLocale);
    },
    channel,
    signal,
  });
  stopOutbox();
  logger.info({ persona: key, end }, 'terminal chat ended');
  return 0;
}
