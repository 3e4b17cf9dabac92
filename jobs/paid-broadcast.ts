// Paid broadcast in the job layer: which rows of a batch go with allow_paid_broadcast — those of a
// roadshow an administrator allowed it for (core/delivery/paid-broadcast.ts), as long as the day's
// spending stays under the configured cap. The spending is counted in Redis per UTC day, shared by
// every worker, before the messages go (a message counted and then not sent costs nothing but
// budget). If Redis loses the count (a restart without persistence), the day starts again from 0.
import type { Redis } from 'ioredis';
import type { ChannelName } from '../core/channel/messages.ts';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../core/db/database.ts';
import { paidBroadcastRows, STARS_PER_PAID_MESSAGE } from '../core/delivery/paid-broadcast.ts';
import { formatLocal } from '../core/time-format.ts';

export interface PaidBroadcastOptions {
  /** The daily cap in Stars (TELEGRAM_PAID_BROADCAST_STARS_PER_DAY). */
  starsPerDay: number;
  prefix?: string;
}

// KEYS[1] the day's count; ARGV[1] requested; ARGV[2] the most allowed. Returns how many are granted.
const GRANT = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local granted = math.max(0, math.min(tonumber(ARGV[1]), tonumber(ARGV[2]) - used))
if granted > 0 then
  redis.call('INCRBY', KEYS[1], granted)
  redis.call('EXPIRE', KEYS[1], 172800)
end
return granted
`;

type GrantingRedis = Redis & {
  grantPaidMessages(key: string, requested: number, most: number): Promise<number>;
};

export function paidBroadcastPolicy(db: Db, redis: Redis, clock: Clock, options: PaidBroadcastOptions) {
  const client = redis as GrantingRedis;
  if (!client.grantPaidMessages) client.defineCommand('grantPaidMessages', { numberOfKeys: 1, lua: GRANT });
  const most = Math.floor(options.starsPerDay / STARS_PER_PAID_MESSAGE);
  return async (
    rows: readonly { id: string; channel: ChannelName; payload: unknown }[],
  ): Promise<Set<string>> => {
    const eligible = [...(await paidBroadcastRows(db, rows))];
    if (eligible.length === 0) return new Set();
    const day = formatLocal(clock.now(), 'UTC', 'yyyy-MM-dd');
    const granted = await client.grantPaidMessages(
      `${options.prefix || 'bull'}:paid-broadcast:TELEGRAM:${day}`,
      eligible.length,
      most,
    );
    return new Set(eligible.slice(0, granted));
  };
}
