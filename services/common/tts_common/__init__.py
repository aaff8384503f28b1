"""Shared foundations of the Ticket Tracking System services.

Only what every service needs in the same way lives here; nothing in this
package knows about one service's domain.
"""
