# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writers in several client libraries, each an application that writes unique keys through the
Sentinels, so that a failover is measured as each library lives it, not only as redis-py does.

Every writer is a small program in its own language (python: redis-py's Sentinel; ruby: Debian's
ruby-redis; perl: Debian's libredis-perl). It reads its settings as one JSON line on stdin (so no
password is ever on a command line), SETs '<prefix>:<n>' (with a TTL, so that nothing stays behind) at a steady rate, retries any error after
a short pause as an application would, and logs one line per outcome to a file:

    ok <n> <epoch seconds>          the write of key <prefix>:<n> was acknowledged
    err <epoch seconds> <text>      an attempt failed (error class and the start of its message)

It stops on SIGTERM. ClientWriter runs one; summarize() turns its log, the moment of the switch
and which acknowledged keys survived into the figures the tests, the drill and the benchmark use.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

_PYTHON = r'''
import json, signal, sys, time
from redis.backoff import NoBackoff
from redis.retry import Retry
from redis.sentinel import Sentinel
cfg = json.loads(sys.stdin.readline())
stopping = []
signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
# No retry on a Sentinel's connection (docs/client-integration.md): redis-py 6+ retries each one
# ten times with backoff, so a retired Sentinel listed first cost ~4 s per discovery.
sentinel = Sentinel([tuple(s) for s in cfg['sentinels']], socket_timeout=cfg['timeout'],
                    sentinel_kwargs={'password': cfg['sentinel_password'], 'socket_timeout': cfg['timeout'],
                                     'retry': Retry(NoBackoff(), 0)})
master = sentinel.master_for(cfg['master'], username=cfg['username'], password=cfg['data_password'],
                             socket_timeout=cfg['timeout'], socket_connect_timeout=cfg['timeout'])
interval, n = 1.0 / cfg['rate'], 0
with open(cfg['output'], 'w') as out:
    following = time.time()
    while not stopping:
        try:
            master.set('%s:%d' % (cfg['prefix'], n), n, ex=cfg['ttl'])
            out.write('ok %d %.4f\n' % (n, time.time()))
            n += 1
        except Exception as exc:  # an application retries whatever went wrong
            out.write('err %.4f %s: %s\n' % (time.time(), type(exc).__name__, str(exc)[:80]))
            time.sleep(cfg['retry'])
        following = max(following + interval, time.time() - 1)
        time.sleep(max(0.0, following - time.time()))
'''

# redis-rb 4.8: 'role: :master' makes it check ROLE after each connect and ask the Sentinels
# again on a mismatch; it reconnects on a broken connection, but keeps a connection that answers
# READONLY.
_RUBY = r'''
require 'json'
require 'redis'
cfg = JSON.parse($stdin.gets)
stopping = false
trap('TERM') { stopping = true }
sentinels = cfg['sentinels'].map { |host, port| { host: host, port: port, password: cfg['sentinel_password'] } }
options = { url: "redis://#{cfg['master']}", sentinels: sentinels, role: :master,
            password: cfg['data_password'], timeout: cfg['timeout'] }
options[:username] = cfg['username'] if cfg['username']
client = Redis.new(**options)
interval = 1.0 / cfg['rate']
n = 0
File.open(cfg['output'], 'w') do |out|
  following = Time.now.to_f
  until stopping
    begin
      client.set("#{cfg['prefix']}:#{n}", n, ex: cfg['ttl'])
      out.printf("ok %d %.4f\n", n, Time.now.to_f)
      n += 1
    rescue StandardError => e
      out.printf("err %.4f %s: %s\n", Time.now.to_f, e.class.name, e.message[0, 80].tr("\n", ' '))
      sleep cfg['retry']
    end
    following = [following + interval, Time.now.to_f - 1].max
    pause = following - Time.now.to_f
    sleep pause if pause > 0
  end
end
'''

