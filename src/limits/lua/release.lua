-- Mirrors AccountState::release (gcra.rs): gives back one admission whose
-- caller dropped the call while it waited, as admit.lua reported it. A
-- budget's arrival time goes back only while it still holds what this
-- admission set (no call came after it): else the slot stays empty.
-- KEYS: the account's hash, then one weekly sorted set per budget.
-- ARGV: now (empty: the server's TIME), the call's start, then per budget:
-- name, arrival time before (empty: none) and after (empty: not paced),
-- daily quota, weekly quota.
local t = redis.call('TIME')
local now = tonumber(ARGV[1]) or tonumber(t[1]) * 1000000 + tonumber(t[2])
local day = math.floor(now / 86400000000)
local n = (#ARGV - 2) / 5
for i = 0, n - 1 do
  local name, before, after = ARGV[3 + 5 * i], ARGV[4 + 5 * i], tonumber(ARGV[5 + 5 * i])
  if after and tonumber(redis.call('HGET', KEYS[1], 't:' .. name)) == after then
    if before == '' then
      redis.call('HDEL', KEYS[1], 't:' .. name)
    else
      redis.call('HSET', KEYS[1], 't:' .. name, before)
    end
  end
  if tonumber(ARGV[6 + 5 * i]) > 0 and tonumber(redis.call('HGET', KEYS[1], 'qd:' .. name)) == day then
    if (tonumber(redis.call('HGET', KEYS[1], 'qn:' .. name)) or 0) > 0 then
      redis.call('HINCRBY', KEYS[1], 'qn:' .. name, -1)
    end
  end
  if tonumber(ARGV[7 + 5 * i]) > 0 then
    -- The call's own entry (any one of those with its start).
    local own = redis.call('ZRANGEBYSCORE', KEYS[2 + i], ARGV[2], ARGV[2], 'LIMIT', 0, 1)
    if own[1] then
      redis.call('ZREM', KEYS[2 + i], own[1])
    end
  end
end
return 0
