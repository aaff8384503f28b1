import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { listNotifications, markAllRead, markRead } from "../../api/notifications";
import type { InAppNotification } from "../../api/types";
import { Pagination } from "../../components/Pagination";
import { EmptyState, QueryState } from "../../components/States";
import { formatRelative } from "../../components/format";
import { notificationHref } from "./links";

const PAGE_SIZE = 20;

/** The person's in-app notifications: unread first filter, mark read, mark all read; a click opens the task. */
export function NotificationsPage() {
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get("unread") === "1";
  const page = Number(params.get("page") || 1);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const notifications = useQuery({
    queryKey: ["notifications", { unreadOnly, page }],
    queryFn: () => listNotifications({ is_read: unreadOnly ? false : undefined, page, page_size: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["notifications"] });
    void queryClient.invalidateQueries({ queryKey: ["unread"] });
  };
  const read = useMutation({ mutationFn: ({ id, isRead }: { id: number; isRead: boolean }) => markRead(id, isRead), onSuccess: refresh });
  const readAll = useMutation({ mutationFn: markAllRead, onSuccess: refresh });

  function open(notification: InAppNotification) {
    if (!notification.is_read) read.mutate({ id: notification.id, isRead: true });
    navigate(notificationHref(notification));
  }

  return (
    <section aria-labelledby="notifications-title">
      <div className="page-header">
        <h1 id="notifications-title">Notifications</h1>
        <div className="actions">
          <label className="row">
            <input type="checkbox" checked={unreadOnly} onChange={(event) => setParams(event.target.checked ? { unread: "1" } : {})} /> Unread only
          </label>
          <button type="button" className="button" onClick={() => readAll.mutate()} disabled={readAll.isPending || !notifications.data?.unread}>
            Mark all read
          </button>
        </div>
      </div>
      <QueryState
        query={notifications}
        isEmpty={(data) => data.results.length === 0}
        empty={<EmptyState title={unreadOnly ? "You have read everything" : "No notifications yet"}>Assignments, escalations and comments on your tickets show up here.</EmptyState>}
      >
        {(data) => (
          <>
            <ul className="notification-list card" style={{ padding: 0 }}>
              {data.results.map((notification) => (
                <li key={notification.id} className={`notification-item${notification.is_read ? "" : " unread"}`} data-testid="notification">
                  <div className="notification-body">
                    <Link
                      to={notificationHref(notification)}
                      className="notification-subject"
                      onClick={(event) => {
                        event.preventDefault();
                        open(notification);
                      }}
                    >
                      {notification.subject || notification.notification_type}
                    </Link>
                    <p>{notification.message}</p>
                    <small className="muted">
                      {notification.notification_type.replace(/_/g, " ")} · {formatRelative(notification.created_at)}
                    </small>
                  </div>
                  <button type="button" className="button button-small" onClick={() => read.mutate({ id: notification.id, isRead: !notification.is_read })}>
                    {notification.is_read ? "Mark unread" : "Mark read"}
                  </button>
                </li>
              ))}
            </ul>
            <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={(next) => setParams({ ...(unreadOnly ? { unread: "1" } : {}), page: String(next) })} />
          </>
        )}
      </QueryState>
    </section>
  );
}