# libredis-perl 2.000: with 'reconnect' it asks the Sentinels again when a connection breaks;
# a connection that answers READONLY is kept. An application that cannot connect at all builds
# a new client.
_PERL = r'''
use strict;
use warnings;
use JSON::PP;
use Redis;
use Time::HiRes qw(time sleep);
my $cfg = decode_json(scalar <STDIN>);
my $stopping = 0;
$SIG{TERM} = sub { $stopping = 1 };
sub client {
    return Redis->new(
        sentinels => [ map { "$_->[0]:$_->[1]" } @{ $cfg->{sentinels} } ],
        service => $cfg->{master}, sentinels_password => $cfg->{sentinel_password},
        (defined $cfg->{username} ? (username => $cfg->{username}) : ()),
        password => $cfg->{data_password}, reconnect => 1, every => 10_000,
        cnx_timeout => $cfg->{timeout}, read_timeout => $cfg->{timeout}, write_timeout => $cfg->{timeout});
}
my $redis;
my $interval = 1.0 / $cfg->{rate};
my $n = 0;
open(my $out, '>', $cfg->{output}) or die "cannot write $cfg->{output}: $!";
my $following = time;
while (!$stopping) {
    my $ok = eval {
        $redis ||= client();
        $redis->set("$cfg->{prefix}:$n", $n, 'EX', $cfg->{ttl});
        1;
    };
    if ($ok) {
        printf $out "ok %d %.4f\n", $n, time;
        $n++;
    } else {
        my $error = substr((defined $@ ? "$@" : 'unknown error'), 0, 80);
        $error =~ s/\s+/ /g;
        printf $out "err %.4f %s\n", time, $error;
        # A server's error reply leaves the connection usable; anything else: a new client.
        undef $redis unless $error =~ /^\[\w+\] /;
        sleep $cfg->{retry};
    }
    $following = $following + $interval;
    $following = time - 1 if $following < time - 1;
    my $pause = $following - time;
    sleep $pause if $pause > 0;
}
close($out);
'''

SOURCES = {'python': (_PYTHON, '.py'), 'ruby': (_RUBY, '.rb'), 'perl': (_PERL, '.pl')}
CLIENTS = tuple(SOURCES)
LIBRARIES = {'python': 'redis-py', 'ruby': 'ruby-redis (redis-rb)', 'perl': 'libredis-perl (Redis.pm)'}


class ClientWriterError(Exception):
    """A writer could not be started or did not behave."""


def interpreter(client):
    if client == 'python':
        return sys.executable
    found = shutil.which(client)
    if not found:
        raise ClientWriterError('the %s writer needs %s on the controller (Debian: %s)'
                                % (client, client, 'ruby-redis' if client == 'ruby' else 'libredis-perl'))
    return found


class ClientWriter:
    """One writer process in one client library."""

    def __init__(self, client, sentinels, master_name, data_password, sentinel_password,
                 prefix, rate=200, username=None, timeout=0.5, retry=0.01, ttl=3600, workdir=None):
        if client not in SOURCES:
            raise ClientWriterError('unknown client %r; known: %s' % (client, ', '.join(CLIENTS)))
        self.client = client
        self.prefix = prefix
        self._workdir = workdir or tempfile.mkdtemp(prefix='redisops-writer-')
        source, suffix = SOURCES[client]
        self._script = os.path.join(self._workdir, '%s-writer%s' % (client, suffix))
        self.output = os.path.join(self._workdir, '%s-writes.log' % client)
        with open(self._script, 'w') as handle:
            handle.write(source)
        self._settings = dict(sentinels=[[host, int(port)] for host, port in sentinels],
                              master=master_name, username=username, data_password=data_password,
                              sentinel_password=sentinel_password, prefix=prefix, rate=float(rate),
                              timeout=float(timeout), retry=float(retry), ttl=int(ttl),
                              output=self.output)
        self._argv = [interpreter(client), self._script]
        self._proc = None
        self._stderr = os.path.join(self._workdir, '%s-stderr.log' % client)

    def start(self):
        with open(self._stderr, 'wb') as errors:
            self._proc = subprocess.Popen(self._argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                          stderr=errors, cwd=self._workdir)
        self._proc.stdin.write((json.dumps(self._settings) + '\n').encode('utf-8'))
        self._proc.stdin.close()
        return self

    def stop(self, timeout=10):
        """Stop the writer and return its log as (acks, errors): acks [(n, time)], errors
        [(time, text)]."""
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        try:
            with open(self.output) as handle:
                acks, errors = parse_log(handle)
        except IOError:
            acks, errors = [], []
        if not acks and not errors:
            with open(self._stderr) as handle:
                detail = handle.read()[-400:].strip()
            raise ClientWriterError('the %s writer exited %s without writing: %s'
                                    % (self.client, self._proc.returncode, detail or 'no output'))
        shutil.rmtree(self._workdir, ignore_errors=True)
        return acks, errors

    def keys(self, acks):
        return ['%s:%d' % (self.prefix, n) for n, _t in acks]


