-- Mirrors AccountState::recover (gcra.rs). KEYS: the account's hash.
-- ARGV: step, then the scopes that recover.
local product = 1
for i = 2, #ARGV do
  local field = 'pace:' .. ARGV[i]
  local pace = tonumber(redis.call('HGET', KEYS[1], field))
  if pace then
    pace = math.min(pace + tonumber(ARGV[1]), 1)
    product = product * pace
    if pace >= 1 then
      redis.call('HDEL', KEYS[1], field, 'why:' .. ARGV[i], 'signals:' .. ARGV[i])
    else
      redis.call('HSET', KEYS[1], field, string.format('%.17g', pace))
    end
  end
end
return string.format('%.17g', product)
