"""Exercise 1's solution: the saga of saga.py with one lamp in stock instead of two.

Prediction: o-1 is confirmed; o-2 and o-3 are charged, then refunded and cancelled.
"""

from __future__ import annotations

import saga

saga.stock["lamp"] = 1  # the only change: one lamp left
saga.main()
