-- Mirrors AccountState::stop (gcra.rs). KEYS: the account's stop.
-- ARGV: the reason (an error kind), the cool-down in µs (empty: until
-- reset), now (empty: the server's TIME).
-- The key expires when the stop ends; admit.lua reads that end back on
-- the server's clock and compares it with its own now, so a caller's
-- clock (the tests') decides alike.
local cool = tonumber(ARGV[2])
if not cool then
  redis.call('SET', KEYS[1], ARGV[1])
  return 0
end
local t = redis.call('TIME')
local clock = tonumber(t[1]) * 1000000 + tonumber(t[2])
local now = tonumber(ARGV[3]) or clock
local px = math.ceil((now + cool - clock) / 1000)
if px > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', px)
end
return 0
