#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: host_state
short_description: A host's installed packages, services and marker files as facts, in one run
version_added: 0.1.0
description:
  - Sets C(ansible_facts.packages) exactly as M(ansible.builtin.package_facts) does on Debian
    (each installed package's name, version, architecture and C(source=apt)), from one
    C(dpkg-query) run; M(ansible.builtin.package_facts) loads the whole APT cache through
    python3-apt to read the same thing, which costs seconds of CPU per host.
  - With O(services), also whether each systemd unit exists, is enabled and is active (one
    C(systemctl show)); with O(paths), whether each path exists.
  - With O(gather_subset), also the facts M(ansible.builtin.setup) gathers for those subsets, by
    the same collectors (Linux only).
  - C(deploy.yml) reads this once per host and run (the redis_node role's platform step), so that
    an idempotent re-run skips the service and marker checks, and the separate fact gathering,
    that would otherwise cost a module run per host each.
options:
  gather_subset:
    description:
      - Subsets of M(ansible.builtin.setup)'s facts to gather too, set as setup sets them
        (C(ansible_facts.distribution), C(ansible_facts.default_ipv4), ...).
      - C(platform) comes with any of them (the others need it).
    type: list
    elements: str
    choices: [distribution, service_mgr, network, virtual]
    default: []
  services:
    description:
      - systemd units to report on, as C(ansible_facts.redisops_services).
      - Left empty in the result when systemd is not the host's service manager (callers then ask
        the service manager themselves).
    type: list
    elements: str
    default: []
  paths:
    description: Paths to report on, as C(ansible_facts.redisops_paths).
    type: list
    elements: path
    default: []
attributes:
  check_mode:
    support: full
    description: Only reads.
  facts:
    support: full
    description: >-
      Sets C(ansible_facts.packages), C(ansible_facts.redisops_services), C(ansible_facts.redisops_paths) and
      the facts of O(gather_subset).
notes:
  - Debian and its derivatives only (C(dpkg-query) must exist).
  - The facts describe the host when the module ran. A task that stops a service afterwards must
    not rely on them (the collection's own tasks read them only before changing anything).
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Read the release, service manager and addresses, the installed packages, the service and the marker
  redisops.ha.host_state:
    gather_subset: [distribution, service_mgr, network]
    services: [redis-server]
    paths: [/etc/redis/.redisops-ha-configured]

- name: Install the Python client when missing
  ansible.builtin.apt:
    name: python3-redis
  when: "'python3-redis' not in ansible_facts['packages']"

- name: Start the server unless it runs and is enabled already
  ansible.builtin.service:
    name: redis-server
    enabled: true
    state: started
  when: not (ansible_facts['redisops_services']['redis-server'] | default({})).get('active', false)
'''

RETURN = r'''
ansible_facts:
  description: The facts set.
  returned: always
  type: dict
  contains:
    packages:
      description: Each installed package by name, a list of its installed architectures.
      returned: always
      type: dict
      sample: {redis-server: [{name: redis-server, version: "5:8.0.2-3", arch: amd64, source: apt}]}
    redisops_services:
      description: Each unit of O(services) with C(present), C(enabled) and C(active) (booleans); empty without systemd.
      returned: always
      type: dict
      sample: {redis-server: {present: true, enabled: true, active: true}}
    redisops_paths:
      description: Each path of O(paths) and whether it exists.
      returned: always
      type: dict
      sample: {/etc/redis/.redisops-ha-configured: true}
'''

import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.facts.ansible_collector import get_ansible_collector
from ansible.module_utils.facts.namespace import PrefixFactNamespace
from ansible.module_utils.facts.network.linux import LinuxNetworkCollector
from ansible.module_utils.facts.system.distribution import DistributionFactCollector
from ansible.module_utils.facts.system.platform import PlatformFactCollector
from ansible.module_utils.facts.system.service_mgr import ServiceMgrFactCollector
from ansible.module_utils.facts.virtual.linux import LinuxVirtualCollector

from ansible_collections.redisops.ha.plugins.module_utils.host_state import (
    DPKG_QUERY, SYSTEMCTL_PROPERTIES, parse_dpkg_query, parse_systemctl_show)


def installed_packages(module):
    dpkg_query = module.get_bin_path('dpkg-query')
    if dpkg_query is None:
        module.fail_json(msg='dpkg-query was not found on this host: redisops.ha supports Debian and its derivatives only')
    rc, out, err = module.run_command([dpkg_query] + DPKG_QUERY[1:], environ_update=dict(LC_ALL='C'))
    if rc != 0:
        module.fail_json(msg='dpkg-query failed (exit %d): %s' % (rc, err.strip()))
    return parse_dpkg_query(out)


def service_states(module, names):
    # systemd is the service manager only when it runs as PID 1 (sd_booted's test).
    systemctl = module.get_bin_path('systemctl')
    if not names or systemctl is None or not os.path.isdir('/run/systemd/system'):
        return {}
    rc, out, dummy = module.run_command([systemctl, 'show', '--property', SYSTEMCTL_PROPERTIES, '--'] + names,
                                        environ_update=dict(LC_ALL='C'))
    return parse_systemctl_show(out, names) if rc == 0 else {}


# Only the collectors deploy.yml reads: setup's full list costs a second of imports and probes per host.
COLLECTORS = [PlatformFactCollector, DistributionFactCollector, ServiceMgrFactCollector, LinuxNetworkCollector,
              LinuxVirtualCollector]


def gathered_facts(module, subsets):
    if not subsets:
        return {}
    collector = get_ansible_collector(all_collector_classes=COLLECTORS,
                                      namespace=PrefixFactNamespace(namespace_name='ansible', prefix='ansible_'),
                                      gather_subset=['!all', 'platform'] + subsets)
    return collector.collect(module=module)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            gather_subset=dict(type='list', elements='str', default=[],
                               choices=['distribution', 'service_mgr', 'network', 'virtual']),
            services=dict(type='list', elements='str', default=[]),
            paths=dict(type='list', elements='path', default=[]),
        ),
        supports_check_mode=True,
    )
    facts = gathered_facts(module, module.params['gather_subset'])
    facts.update(
        packages=installed_packages(module),
        redisops_services=service_states(module, module.params['services']),
        redisops_paths=dict((path, os.path.exists(path)) for path in module.params['paths']),
    )
    module.exit_json(changed=False, ansible_facts=facts)


if __name__ == '__main__':
    main()
