-- Mirrors AccountState::slow_down (gcra.rs). KEYS: the account's hash.
-- ARGV: scope (`all` or a kind), why, decrease, floor, state TTL.
local field = 'pace:' .. ARGV[1]
local pace = tonumber(redis.call('HGET', KEYS[1], field)) or 1
pace = math.max(pace * tonumber(ARGV[3]), tonumber(ARGV[4]))
if pace >= 1 then
  redis.call('HDEL', KEYS[1], field, 'why:' .. ARGV[1], 'signals:' .. ARGV[1])
else
  redis.call('HSET', KEYS[1], field, string.format('%.17g', pace), 'why:' .. ARGV[1], ARGV[2])
  redis.call('HINCRBY', KEYS[1], 'signals:' .. ARGV[1], 1)
end
redis.call('EXPIRE', KEYS[1], ARGV[5])
return string.format('%.17g', pace)
