import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Modal } from "../../components/Modal";
import { Banner, EmptyState, QueryState } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { formatDateTime } from "../../components/format";
import { deleteSubscription, listSubscriptions, webhookKeys, type CreatedSubscription, type Subscription } from "./api";
import { DeliveryLog } from "./DeliveryLog";
import { SubscriptionForm } from "./SubscriptionForm";
import "./webhooks.css";

/** Webhooks (administrators): the subscriptions, a form to add or edit one, and the delivery log. */
export function WebhooksPage() {
  const subscriptions = useQuery({ queryKey: webhookKeys.subscriptions(), queryFn: listSubscriptions });
  const [editing, setEditing] = useState<Subscription | "new" | null>(null);
  const [created, setCreated] = useState<CreatedSubscription | null>(null);

  return (
    <section aria-labelledby="webhooks-title" className="admin-page webhooks-page">
      <div className="page-header">
        <h1 id="webhooks-title">Webhooks</h1>
        <button type="button" className="button button-primary" onClick={() => setEditing("new")}>
          New webhook
        </button>
      </div>
      <div className="stack">
        {created && (
          <Banner kind="success">
            <p>
              Webhook created. Its secret is shown this once; verify each delivery&apos;s <code>X-TTS-Signature</code> with it:
            </p>
            <p>
              <code data-testid="new-secret">{created.secret}</code>{" "}
              <button type="button" className="button button-small" onClick={() => setCreated(null)}>
                I have stored it
              </button>
            </p>
          </Banner>
        )}
        <section className="card" aria-labelledby="subscriptions-title">
          <div className="card-header">
            <h2 id="subscriptions-title">Subscriptions</h2>
          </div>
          <QueryState
            query={subscriptions}
            isEmpty={(data) => data.results.length === 0}
            empty={<EmptyState title="No webhooks">Add one to POST task and comment events to another system, signed.</EmptyState>}
          >
            {(data) => <SubscriptionTable subscriptions={data.results} onEdit={setEditing} />}
          </QueryState>
        </section>
        <DeliveryLog subscriptions={subscriptions.data?.results ?? []} />
      </div>
      <Modal title={editing === "new" ? "New webhook" : "Edit webhook"} open={editing !== null} onClose={() => setEditing(null)}>
        {editing !== null && (
          <SubscriptionForm
            subscription={editing === "new" ? undefined : editing}
            onCancel={() => setEditing(null)}
            onDone={(made) => {
              setEditing(null);
              if (made) setCreated(made);
            }}
          />
        )}
      </Modal>
    </section>
  );
}

function SubscriptionTable({ subscriptions, onEdit }: { subscriptions: Subscription[]; onEdit: (subscription: Subscription) => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation({
    mutationFn: (subscription: Subscription) => deleteSubscription(subscription.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
    onError: (error) => toast({ kind: "error", title: "Not deleted", body: (error as Error).message }),
  });
  return (
    <div className="table-wrap">
      <table className="table" aria-labelledby="subscriptions-title">
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Events</th>
            <th scope="col">State</th>
            <th scope="col">Secret</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {subscriptions.map((subscription) => (
            <tr key={subscription.id} data-testid="subscription-row">
              <td className="mono webhook-url">
                {subscription.url}
                {subscription.description && <div className="muted">{subscription.description}</div>}
              </td>
              <td>{subscription.events.map((event) => <code key={event} className="webhook-event">{event}</code>)}</td>
              <td>
                <SubscriptionState subscription={subscription} />
              </td>
              <td className="mono">{subscription.secret_hint}</td>
              <td className="nowrap">
                <button type="button" className="button button-small" onClick={() => onEdit(subscription)}>
                  Edit
                </button>{" "}
                <button
                  type="button"
                  className="button button-small button-danger"
                  onClick={() => window.confirm(`Delete the webhook to ${subscription.url} and its delivery log?`) && remove.mutate(subscription)}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SubscriptionState({ subscription }: { subscription: Subscription }) {
  if (!subscription.is_active) {
    return (
      <span title={subscription.disabled_reason || undefined}>
        <span className="badge badge-delivery-failed">{subscription.disabled_at ? "Disabled" : "Off"}</span>
        {subscription.disabled_reason && <div className="muted small">{subscription.disabled_reason}</div>}
      </span>
    );
  }
  if (subscription.failing_since) {
    return (
      <span className="badge badge-delivery-retrying" title={`Failing since ${formatDateTime(subscription.failing_since)}`}>
        Failing since {formatDateTime(subscription.failing_since)}
      </span>
    );
  }
  return <span className="badge badge-delivery-succeeded">Active</span>;
}
