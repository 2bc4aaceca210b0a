# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# How a Ruby application talks to a redisops.ha cluster: through Sentinel, with retries.
# redis-rb 4.8 (Debian 12's ruby-redis); the same options exist in redis-rb 5.
#
# Configuration comes from the environment, never from the command line:
#   REDIS_SENTINEL_HOSTS     host:port,host:port,host:port   (every Sentinel)
#   REDIS_MASTER_NAME        mymaster
#   REDIS_PASSWORD           the data password (Redis nodes)
#   REDIS_SENTINEL_PASSWORD  the Sentinel password
#
# Run as a script it stores a session, reads it back from the primary and from a replica, and
# prints what it did as JSON (docs/client-integration.md; the lab's Molecule verify runs it).
require 'json'
require 'redis'
require 'securerandom'

# A failover's errors, all worth retrying. READONLY: this connection still reaches the demoted
# primary; redis-rb keeps such a connection, so close it and let the next call ask the Sentinels.
TRANSIENT_REPLIES = /\A(READONLY|LOADING|MASTERDOWN)/.freeze

def sentinels_from_environment
  ENV.fetch('REDIS_SENTINEL_HOSTS').split(',').map do |item|
    host, _sep, port = item.strip.rpartition(':')
    { host: host.delete('[]'), port: Integer(port), password: ENV['REDIS_SENTINEL_PASSWORD'] }
  end
end

def client(role)
  Redis.new(url: "redis://#{ENV.fetch('REDIS_MASTER_NAME', 'mymaster')}",
            sentinels: sentinels_from_environment,
            role: role, # :master checks ROLE after connecting and asks the Sentinels again on a mismatch
            password: ENV['REDIS_PASSWORD'],
            # Short timeouts: a dead node should cost half a second, not minutes.
            connect_timeout: 0.5, read_timeout: 0.5, write_timeout: 0.5)
end

def with_retries(redis, budget: 10.0, first_pause: 0.01, longest_pause: 0.1)
  deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + budget
  pause = first_pause
  begin
    yield
  rescue Redis::BaseConnectionError, Redis::CommandError => e
    raise if e.is_a?(Redis::CommandError) && e.message !~ TRANSIENT_REPLIES
    raise if Process.clock_gettime(Process::CLOCK_MONOTONIC) + pause > deadline

    redis.close if e.message.start_with?('READONLY')
    sleep(pause * (0.5 + rand / 2))
    pause = [pause * 2, longest_pause].min
    retry
  end
end

primary = client(:master) # keep them for the life of the process
replica = client(:slave)
session = "session:#{SecureRandom.uuid}"
with_retries(primary) { primary.set(session, JSON.generate(user: 42), ex: 1800) }
from_primary = with_retries(primary) { primary.get(session) }
# Replicas lag by a few milliseconds: read your own writes from the primary.
from_replica = nil
50.times do
  from_replica = with_retries(replica) { replica.get(session) }
  break if from_replica

  sleep 0.02
end
with_retries(primary) { primary.del(session) }
# What the Sentinels report, for the record (any Sentinel will do).
first = sentinels_from_environment.first
replicas = Redis.new(**first, connect_timeout: 0.5, read_timeout: 0.5)
                .sentinel('replicas', ENV.fetch('REDIS_MASTER_NAME', 'mymaster'))
                .map { |fields| "#{fields['ip']}:#{fields['port']}" }
result = { primary: "#{primary.connection[:host]}:#{primary.connection[:port]}", replicas: replicas, wrote: session,
           read_from_primary: !from_primary.nil?, read_from_replica: !from_replica.nil?,
           library: "redis-rb #{Redis::VERSION}" }
puts JSON.generate(result)
exit(result[:read_from_primary] && result[:read_from_replica] ? 0 : 1)
