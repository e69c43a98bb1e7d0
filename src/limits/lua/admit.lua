-- Mirrors AccountState::admit (gcra.rs) step for step, in floating-point µs.
-- KEYS: the account's hash, its stop, then one weekly sorted set per budget.
-- ARGV: now (empty: the server's TIME), state TTL, the call's kind (or
-- empty), the longest wait in µs (empty: none), then per budget: name,
-- interval_us, burst, daily quota, weekly quota.
local t = redis.call('TIME')
local clock = tonumber(t[1]) * 1000000 + tonumber(t[2])
local now = tonumber(ARGV[1]) or clock
local stop = redis.call('GET', KEYS[2])
if stop then
  -- The stop's end on the server's clock (PTTL -1: until reset), then
  -- what is left of it at now.
  local ttl = redis.call('PTTL', KEYS[2])
  if ttl < 0 then
    return {1, stop, '-1'}
  end
  local left = clock + ttl * 1000 - now
  if left > 0 then
    return {1, stop, string.format('%.17g', left)}
  end
end
local pace = tonumber(redis.call('HGET', KEYS[1], 'pace:all')) or 1
if ARGV[3] ~= '' then
  pace = pace * (tonumber(redis.call('HGET', KEYS[1], 'pace:' .. ARGV[3])) or 1)
end
local day = math.floor(now / 86400000000)
local week = 7 * 86400000000
local n = (#ARGV - 4) / 5
local function arg(i, field)
  return ARGV[4 + 5 * i + field]
end
for i = 0, n - 1 do
  local name, quota = arg(i, 1), tonumber(arg(i, 4))
  if quota > 0 then
    local used = 0
    if tonumber(redis.call('HGET', KEYS[1], 'qd:' .. name)) == day then
      used = tonumber(redis.call('HGET', KEYS[1], 'qn:' .. name)) or 0
    end
    if used >= quota then
      return {2, name, string.format('%.17g', (day + 1) * 86400000000 - now)}
    end
  end
end
for i = 0, n - 1 do
  local weekly = tonumber(arg(i, 5))
  if weekly > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[3 + i], '-inf', string.format('%.17g', now - week))
    if redis.call('ZCARD', KEYS[3 + i]) >= weekly then
      local oldest = redis.call('ZRANGE', KEYS[3 + i], 0, 0, 'WITHSCORES')
      return {3, arg(i, 1), string.format('%.17g', tonumber(oldest[2]) + week - now)}
    end
  end
end
local start = now
for i = 0, n - 1 do
  local interval = tonumber(arg(i, 2))
  if interval > 0 then
    interval = interval / pace
    local tolerance = 0
    if pace >= 1 then
      tolerance = (math.max(tonumber(arg(i, 3)), 1) - 1) * interval
    end
    local tat = tonumber(redis.call('HGET', KEYS[1], 't:' .. arg(i, 1))) or 0
    start = math.max(start, tat - tolerance)
  end
end
local max_wait = tonumber(ARGV[4])
if max_wait and start - now > max_wait then
  return {4, '', string.format('%.17g', start - now)}
end
-- Per budget, the arrival time before and after (empty: none, not paced),
-- exactly as stored: what release.lua compares and restores.
local arrivals = {}
local at = string.format('%.17g', start)
for i = 0, n - 1 do
  local name, interval = arg(i, 1), tonumber(arg(i, 2))
  local before, after = '', ''
  if interval > 0 then
    before = redis.call('HGET', KEYS[1], 't:' .. name) or ''
    after = string.format('%.17g', math.max(tonumber(before) or 0, start) + interval / pace)
    redis.call('HSET', KEYS[1], 't:' .. name, after)
  end
  arrivals[#arrivals + 1] = before
  arrivals[#arrivals + 1] = after
  if tonumber(arg(i, 4)) > 0 then
    if tonumber(redis.call('HGET', KEYS[1], 'qd:' .. name)) ~= day then
      redis.call('HSET', KEYS[1], 'qd:' .. name, day, 'qn:' .. name, 0)
    end
    redis.call('HINCRBY', KEYS[1], 'qn:' .. name, 1)
  end
  if tonumber(arg(i, 5)) > 0 then
    -- The start and a counter: unique even after the hash expired.
    local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
    redis.call('ZADD', KEYS[3 + i], at, at .. ':' .. seq)
    redis.call('EXPIRE', KEYS[3 + i], 8 * 86400)
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return {0, string.format('%.17g', start - now), string.format('%.17g', pace), at, unpack(arrivals)}
