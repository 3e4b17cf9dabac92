// The `npm run admin` dispatcher (scripts/admin.ts runs it on the command line; tests run it in
// the test process): one group per file beside this one.

import { runCli, UsageError } from '../cli-support.ts';
import { enterpriseCommands } from './enterprise.ts';
import { expertCommands } from './expert.ts';
import type { AdminGroup } from './group.ts';
import { initCommands } from './init.ts';
import { institutionCommands } from './institution.ts';
import { inviteCommands } from './invite.ts';
import { personCommands } from './person.ts';
import { staffCommands } from './staff.ts';

const GROUPS: Record<string, AdminGroup> = {
  init: initCommands,
  institution: institutionCommands,
  staff: staffCommands,
  invite: inviteCommands,
  enterprise: enterpriseCommands,
  expert: expertCommands,
  person: personCommands,
};

function usage(): string {
  const lines = ['usage: npm run admin -- <group> <command> [options]', ''];
  for (const [name, group] of Object.entries(GROUPS)) {
    for (const [command, entry] of Object.entries(group.commands)) {
      lines.push(`  ${name}${command === '' ? '' : ` ${command}`}  ${entry.usage}`);
    }
  }
  return lines.join('\n');
}

/** Runs one admin command line (without "npm run admin --"); sets process.exitCode. */
export async function runAdmin(argv: readonly string[]): Promise<void> {
  const [groupName, ...rest] = argv;
  if (!groupName || groupName === 'help' || groupName === '--help') {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  await runCli(`admin ${groupName}`, async () => {
    const group = GROUPS[groupName];
    if (!group) throw new UsageError(`unknown group "${groupName}"\n${usage()}`);
    // `init` has no sub-command; every other group has.
    const [commandName = '', ...args] = group.commands[''] ? ['', ...rest] : rest;
    const entry = group.commands[commandName];
    if (!entry)
      throw new UsageError(`unknown command "${groupName} ${commandName}"; see npm run admin -- help`);
    return entry.run(args);
  });
}
