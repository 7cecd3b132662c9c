import { env } from "../../env.ts";
import { workerRedis } from "../../queue/worker-redis.ts";

// GCRA (generic cell rate algorithm) in one atomic script, on Redis's clock so
// every worker process on every machine shares one limit and one time.
// Returns 0 when a message may go now, else how many ms to wait.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local wait = tat + interval - burst - now
if wait > 0 then return math.ceil(wait) end
redis.call('SET', KEYS[1], tostring(tat + interval), 'PX', math.ceil(tat + interval - now) + 1000)
return 0
`;

/**
 * Takes one slot of `perSecond` for a workspace and channel; resolves the ms
 * to wait (0: send now). Up to one second's worth may go at once, then the
 * rate is smooth.
 */
export async function takeSendSlot(workspaceId: number, channel: string, perSecond: number): Promise<number> {
  const interval = 1000 / perSecond;
  const key = `${env.QUEUE_PREFIX}:send-rate:${workspaceId}:${channel}`;
  const wait = await workerRedis().eval(SCRIPT, 1, key, String(interval), String(1000));
  return Number(wait);
}
