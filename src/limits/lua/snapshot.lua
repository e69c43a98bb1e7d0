-- Mirrors AccountState::snapshot (gcra.rs), read-only, as JSON. Times are
-- relative to now (cjson keeps 14 digits: µs since the epoch need 16).
-- KEYS: the account's hash, its stop, then one weekly sorted set per budget.
-- ARGV: now (empty: the server's TIME), then the budget names (as many as
-- weekly keys), then the pace scopes.
local t = redis.call('TIME')
local clock = tonumber(t[1]) * 1000000 + tonumber(t[2])
local now = tonumber(ARGV[1]) or clock
local week = 7 * 86400000000
local day = math.floor(now / 86400000000)
local snapshot = {now_us = now, paces = {}, budgets = {}}
local stop = redis.call('GET', KEYS[2])
if stop then
  -- As admit.lua: the end on the server's clock, what is left at now.
  local ttl = redis.call('PTTL', KEYS[2])
  if ttl < 0 then
    snapshot.stop = {stop, cjson.null}
  elseif clock + ttl * 1000 > now then
    snapshot.stop = {stop, clock + ttl * 1000 - now}
  end
end
local n = #KEYS - 2
for i = 1, n do
  local name = ARGV[1 + i]
  local state = {today = 0}
  local tat = tonumber(redis.call('HGET', KEYS[1], 't:' .. name))
  if tat then
    state.tat_in = tat - now
  end
  if tonumber(redis.call('HGET', KEYS[1], 'qd:' .. name)) == day then
    state.today = tonumber(redis.call('HGET', KEYS[1], 'qn:' .. name)) or 0
  end
  local starts = redis.call('ZRANGEBYSCORE', KEYS[2 + i],
    '(' .. string.format('%.17g', now - week), '+inf', 'WITHSCORES')
  if #starts > 0 then
    state.week_in = {}
    for j = 2, #starts, 2 do
      table.insert(state.week_in, tonumber(starts[j]) - now)
    end
  end
  snapshot.budgets[name] = state
end
for i = n + 2, #ARGV do
  local scope = ARGV[i]
  local factor = tonumber(redis.call('HGET', KEYS[1], 'pace:' .. scope))
  if factor then
    snapshot.paces[scope] = {
      factor = factor,
      why = redis.call('HGET', KEYS[1], 'why:' .. scope) or '',
      signals = tonumber(redis.call('HGET', KEYS[1], 'signals:' .. scope)) or 0,
    }
  end
end
return cjson.encode(snapshot)
