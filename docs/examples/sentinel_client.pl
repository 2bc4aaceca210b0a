# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# How a Perl application talks to a redisops.ha cluster: through Sentinel, with retries.
# Redis.pm 2.000 (Debian 12's libredis-perl).
#
# Configuration comes from the environment, never from the command line:
#   REDIS_SENTINEL_HOSTS     host:port,host:port,host:port   (every Sentinel)
#   REDIS_MASTER_NAME        mymaster
#   REDIS_PASSWORD           the data password (Redis nodes)
#   REDIS_SENTINEL_PASSWORD  the Sentinel password
#
# Run as a script it stores a session, reads it back from the primary and from a replica, and
# prints what it did as JSON (docs/client-integration.md; the lab's Molecule verify runs it).
use strict;
use warnings;
use JSON::PP;
use Redis;
use Redis::Sentinel;
use Time::HiRes qw(sleep time);

my @sentinels = split /\s*,\s*/, $ENV{REDIS_SENTINEL_HOSTS};
my $name = $ENV{REDIS_MASTER_NAME} || 'mymaster';

sub primary_client {
    return Redis->new(
        sentinels => \@sentinels, service => $name,
        sentinels_password => $ENV{REDIS_SENTINEL_PASSWORD}, password => $ENV{REDIS_PASSWORD},
        # Ask the Sentinels again when a connection breaks, for up to 2 s, every 10 ms.
        reconnect => 2, every => 10_000,
        # Short timeouts: a dead node should cost half a second, not minutes.
        cnx_timeout => 0.5, read_timeout => 0.5, write_timeout => 0.5,
        sentinels_cnx_timeout => 0.5);
}

# A failover's errors, all worth retrying. Redis.pm keeps a connection that answers READONLY
# (the demoted primary) and gives up reconnecting after 'reconnect' seconds: build a new client
# for both, which asks the Sentinels again.
my $primary;
sub with_retries {
    my ($operation, $budget) = @_;
    my $deadline = time + ($budget || 10);
    my $pause = 0.01;
    while (1) {
        my @reply = eval { $primary ||= primary_client(); $operation->($primary) };
        return $reply[0] unless $@;
        my $error = "$@";
        die $error if $error =~ /^\[\w+\] / && $error !~ /^\[\w+\] (READONLY|LOADING|MASTERDOWN)/;
        die $error if time + $pause > $deadline;
        undef $primary;
        sleep($pause * (0.5 + rand() / 2));
        $pause = $pause * 2 > 0.1 ? 0.1 : $pause * 2;
    }
}

my $session = sprintf('session:%d-%06d', time * 1000, int(rand(1_000_000)));
with_retries(sub { $_[0]->set($session, encode_json({ user => 42 }), 'EX', 1800) });
my $from_primary = with_retries(sub { $_[0]->get($session) });

# Reads that tolerate staleness may go to a replica the Sentinels report healthy.
my $sentinel = Redis::Sentinel->new(server => $sentinels[0], password => $ENV{REDIS_SENTINEL_PASSWORD},
                                    cnx_timeout => 0.5, read_timeout => 0.5);
my @replicas = grep { ($_->{flags} // '') !~ /s_down|o_down|disconnected/ }
               map { { @$_ } } @{ $sentinel->sentinel('replicas', $name) };
my $from_replica;
if (@replicas) {
    my $replica = Redis->new(server => "$replicas[0]{ip}:$replicas[0]{port}", password => $ENV{REDIS_PASSWORD},
                             cnx_timeout => 0.5, read_timeout => 0.5);
    for (1 .. 50) {
        $from_replica = $replica->get($session);
        last if defined $from_replica;
        sleep 0.02;
    }
}
with_retries(sub { $_[0]->del($session) });
my $address = $sentinel->get_service_address($name);
print encode_json({ primary => $address, wrote => $session, replicas => [ map { "$_->{ip}:$_->{port}" } @replicas ],
                    read_from_primary => defined $from_primary ? JSON::PP::true : JSON::PP::false,
                    read_from_replica => defined $from_replica ? JSON::PP::true : JSON::PP::false,
                    library => "Redis.pm $Redis::VERSION" }), "\n";
exit(defined $from_primary && defined $from_replica ? 0 : 1);
