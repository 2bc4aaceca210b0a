#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: installed_packages
short_description: The installed Debian packages as package facts, read from dpkg
version_added: 0.1.0
description:
  - Sets C(ansible_facts.packages) exactly as M(ansible.builtin.package_facts) does on Debian
    (each installed package's name, version, architecture and C(source=apt)), from one
    C(dpkg-query) run.
  - M(ansible.builtin.package_facts) loads the whole APT cache through python3-apt to read the same
    thing, which costs seconds of CPU per host; C(deploy.yml) reads the packages on every host of
    every run.
attributes:
  check_mode:
    support: full
    description: Only reads.
  facts:
    support: full
    description: Sets C(ansible_facts.packages).
notes:
  - Debian and its derivatives only (C(dpkg-query) must exist).
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Read the installed packages
  redisops.ha.installed_packages:

- name: Install the Python client when missing
  ansible.builtin.apt:
    name: python3-redis
  when: "'python3-redis' not in ansible_facts['packages']"
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
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.packages import DPKG_QUERY, parse_dpkg_query


def main():
    module = AnsibleModule(argument_spec={}, supports_check_mode=True)
    dpkg_query = module.get_bin_path('dpkg-query')
    if dpkg_query is None:
        module.fail_json(msg='dpkg-query was not found on this host: redisops.ha supports Debian and its derivatives only')
    rc, out, err = module.run_command([dpkg_query] + DPKG_QUERY[1:], environ_update=dict(LC_ALL='C'))
    if rc != 0:
        module.fail_json(msg='dpkg-query failed (exit %d): %s' % (rc, err.strip()))
    module.exit_json(changed=False, ansible_facts=dict(packages=parse_dpkg_query(out)))


if __name__ == '__main__':
    main()
