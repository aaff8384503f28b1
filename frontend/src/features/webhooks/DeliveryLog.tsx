import { useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pagination } from "../../components/Pagination";
import { EmptyState, QueryState } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { formatDateTime, formatRelative } from "../../components/format";
import { listDeliveries, redeliver, webhookKeys, type Delivery, type DeliveryStatus, type Subscription } from "./api";

export const DELIVERY_PAGE_SIZE = 20;
const STATUSES: DeliveryStatus[] = ["pending", "retrying", "succeeded", "failed"];

/** The delivery log, newest first: status, attempts, last response code, next attempt, and Redeliver. */
export function DeliveryLog({ subscriptions }: { subscriptions: Subscription[] }) {
  const [page, setPage] = useState(1);
  const [subscription, setSubscription] = useState("");
  const [status, setStatus] = useState("");
  const query = { subscription: subscription || undefined, status: status || undefined, page, page_size: DELIVERY_PAGE_SIZE };
  const deliveries = useQuery({
    queryKey: webhookKeys.deliveries(query),
    queryFn: () => listDeliveries(query),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });

  return (
    <section className="card" aria-labelledby="deliveries-title">
      <div className="card-header">
        <h2 id="deliveries-title">Deliveries</h2>
      </div>
      <div className="filters">
        <label>
          Webhook{" "}
          <select value={subscription} onChange={(event) => (setSubscription(event.target.value), setPage(1))}>
            <option value="">All</option>
            {subscriptions.map((item) => (
              <option key={item.id} value={String(item.id)}>
                {item.url}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status{" "}
          <select value={status} onChange={(event) => (setStatus(event.target.value), setPage(1))}>
            <option value="">All</option>
            {STATUSES.map((item) => (
              <option key={item} value={item}>
                {item}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryState
        query={deliveries}
        isEmpty={(data) => data.results.length === 0}
        empty={<EmptyState title="No deliveries">Events are delivered here once a webhook subscribes to them.</EmptyState>}
      >
        {(data) => (
          <>
            <div className="table-wrap">
              <table className="table" aria-labelledby="deliveries-title">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Event</th>
                    <th scope="col">Webhook</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last response</th>
                    <th scope="col">Next attempt</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.results.map((delivery) => (
                    <DeliveryRow key={delivery.id} delivery={delivery} />
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={page} pageSize={DELIVERY_PAGE_SIZE} count={data.count} onPage={setPage} />
          </>
        )}
      </QueryState>
    </section>
  );
}

function DeliveryRow({ delivery }: { delivery: Delivery }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const again = useMutation({
    mutationFn: () => redeliver(delivery.id),
    onSuccess: () => {
      toast({ kind: "success", title: "Redelivery queued", body: `${delivery.event_type} to ${delivery.subscription_url}` });
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all });
    },
    onError: (error) => toast({ kind: "error", title: "Not redelivered", body: (error as Error).message }),
  });
  return (
    <tr data-testid="delivery-row">
      <td className="nowrap" title={formatDateTime(delivery.created_at)}>
        {formatRelative(delivery.created_at)}
      </td>
      <td>
        <code>{delivery.event_type}</code>
        {delivery.redelivery_of && <span className="muted"> (redelivery)</span>}
      </td>
      <td className="mono webhook-url">{delivery.subscription_url}</td>
      <td>
        <span className={`badge badge-delivery-${delivery.status}`}>{delivery.status}</span>
      </td>
      <td>{delivery.attempts}</td>
      <td title={delivery.last_error || undefined}>
        {delivery.last_response_code ?? (delivery.last_error ? <span className="muted">no answer</span> : "—")}
      </td>
      <td className="nowrap">{delivery.next_attempt_at && delivery.status === "retrying" ? formatDateTime(delivery.next_attempt_at) : "—"}</td>
      <td>
        <button type="button" className="button button-small" onClick={() => again.mutate()} disabled={again.isPending}>
          Redeliver
        </button>
      </td>
    </tr>
  );
}