def parse_log(lines):
    acks, errors = [], []
    for line in lines:
        parts = line.rstrip('\n').split(' ', 2)
        if parts[0] == 'ok' and len(parts) == 3:
            acks.append((int(parts[1]), float(parts[2])))
        elif parts[0] == 'err' and len(parts) >= 2:
            errors.append((float(parts[1]), parts[2] if len(parts) > 2 else ''))
    return acks, errors


def _longest_gap(times):
    """The longest pause between two moments, as (start, end); (None, None) with fewer than two."""
    return max(zip(times, times[1:]), key=lambda pair: pair[1] - pair[0], default=(None, None))


def _explain_gap(start, end, errors, steps, origin):
    """What happened during a gap: the steps of the action that ran (the one under way at its
    start, and those begun during it) and the client's first errors, each at seconds from origin."""
    def at(moment):
        return round(moment - origin, 2)
    running = [name for moment, name in steps if moment <= start][-1:]
    begun = ['%s (+%s s)' % (name, at(moment)) for moment, name in steps if start < moment < end]
    failed = ['+%s s %s' % (at(moment), text) for moment, text in errors if start <= moment <= end]
    return dict(from_s=at(start), steps=running + begun[:5], errors=failed[:3])


def _first_after(times, moment):
    later = [t for t in times if t >= moment]
    return round(later[0] - moment, 3) if later else None


def summarize(client, acks, errors, kept, switch_at=None, failure_at=None, ended_at=None, steps=None):
    """One client's figures. kept: for each ack (same order), whether its key is on the final
    primary. switch_at: when the Sentinels switched to the new primary; failure_at: when the
    failure began; ended_at: when the writer was stopped (a client that never wrote again has
    been in a gap since its last write).

    Recovery is the first acknowledged write after the switch (first_write_after_*); the first
    *kept* one (first_kept_write_after_*) differs when the old primary went on acknowledging
    writes that it later discarded, as after a forced failover.

    steps: [(time, name)] of what the failure's action did (e.g. its playbook's tasks); the
    longest gap is then explained (longest_gap: its start, the steps under way, the errors), in
    seconds from failure_at (or from the first write)."""
    times = [t for _n, t in acks]
    gap_start, gap_end = _longest_gap(times + ([ended_at] if ended_at is not None else []))
    kept_times = [t for (_n, t), present in zip(acks, kept) if present]
    late_errors = [t for t, _text in errors if switch_at is not None and t >= switch_at]
    summary = dict(client=client, library=LIBRARIES.get(client, client), acked=len(acks),
                   lost=sum(1 for present in kept if not present), errors=len(errors),
                   longest_gap_s=round(gap_end - gap_start, 3) if gap_start is not None else 0.0,
                   first_error=errors[0][1] if errors else None,
                   last_error_after_switch_s=round(late_errors[-1] - switch_at, 3) if late_errors else None)
    for name, moment in (('switch', switch_at), ('failure', failure_at)):
        if moment is not None:
            summary['first_write_after_%s_s' % name] = _first_after(times, moment)
            summary['first_kept_write_after_%s_s' % name] = _first_after(kept_times, moment)
    if steps is not None and gap_start is not None:
        origin = failure_at if failure_at is not None else times[0]
        summary['longest_gap'] = _explain_gap(gap_start, gap_end, errors, steps, origin)
    return summary


def kept_keys(client, keys, chunk=1000):
    """Which keys exist on the node behind a redis-py client, in order."""
    present = []
    for start in range(0, len(keys), chunk):
        present.extend(value is not None for value in client.mget(keys[start:start + chunk]))
    return present
