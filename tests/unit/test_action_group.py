# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module that takes the connection options is in the action group the playbooks'
module_defaults set them for (group/redisops.ha.all): one left out never gets TLS."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def modules_with_connection_options():
    names = set()
    for path in glob.glob(os.path.join(ROOT, 'plugins', 'modules', '*.py')):
        with open(path) as handle:
            source = handle.read()
        documentation = yaml.safe_load(source.split("DOCUMENTATION = r'''", 1)[1].split("'''", 1)[0])
        if 'redisops.ha.connection' in documentation.get('extends_documentation_fragment', []):
            names.add(os.path.basename(path)[:-3])
    return names


def test_every_module_with_connection_options_is_in_the_action_group():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml')) as handle:
        group = set(yaml.safe_load(handle)['action_groups']['all'])
    expected = modules_with_connection_options()
    assert 'cluster_health' in expected and len(expected) > 10
    assert expected - group == set()
