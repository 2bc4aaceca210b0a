# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one percentile definition of the collection (latency samples, drill reports)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math


def percentile(values, pct):
    """Nearest-rank percentile (pct from 0 to 100) of a list of numbers; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, int(math.ceil(pct / 100.0 * len(ordered))))
    return ordered[rank - 1]
