#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: config_files
short_description: Write a few small files and their directories in one call
version_added: 0.1.0
description:
  - Creates each directory that is missing and writes each file whose content differs, then
    sets owner, group and mode where they differ. One module run per host does what a C(file),
    C(copy) or C(template) task per file would do in two or three runs each (the exporter's
    password file, arguments and TLS material in C(deploy.yml)).
  - A file is replaced atomically by a temporary file in the same directory that already has
    its owner, group and mode, so a secret is never readable by others, not even for a moment.
  - Contents are never returned (they may be secrets); the result lists the paths changed.
options:
  directories:
    description:
      - Directories to create when missing (parents too), each with C(path) and optionally
        C(owner), C(group) and C(mode). Created before the files.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: The directory.
        type: path
        required: true
      owner: &owner
        description: Its owner.
        type: str
      group: &group
        description: Its group.
        type: str
      mode: &mode
        description: Its mode, as an octal string such as C("0750") or C("0600").
        type: raw
  files:
    description:
      - Files to write, each with C(path), C(content) and optionally C(owner), C(group) and
        C(mode). The directory of each must exist or be in O(directories).
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: The file.
        type: path
        required: true
      content:
        description: What the file holds (text, written as UTF-8). Never logged or returned.
        type: str
        required: true
      owner: *owner
      group: *group
      mode: *mode
attributes:
  check_mode:
    support: full
    description: Reports the paths it would create, write or change, and changes nothing.
notes:
  - Give the task C(no_log) when a content is a secret, as for any task whose arguments hold one.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Write the exporter's password file and arguments
  redisops.ha.config_files:
    directories:
      - {path: /etc/prometheus-redis-exporter, owner: root, group: prometheus, mode: "0750"}
    files:
      - path: /etc/prometheus-redis-exporter/passwords.json
        content: "{{ passwords | to_nice_json }}\n"
        owner: prometheus
        group: prometheus
        mode: "0600"
      - path: /etc/default/prometheus-redis-exporter
        content: "{{ lookup('ansible.builtin.template', 'prometheus-redis-exporter.default.j2') }}"
        mode: "0644"
  no_log: true
  notify: restart the exporter
'''

RETURN = r'''
changed_paths:
  description: The directories and files created, written or given new attributes (or that would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: [/etc/prometheus-redis-exporter/passwords.json]
'''

import os
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_bytes, to_native


def attributes(entry, path):
    return dict(path=path, owner=entry.get('owner'), group=entry.get('group'), mode=entry.get('mode'),
                secontext=None, attributes=None)


def ensure_directory(module, entry):
    """True when the directory was (or would be) created or given new attributes."""
    path = entry['path']
    if not os.path.isdir(path):
        if module.check_mode:
            return True
        try:
            os.makedirs(path)
        except OSError as error:
            module.fail_json(msg='could not create the directory %s: %s' % (path, to_native(error)))
        module.set_fs_attributes_if_different(attributes(entry, path), True)
        return True
    return module.set_fs_attributes_if_different(attributes(entry, path), False)


def current_content(path):
    try:
        with open(path, 'rb') as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def write_file(module, entry):
    """True when the file was (or would be) written or given new attributes."""
    path, wanted = entry['path'], to_bytes(entry['content'], errors='surrogate_or_strict')
    if current_content(path) == wanted:
        return module.set_fs_attributes_if_different(attributes(entry, path), False)
    if module.check_mode:
        return True
    directory = os.path.dirname(path) or '.'
    if not os.path.isdir(directory):
        module.fail_json(msg='the directory of %s does not exist: add it to directories' % path)
    # mkstemp creates the file 0600; owner, group and mode are set before it takes the name.
    handle, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=directory)
    try:
        with os.fdopen(handle, 'wb') as stream:
            stream.write(wanted)
        module.set_fs_attributes_if_different(attributes(entry, temporary), True)
        os.rename(temporary, path)
    except (IOError, OSError) as error:
        module.fail_json(msg='could not write %s: %s' % (path, to_native(error)))
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return True


def main():
    owner_group_mode = dict(owner=dict(type='str'), group=dict(type='str'), mode=dict(type='raw'))
    directory_options = dict(path=dict(type='path', required=True), **owner_group_mode)
    file_options = dict(path=dict(type='path', required=True), content=dict(type='str', required=True, no_log=True),
                        **owner_group_mode)
    module = AnsibleModule(
        argument_spec=dict(directories=dict(type='list', elements='dict', default=[], options=directory_options),
                           files=dict(type='list', elements='dict', default=[], options=file_options)),
        supports_check_mode=True)
    changed_paths = [entry['path'] for entry in module.params['directories'] if ensure_directory(module, entry)]
    changed_paths += [entry['path'] for entry in module.params['files'] if write_file(module, entry)]
    module.exit_json(changed=bool(changed_paths), changed_paths=changed_paths)


if __name__ == '__main__':
    main()
