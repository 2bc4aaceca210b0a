# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures: one real loopback cluster per session, and a runner that executes the collection's
modules through ansible-playbook, exactly as a user does."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'support'))
sys.path.insert(0, os.path.join(ROOT, '.collections'))  # the collection's module_utils, as installed

from module_runner import run_module  # noqa: E402,F401 pylint: disable=wrong-import-position,unused-import
from loopback_cluster import (  # noqa: E402 pylint: disable=wrong-import-position
    SENTINEL_PASSWORD, LoopbackCluster)


@pytest.fixture(scope='session')
def cluster():
    instance = LoopbackCluster().start()
    yield instance
    instance.destroy()


@pytest.fixture
def settled(cluster):
    """The cluster, settled: one agreed primary, 2 healthy replicas, 3 Sentinels, no failover."""
    for sentinel in cluster.sentinels:
        if sentinel.proc is None:
            sentinel.start()
    for node in cluster.nodes:
        if node.proc is None:
            node.start()
    cluster.wait_settled(60)
    return cluster


@pytest.fixture
def sentinel_login():
    return {'login_password': SENTINEL_PASSWORD}
