# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How every module turns an exception into a task failure (connection.failures_reported)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    RedisOpsError, Secrets, failures_reported)
from ansible_collections.redisops.ha.plugins.module_utils.failover import FailoverError


class FakeModule:
    """AnsibleModule's exits: they raise SystemExit after recording what they were given."""

    def __init__(self):
        self.failed_with = None
        self.exited_with = None

    def fail_json(self, **kwargs):
        self.failed_with = kwargs
        raise SystemExit(1)

    def exit_json(self, **kwargs):
        self.exited_with = kwargs
        raise SystemExit(0)


def run(body):
    module = FakeModule()
    with pytest.raises(SystemExit):
        with failures_reported(module, Secrets('s3cret-pass')):
            body(module)
        module.exit_json(changed=False)
    return module


def test_a_redisops_error_fails_with_its_message_scrubbed():
    def body(_module):
        raise RedisOpsError('Redis node 10.0.0.1:6379 rejected s3cret-pass')
    module = run(body)
    assert module.failed_with == {'msg': 'Redis node 10.0.0.1:6379 rejected ********'}
    assert module.exited_with is None


def test_a_failover_error_returns_the_state_it_left():
    def body(_module):
        raise FailoverError('no promotable replica', {'primary': '10.0.0.1:6379', 'changed': False})
    module = run(body)
    assert module.failed_with == {'msg': 'no promotable replica', 'primary': '10.0.0.1:6379', 'changed': False}


def test_anything_else_fails_without_a_traceback_or_secret():
    def body(_module):
        raise KeyError('s3cret-pass')
    module = run(body)
    assert 'unexpected KeyError' in module.failed_with['msg'] and 'please report this' in module.failed_with['msg']
    assert 's3cret-pass' not in module.failed_with['msg'] and 'Traceback' not in module.failed_with['msg']


def test_fail_json_inside_passes_through_untouched():
    def body(module):
        module.fail_json(msg='bad option')
    module = run(body)
    assert module.failed_with == {'msg': 'bad option'}


def test_success_reaches_exit_json():
    module = run(lambda _module: None)
    assert module.exited_with == {'changed': False} and module.failed_with is None
