# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make ansible_collections.redisops.ha importable from the checkout (linked by make setup)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

COLLECTIONS = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '.collections'))
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)
