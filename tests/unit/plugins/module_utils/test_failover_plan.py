# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The failover's plan, before anything changes: each refusal, the leader, each candidate choice."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.redisops.ha.plugins.module_utils.failover import (
    PlanRefused, check_sentinels, choose_candidates, choose_mode)

PRIMARY = '10.0.0.1:6379'


def view(n, primary=PRIMARY, reachable=True, flags=('master',)):
    return dict(address='10.0.0.%d:26379' % n, reachable=reachable, error=None if reachable else 'refused',
                primary=primary if reachable else None, flags=list(flags) if reachable else [])


def replica(n, priority=100, offset=100, link='ok', flags='slave', runid='r%d' % 0):
    return {'ip': '10.0.0.%d' % n, 'port': '6379', 'slave-priority': str(priority), 'slave-repl-offset': str(offset),
            'master-link-status': link, 'flags': flags, 'runid': runid}


def test_the_agreed_primary_and_the_last_sentinel_that_answers_leads():
    assert check_sentinels([view(4), view(5), view(6)], 'mymaster', 'x') == (PRIMARY, 2)
    assert check_sentinels([view(4), view(5), view(6, reachable=False)], 'mymaster', 'x') == (PRIMARY, 1)


@pytest.mark.parametrize('views, refusal', [
    ([view(4, reachable=False), view(5, reachable=False)], 'no Sentinel answered: 10.0.0.4:26379: refused'),
    ([view(4), view(5, primary='10.0.0.2:6379')], 'they disagree'),
    ([view(4), view(5, primary=None)], 'they disagree'),
    ([view(4), view(5, flags=('master', 'failover_in_progress'))],
     "a failover of 'mymaster' is already in progress (seen by Sentinel 10.0.0.5:26379)"),
])
def test_each_refusal_of_the_sentinels(views, refusal):
    with pytest.raises(PlanRefused) as caught:
        check_sentinels(views, 'mymaster', 'they disagree')
    assert refusal in str(caught.value)


def test_without_a_target_every_eligible_replica_is_a_candidate():
    known = [replica(2), replica(3), replica(4, priority=0)]
    candidates, others = choose_candidates(known, PRIMARY, 'safe', None, 'S', 'mymaster')
    assert candidates == [('10.0.0.2', 6379), ('10.0.0.3', 6379)] and others == []


def test_a_target_is_the_only_candidate_and_the_others_step_aside():
    known = [replica(2), replica(3)]
    candidates, others = choose_candidates(known, PRIMARY, 'safe', ('10.0.0.3', 6379), 'S', 'mymaster')
    assert candidates == [('10.0.0.3', 6379)] and others == [('10.0.0.2', 6379)]


def test_force_mode_promotes_a_replica_whose_link_went_down_with_the_primary():
    known = [replica(2, link='err')]
    assert choose_candidates(known, PRIMARY, 'force', None, 'S', 'mymaster')[0] == [('10.0.0.2', 6379)]
    with pytest.raises(PlanRefused) as caught:
        choose_candidates(known, PRIMARY, 'safe', None, 'S', 'mymaster')
    assert "no promotable replica for 'mymaster' (primary 10.0.0.1:6379): 10.0.0.2:6379: link to primary err" in str(caught.value)


@pytest.mark.parametrize('known, target, refusal', [
    ([replica(2)], ('10.0.0.9', 6379), 'target 10.0.0.9:6379 is not a replica of 10.0.0.1:6379 known to Sentinel S; known replicas: 10.0.0.2:6379'),
    ([replica(2, flags='slave,s_down')], ('10.0.0.2', 6379), 'target 10.0.0.2:6379 cannot be promoted (flags s_down)'),
    ([replica(2, priority=0)], ('10.0.0.2', 6379), 'cannot be promoted (replica-priority 0)'),
    ([], None, 'Sentinel knows no replica'),
    ([replica(2, flags='slave,disconnected')], None, '10.0.0.2:6379: flags disconnected'),
])
def test_each_refusal_of_the_candidates(known, target, refusal):
    with pytest.raises(PlanRefused) as caught:
        choose_candidates(known, PRIMARY, 'safe', target, 'S', 'mymaster')
    assert refusal in str(caught.value)


@pytest.mark.parametrize('requested, role, chosen', [
    ('auto', 'master', 'safe'),
    ('auto', None, 'force'),
    ('safe', 'master', 'safe'),
    ('force', 'master', 'force'),
    ('force', None, 'force'),
    ('force', 'slave', 'force'),
])
def test_the_mode_from_what_was_asked_and_how_the_primary_answered(requested, role, chosen):
    assert choose_mode(requested, PRIMARY, role, None if role else '10.0.0.1:6379: connection refused') == chosen


@pytest.mark.parametrize('requested, role, refusal', [
    ('safe', None, 'a safe failover must pause writes on the primary, but 10.0.0.1:6379: connection refused. '
                   'Nothing was changed'),
    ('safe', 'slave', 'the Sentinels name 10.0.0.1:6379 as primary, but it reports role:slave. Nothing was changed'),
    ('auto', 'slave', 'the Sentinels name 10.0.0.1:6379 as primary, but it reports role:slave'),
])
def test_each_refusal_of_the_mode(requested, role, refusal):
    with pytest.raises(PlanRefused) as caught:
        choose_mode(requested, PRIMARY, role, None if role else '10.0.0.1:6379: connection refused')
    assert refusal in str(caught.value)
