# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Comparing configuration values the way Redis reports them (pure logic)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

_UNITS = {'': 1, 'b': 1, 'k': 1000, 'kb': 1024, 'm': 1000 ** 2, 'mb': 1024 ** 2,
          'g': 1000 ** 3, 'gb': 1024 ** 3}
_MEMORY = re.compile(r'^\s*(\d+)\s*([kmg]?b?)\s*$', re.IGNORECASE)
MEMORY_SETTINGS = ('maxmemory', 'client-query-buffer-limit', 'proto-max-bulk-len', 'repl-backlog-size',
                   'auto-aof-rewrite-min-size')


def normalize(name, value):
    """The form CONFIG GET returns for value: booleans as yes/no, memory sizes in bytes,
    white space collapsed."""
    if isinstance(value, bool):
        return 'yes' if value else 'no'
    text = ' '.join(str(value).split())
    if name in MEMORY_SETTINGS:
        match = _MEMORY.match(text)
        if match:
            return str(int(match.group(1)) * _UNITS[match.group(2).lower()])
    if text.lower() in ('true', 'false'):
        return 'yes' if text.lower() == 'true' else 'no'
    return text


def differences(wanted, current):
    """Names whose wanted value differs from the current one."""
    return sorted(name for name, value in wanted.items()
                  if normalize(name, value) != normalize(name, current.get(name, '')))
