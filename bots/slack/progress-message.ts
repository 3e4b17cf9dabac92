// A long operation's progress (an import): posted once in the DM, then edited in place.
import type { webApi } from '@slack/bolt';
import type { OutgoingMessage } from '../../core/channel/messages.ts';
import { toSlackMessages } from './blocks.ts';

export interface ProgressMessage {
  posted(): boolean;
  send(message: OutgoingMessage): Promise<void>;
}

export function progressMessage(client: webApi.WebClient, channel: string): ProgressMessage {
  let ts: string | undefined;
  return {
    posted: () => ts !== undefined,
    async send(message) {
      const [part] = toSlackMessages({ text: message.text });
      if (!part) return;
      const blocks = part.blocks as webApi.KnownBlock[];
      if (ts) {
        await client.chat.update({ channel, ts, text: part.text, blocks });
        return;
      }
      ts = (await client.chat.postMessage({ channel, text: part.text, blocks })).ts;
    },
  };
}

/** The final state of a progress message replaces it in place instead of following it. */
export async function settleProgress(
  progress: ProgressMessage,
  replies: OutgoingMessage[],
): Promise<OutgoingMessage[]> {
  if (!progress.posted()) return replies;
  const last = replies.find((r) => r.slot === 'progress' && !r.buttons && !r.attachment);
  if (!last) return replies;
  await progress.send(last);
  return replies.filter((r) => r !== last);
}
