"""A token bucket per socket: ``rate`` messages a second on average, bursts of ``burst``."""

import time


class TokenBucket:
    def __init__(self, *, rate: float, burst: int, clock=None):
        self.rate = float(rate)
        self.capacity = float(max(burst, 1))
        self.tokens = self.capacity
        self.clock = clock or (lambda: time.monotonic())
        self.updated = self.clock()

    def take(self) -> bool:
        """Spend one token if there is one."""
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False
