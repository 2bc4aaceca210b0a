# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client writers' log format and the per-client figures, on made-up logs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.redisops.ha.plugins.module_utils.client_writers import (
    ClientWriter, ClientWriterError, parse_log, summarize)


def test_parse_log_reads_acks_and_errors():
    acks, errors = parse_log(['ok 0 100.5\n', 'err 100.6 Redis::CommandError: READONLY You can\'t\n',
                              'ok 1 100.7\n', 'garbage\n', 'err 100.8\n'])
    assert acks == [(0, 100.5), (1, 100.7)]
    assert errors == [(100.6, "Redis::CommandError: READONLY You can't"), (100.8, '')]


def test_a_client_stranded_on_the_demoted_primary_never_recovers():
    acks = [(n, 100 + n * 0.1) for n in range(10)]            # writes until 100.9
    errors = [(101 + n * 0.1, 'READONLY') for n in range(50)]  # then READONLY until 105.9
    row = summarize('ruby', acks, errors, [True] * 10, switch_at=101.5, failure_at=101.0, ended_at=106.0)
    assert row['first_write_after_switch_s'] is None and row['first_write_after_failure_s'] is None
    assert row['longest_gap_s'] == pytest.approx(5.1)          # last write to the end of the run
    assert row['last_error_after_switch_s'] == pytest.approx(4.4)
    assert row['errors'] == 50 and row['first_error'] == 'READONLY' and row['lost'] == 0


def test_writes_the_old_primary_discarded_are_no_recovery():
    # A forced failover: the old primary acknowledges writes until 103.0 and discards those
    # after the switch at 101.0; writes land on the new primary from 103.2.
    acks = [(n, 100 + n * 0.2) for n in range(15)] + [(15, 103.2), (16, 103.4)]
    kept = [t < 101.0 or t >= 103.2 for _n, t in acks]
    row = summarize('perl', acks, [], kept, switch_at=101.0, failure_at=100.9)
    assert row['first_write_after_switch_s'] == pytest.approx(0.0)
    assert row['first_kept_write_after_switch_s'] == pytest.approx(2.2)
    assert row['lost'] == 10 and row['acked'] == 17


def test_the_longest_gap_names_the_steps_under_way_and_the_errors():
    acks = [(0, 100.0), (1, 100.5), (2, 104.0), (3, 104.1)]   # the gap: 100.5 to 104.0
    errors = [(99.0, 'before'), (101.0, 'TimeoutError: Timeout reading from socket'), (102.0, 'b'),
              (103.0, 'c'), (103.5, 'd'), (104.5, 'after')]
    steps = [(99.5, 'TASK [Install]'), (100.2, 'TASK [Stop the old Sentinel]'), (102.5, 'TASK [Start it]'),
             (104.2, 'TASK [Later]')]
    row = summarize('python', acks, errors, [True] * 4, failure_at=100.0, steps=steps)
    assert row['longest_gap_s'] == pytest.approx(3.5)
    assert row['longest_gap'] == {
        'from_s': 0.5,
        'steps': ['TASK [Stop the old Sentinel]', 'TASK [Start it] (+2.5 s)'],
        'errors': ['+1.0 s TimeoutError: Timeout reading from socket', '+2.0 s b', '+3.0 s c']}


def test_without_steps_or_writes_the_gap_is_not_explained():
    assert 'longest_gap' not in summarize('perl', [(0, 1.0), (1, 2.0)], [], [True, True])
    row = summarize('perl', [], [], [], failure_at=1.0, steps=[])
    assert row['longest_gap_s'] == 0.0 and 'longest_gap' not in row


def test_an_unknown_client_is_refused():
    with pytest.raises(ClientWriterError, match='unknown client'):
        ClientWriter('cobol', [('127.0.0.1', 26379)], 'mymaster', 'x', 'y', prefix='p')
