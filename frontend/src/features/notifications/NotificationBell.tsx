import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { unreadCount } from "../../api/notifications";
import { useLivePolling } from "../../live/liveStatus";

export const UNREAD_FAILED = "Could not load the unread count";

/**
 * The unread count, kept live by the notifications socket: polled every 30 s while it is down, once a minute
 * otherwise. When the last read failed the badge says "?" (titled UNREAD_FAILED) rather than a count that
 * may be wrong, and never reads as 0.
 */
export function NotificationBell() {
  const refetchInterval = useLivePolling(60_000);
  const { data, isError } = useQuery({ queryKey: ["unread"], queryFn: unreadCount, refetchInterval });
  const unread = data?.unread ?? 0;
  const shown = unread > 99 ? "99+" : String(unread);
  // The name holds the badge's visible text ("?", "99+"), as WCAG 2.5.3 (label in name) asks.
  const label = isError ? `Notifications, ? ${UNREAD_FAILED.toLowerCase()}` : `Notifications, ${shown} unread`;
  return (
    <Link to="/notifications" className="bell" aria-label={label} title={isError ? UNREAD_FAILED : undefined} data-testid="bell">
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {isError ? (
        <span className="bell-count bell-count-unknown" data-testid="bell-count" aria-hidden="true">
          ?
        </span>
      ) : (
        unread > 0 && (
          <span className="bell-count" data-testid="bell-count" aria-hidden="true">
            {shown}
          </span>
        )
      )}
    </Link>
  );
}
