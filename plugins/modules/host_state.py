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
  - C(deploy.yml) reads this once per host and run, so that an idempotent re-run skips the service
    and marker checks that would otherwise cost a module run per host each.
options:
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
    description: Sets C(ansible_facts.packages), C(ansible_facts.redisops_services) and C(ansible_facts.redisops_paths).
notes:
  - Debian and its derivatives only (C(dpkg-query) must exist).
  - The facts describe the host when the module ran. A task that stops a service afterwards must
    not rely on them (the collection's own tasks read them only before changing anything).
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Read the installed packages, the services and the marker
  redisops.ha.host_state:
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


def main():
    module = AnsibleModule(
        argument_spec=dict(
            services=dict(type='list', elements='str', default=[]),
            paths=dict(type='list', elements='path', default=[]),
        ),
        supports_check_mode=True,
    )
    module.exit_json(changed=False, ansible_facts=dict(
        packages=installed_packages(module),
        redisops_services=service_states(module, module.params['services']),
        redisops_paths=dict((path, os.path.exists(path)) for path in module.params['paths']),
    ))


if __name__ == '__main__':
    main()
