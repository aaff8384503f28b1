import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../../api/errors";
import { Field } from "../../components/Field";
import { Banner } from "../../components/States";
import { createSubscription, EVENT_TYPES, saveSubscription, webhookKeys, type CreatedSubscription, type EventType, type Subscription } from "./api";

const KNOWN_FIELDS = ["url", "events", "secret", "description", "is_active"];

/** Create a webhook (`subscription` absent) or edit one. A secret left empty is generated on create and kept on edit. */
export function SubscriptionForm({
  subscription,
  onDone,
  onCancel,
}: {
  subscription?: Subscription;
  onDone: (created?: CreatedSubscription) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(subscription?.url ?? "");
  const [events, setEvents] = useState<EventType[]>(subscription?.events ?? [...EVENT_TYPES]);
  const [description, setDescription] = useState(subscription?.description ?? "");
  const [isActive, setIsActive] = useState(subscription?.is_active ?? true);
  const [secret, setSecret] = useState("");

  const save = useMutation({
    mutationFn: async () => {
      const draft = { url: url.trim(), events, description, is_active: isActive, ...(secret ? { secret } : {}) };
      return subscription ? { saved: await saveSubscription(subscription.id, draft) } : { created: await createSubscription(draft) };
    },
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all });
      onDone("created" in result ? result.created : undefined);
    },
  });

  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const other = Object.entries(errors).filter(([field]) => !KNOWN_FIELDS.includes(field));
  const banner = save.isError && (Object.keys(errors).length === 0 || other.length > 0);

  function toggle(event: EventType) {
    setEvents((current) => (current.includes(event) ? current.filter((item) => item !== event) : [...current, event]));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate>
      {banner && <Banner>{other.length ? other.map(([field, message]) => `${field}: ${message}`).join(" ") : (save.error as Error).message}</Banner>}
      <Field label="Payload URL" error={errors.url} hint="Where events are POSTed. Private and loopback addresses are refused in production.">
        <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://example.com/tts-events" required />
      </Field>
      <fieldset className="webhook-events" aria-describedby={errors.events ? "webhook-events-error" : undefined}>
        <legend>Events</legend>
        {EVENT_TYPES.map((type) => (
          <label key={type} className="checkbox">
            <input type="checkbox" checked={events.includes(type)} onChange={() => toggle(type)} /> <code>{type}</code>
          </label>
        ))}
        {errors.events && (
          <p className="field-error" id="webhook-events-error" role="alert">
            {errors.events}
          </p>
        )}
      </fieldset>
      <Field label="Description" error={errors.description}>
        <input value={description} onChange={(event) => setDescription(event.target.value)} maxLength={200} />
      </Field>
      <Field
        label={subscription ? "New secret" : "Secret"}
        error={errors.secret}
        hint={subscription ? `Now ${subscription.secret_hint}. Leave empty to keep it.` : "Leave empty to have one generated; it is shown once."}
      >
        <input type="password" value={secret} onChange={(event) => setSecret(event.target.value)} autoComplete="new-password" />
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={isActive} onChange={(event) => setIsActive(event.target.checked)} /> Active
      </label>
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : subscription ? "Save webhook" : "Create webhook"}
        </button>
      </div>
    </form>
  );
}
