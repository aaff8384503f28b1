import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { WebhooksPage } from "./WebhooksPage";
import { renderPage } from "../../test/render";
import { invalid, mockFetch, page } from "../../test/fetch";
import { ADMIN, signInAs } from "../../test/tokens";

const subscription = (id: number, overrides = {}) => ({
  id,
  url: `https://hooks.example.com/${id}`,
  events: ["task.created", "task.assigned"],
  description: "",
  is_active: true,
  secret_hint: "…ab12",
  owner_user_id: 1,
  owner_email: "admin@tts.local",
  failing_since: null,
  disabled_at: null,
  disabled_reason: "",
  created_at: "2026-11-30T08:00:00Z",
  updated_at: "2026-11-30T08:00:00Z",
  ...overrides,
});

const delivery = (id: number, overrides = {}) => ({
  id,
  subscription: 1,
  subscription_url: "https://hooks.example.com/1",
  event_id: `e-${id}`,
  event_type: "task.created",
  body: {},
  status: "succeeded",
  attempts: 1,
  last_response_code: 200,
  last_error: "",
  next_attempt_at: null,
  first_attempt_at: "2026-11-30T08:00:00Z",
  last_attempt_at: "2026-11-30T08:00:00Z",
  delivered_at: "2026-11-30T08:00:00Z",
  redelivery_of: null,
  created_at: new Date(Date.now() - 60_000).toISOString(),
  ...overrides,
});

describe("WebhooksPage", () => {
  it("lists subscriptions with their state and the delivery log with status, attempts and last response code", async () => {
    signInAs(ADMIN);
    mockFetch({
      "GET /svc/workflow/webhooks/": page([
        subscription(1),
        subscription(2, { is_active: false, disabled_at: "2026-11-30T09:00:00Z", disabled_reason: "every delivery failed for 1 day" }),
        subscription(3, { failing_since: "2026-11-30T07:00:00Z" }),
      ]),
      "GET /svc/workflow/webhook-deliveries/": page([
        delivery(10),
        delivery(11, { status: "retrying", attempts: 3, last_response_code: 500, next_attempt_at: "2026-11-30T10:00:00Z" }),
      ]),
    });
    renderPage(<WebhooksPage />, { path: "/admin/webhooks" });

    const rows = await screen.findAllByTestId("subscription-row");
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText("Active")).toBeInTheDocument();
    expect(within(rows[1]).getByText("Disabled")).toBeInTheDocument();
    expect(within(rows[1]).getByText(/failed for 1 day/)).toBeInTheDocument();
    expect(within(rows[2]).getByText(/Failing since/)).toBeInTheDocument();
    const log = await screen.findAllByTestId("delivery-row");
    expect(within(log[1]).getByText("retrying")).toBeInTheDocument();
    expect(within(log[1]).getByText("3")).toBeInTheDocument();
    expect(within(log[1]).getByText("500")).toBeInTheDocument();
    expect(within(log[0]).getByText("200")).toBeInTheDocument();
  });

  it("creates a webhook and shows the generated secret once", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({
      "GET /svc/workflow/webhooks/": page([]),
      "GET /svc/workflow/webhook-deliveries/": page([]),
      "POST /svc/workflow/webhooks/": { status: 201, body: { ...subscription(5), secret: "whsec_shown_once_1234" } },
    });
    renderPage(<WebhooksPage />, { path: "/admin/webhooks" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "New webhook" }));
    await user.type(screen.getByLabelText("Payload URL"), "https://hooks.example.com/5");
    await user.click(screen.getByLabelText("comment.created"));
    await user.click(screen.getByRole("button", { name: "Create webhook" }));

    expect(await screen.findByTestId("new-secret")).toHaveTextContent("whsec_shown_once_1234");
    const post = calls.find((call) => call.method === "POST")!;
    expect(post.body).toEqual({
      url: "https://hooks.example.com/5",
      events: ["task.created", "task.assigned", "task.transitioned", "task.completed", "task.sla_breached"],
      description: "",
      is_active: true,
    });
    await user.click(screen.getByRole("button", { name: "I have stored it" }));
    expect(screen.queryByTestId("new-secret")).not.toBeInTheDocument();
  });

  it("shows the server's refusal of the URL under the field", async () => {
    signInAs(ADMIN);
    mockFetch({
      "GET /svc/workflow/webhooks/": page([]),
      "GET /svc/workflow/webhook-deliveries/": page([]),
      "POST /svc/workflow/webhooks/": invalid({ url: ["10.0.0.7 is a private address"] }),
    });
    renderPage(<WebhooksPage />, { path: "/admin/webhooks" });
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "New webhook" }));
    await user.type(screen.getByLabelText("Payload URL"), "http://10.0.0.7/");
    await user.click(screen.getByRole("button", { name: "Create webhook" }));

    expect(await screen.findByText("10.0.0.7 is a private address")).toBeInTheDocument();
    expect(screen.getByLabelText("Payload URL")).toHaveAttribute("aria-invalid", "true");
  });

  it("edits a webhook without sending a secret when none is typed, and redelivers a delivery", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({
      "GET /svc/workflow/webhooks/": page([subscription(1, { is_active: false, disabled_at: "2026-11-30T09:00:00Z" })]),
      "GET /svc/workflow/webhook-deliveries/": page([delivery(10, { status: "failed", last_response_code: null, last_error: "timeout" })]),
      "PATCH /svc/workflow/webhooks/1/": subscription(1),
      "POST /svc/workflow/webhook-deliveries/10/redeliver/": { status: 201, body: delivery(12, { status: "pending", redelivery_of: 10 }) },
    });
    renderPage(<WebhooksPage />, { path: "/admin/webhooks" });
    const user = userEvent.setup();

    const [row] = await screen.findAllByTestId("delivery-row");
    expect(within(row).getByText("no answer")).toBeInTheDocument();
    await user.click(within(row).getByRole("button", { name: "Redeliver" }));
    await waitFor(() => expect(calls.some((call) => call.url === "/svc/workflow/webhook-deliveries/10/redeliver/")).toBe(true));
    expect(await screen.findByText("Redelivery queued")).toBeInTheDocument();

    await user.click(within(screen.getByTestId("subscription-row")).getByRole("button", { name: "Edit" }));
    await user.click(screen.getByLabelText("Active"));
    await user.click(screen.getByRole("button", { name: "Save webhook" }));
    await waitFor(() => expect(calls.some((call) => call.method === "PATCH")).toBe(true));
    const patch = calls.find((call) => call.method === "PATCH")!;
    expect(patch.body).toEqual({ url: "https://hooks.example.com/1", events: ["task.created", "task.assigned"], description: "", is_active: true });
  });
});
