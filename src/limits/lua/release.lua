-- Mirrors AccountState::release (gcra.rs): gives back one admission whose
-- caller dropped the call while it waited.
-- KEYS: the account's hash, then one weekly sorted set per budget.
-- ARGV: the admission's pace, then per budget: name, interval_us, daily
-- quota, weekly quota.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local day = math.floor(now / 86400000000)
local pace = tonumber(ARGV[1])
local n = (#ARGV - 1) / 4
for i = 0, n - 1 do
  local name = ARGV[2 + 4 * i]
  local interval = tonumber(ARGV[3 + 4 * i])
  if interval > 0 then
    local tat = tonumber(redis.call('HGET', KEYS[1], 't:' .. name))
    if tat then
      redis.call('HSET', KEYS[1], 't:' .. name, tat - interval / pace)
    end
  end
  if tonumber(ARGV[4 + 4 * i]) > 0 and tonumber(redis.call('HGET', KEYS[1], 'qd:' .. name)) == day then
    if (tonumber(redis.call('HGET', KEYS[1], 'qn:' .. name)) or 0) > 0 then
      redis.call('HINCRBY', KEYS[1], 'qn:' .. name, -1)
    end
  end
  if tonumber(ARGV[5 + 4 * i]) > 0 then
    redis.call('ZPOPMAX', KEYS[2 + i])
  end
end
return 0
