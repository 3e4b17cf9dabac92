// The shipped manifest asks for exactly what the bot uses: its slash command, the events it listens
// to, interactivity, and the scopes of the Web API methods it calls.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../../../bots/slack/commands.ts';

const manifest = readFileSync(new URL('../../../bots/slack/manifest.yml', import.meta.url), 'utf8');

/** The "- item" entries of a YAML list under `key:` (comments dropped). */
function listUnder(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  expect(start, `${key} in manifest`).toBeGreaterThanOrEqual(0);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^\s*- ([^#]+?)\s*(#.*)?$/.exec(line);
    if (!match) break;
    items.push(match[1]!);
  }
  return items;
}

describe('Slack app manifest', () => {
  it('declares the slash command the bot registers', () => {
    expect(manifest).toContain(`- command: ${SLASH_COMMAND}\n`);
  });

  it('subscribes to exactly the events the bot handles', () => {
    expect(listUnder('bot_events').sort()).toEqual(['app_home_opened', 'message.im']);
  });

  it('asks for exactly the scopes of the methods the bot calls', () => {
    // commands: /revive; chat:write: chat.postMessage, chat.postEphemeral; im:write: conversations.open;
    // im:history: message.im; users:read + users:read.email: users.info with the profile email;
    // files:read: url_private_download of an upload; files:write: files.uploadV2.
    // views.open / views.update / views.publish need no scope.
    expect(listUnder('bot').sort()).toEqual(
      [
        'chat:write',
        'commands',
        'files:read',
        'files:write',
        'im:history',
        'im:write',
        'users:read',
        'users:read.email',
      ].sort(),
    );
  });

  it('enables interactivity (buttons, modals) and the Home tab', () => {
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/home_tab_enabled: true/);
  });
});
