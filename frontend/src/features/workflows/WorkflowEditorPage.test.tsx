import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { WorkflowEditorPage } from "./WorkflowEditorPage";
import { renderPage } from "../../test/render";
import { invalid, mockFetch, page, type RecordedCall } from "../../test/fetch";
import { ADMIN, signInAs } from "../../test/tokens";
import type { Workflow, WorkflowDraft } from "../../api/types";
import { ROLES, SERVER_WORKFLOW, ok, workflowOf } from "./fixtures";

/** The K-of-N settings of a step one person decides (the defaults). */
const ONE_DECIDES = { assignees: 1, approvals_required: 1, approve_transition: "approve", reject_transition: "reject" };

const ROUTE = "/admin/workflows/:workflowId";

/** What the server answers to a POST/PATCH: the draft with ids. */
function saved(id: number, body: WorkflowDraft, extra: Partial<Workflow> = {}): Workflow {
  const steps = body.steps.map((step, index) => ({
    id: 100 + index,
    workflow: id,
    order: index + 1,
    weight: step.weight ?? 1,
    instruction: step.instruction ?? "",
    escalate_to: step.escalate_to ?? null,
    assignment_strategy: step.assignment_strategy ?? "round_robin",
    name: step.name,
    role: step.role,
  }));
  const idOf = (name: string | null) => (name === null ? null : steps.find((step) => step.name === name)!.id);
  return {
    ...workflowOf(),
    ...body,
    id,
    status: "draft",
    version: null,
    has_undeployed_changes: true,
    steps,
    transitions: body.transitions.map((transition, index) => ({
      id: 200 + index,
      workflow: id,
      from_step: idOf(transition.from_step),
      to_step: idOf(transition.to_step),
      from_step_name: transition.from_step,
      to_step_name: transition.to_step,
      name: transition.name,
      requires_notes: Boolean(transition.requires_notes),
    })),
    ...extra,
  };
}

async function addTransition(from: string, to: string, name: string, requiresNotes = false) {
  const user = userEvent.setup({ delay: null });
  await user.selectOptions(screen.getByLabelText("From"), from);
  await user.selectOptions(screen.getByLabelText("To"), to);
  await user.clear(screen.getByLabelText("Transition name"));
  await user.type(screen.getByLabelText("Transition name"), name);
  const notes = screen.getByLabelText("Requires notes");
  if ((notes as HTMLInputElement).checked !== requiresNotes) await user.click(notes);
  await user.click(screen.getByRole("button", { name: "Add transition" }));
}

// Filling the whole form takes a while on a busy machine.
const SLOW = 20_000;

describe("WorkflowEditorPage: a new workflow", () => {
  it("creates the workflow from the forms: steps in order with roles, transitions by name, SLA in seconds", async () => {
    signInAs(ADMIN);
    const user = userEvent.setup({ delay: null });
    const calls = mockFetch({
      "GET /svc/auth/api/v1/roles/": page(ROLES),
      "POST /svc/workflow/workflows/": (call: RecordedCall) => ({ status: 201, body: saved(9, call.body as WorkflowDraft) }),
      "GET /svc/workflow/workflows/9/": () => ok(saved(9, calls.find((call) => call.method === "POST")!.body as WorkflowDraft)),
    });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/new", route: ROUTE });

    expect(screen.getByRole("heading", { level: 1, name: "New workflow" })).toBeInTheDocument();
    await user.type(screen.getByLabelText("Name"), "Laptop requests");
    await user.type(screen.getByLabelText("Category"), "IT");
    await user.type(screen.getByLabelText("Department"), "IT Department");
    await user.selectOptions(screen.getByLabelText("End logic"), "asset");
    await user.type(screen.getByLabelText("Low SLA (hours)"), "48");
    await user.type(screen.getByLabelText("Medium SLA (hours)"), "24");
    await user.type(screen.getByLabelText("High SLA (hours)"), "4");
    await user.type(screen.getByLabelText("Critical SLA (hours)"), "0.5");
    await waitFor(() => expect(calls.some((call) => call.url.startsWith("/svc/auth/api/v1/roles/"))).toBe(true));

    // Step A, with the first role (the panel opens on it).
    await user.click(screen.getByRole("button", { name: "Add step" }));
    const stepName = await screen.findByLabelText("Step name");
    expect(stepName).toHaveValue("Step 1");
    expect(screen.getByLabelText("Role")).toHaveValue("Agent");
    await user.clear(stepName);
    await user.type(stepName, "Review");
    await user.type(screen.getByLabelText("Instruction"), "Check the request");

    // Step B, given another role and escalation.
    await user.click(screen.getByRole("button", { name: "Add step" }));
    expect(screen.getByLabelText("Step name")).toHaveValue("Step 2");
    await user.clear(screen.getByLabelText("Step name"));
    await user.type(screen.getByLabelText("Step name"), "Approve");
    await user.selectOptions(screen.getByLabelText("Role"), "Manager");
    await user.selectOptions(screen.getByLabelText("Escalate to"), "Ticket Coordinator");
    await user.selectOptions(screen.getByLabelText("Assignment"), "least_loaded");
    await user.clear(screen.getByLabelText("Weight"));
    await user.type(screen.getByLabelText("Weight"), "2.5");

    await addTransition("Start", "Review", "start");
    await addTransition("Review", "Approve", "approve");
    await addTransition("Approve", "End", "done");
    await addTransition("Approve", "End", "reject", true);
    expect(screen.getAllByTestId("transition-row")).toHaveLength(4);
    expect(screen.getByText("Unsaved changes")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(calls.some((call) => call.method === "POST")).toBe(true));
    const post = calls.filter((call) => call.method === "POST");
    expect(post).toHaveLength(1);
    expect(post[0].url).toBe("/svc/workflow/workflows/");
    expect(post[0].body).toEqual({
      name: "Laptop requests",
      description: "",
      category: "IT",
      sub_category: "",
      department: "IT Department",
      end_logic: "asset",
      sla: { low: 172800, medium: 86400, high: 14400, urgent: 1800 },
      calendar: null,
      steps: [
        { name: "Review", role: "Agent", weight: 1, instruction: "Check the request", escalate_to: null, assignment_strategy: "round_robin", ...ONE_DECIDES },
        { name: "Approve", role: "Manager", weight: 2.5, instruction: "", escalate_to: "Ticket Coordinator", assignment_strategy: "least_loaded", ...ONE_DECIDES },
      ],
      transitions: [
        { from_step: null, to_step: "Review", name: "start", requires_notes: false },
        { from_step: "Review", to_step: "Approve", name: "approve", requires_notes: false },
        { from_step: "Approve", to_step: null, name: "done", requires_notes: false },
        { from_step: "Approve", to_step: null, name: "reject", requires_notes: true },
      ],
    });

    // Then the page is the workflow's own.
    expect(await screen.findByText("Workflow created")).toBeInTheDocument();
    // It moved to /admin/workflows/9: the editor there loads the workflow.
    await waitFor(() => expect(calls.some((call) => call.method === "GET" && call.url === "/svc/workflow/workflows/9/")).toBe(true));
    await waitFor(() => expect(screen.getByRole("button", { name: "Delete workflow" })).toBeInTheDocument());
    expect(screen.getByRole("heading", { level: 1, name: "Laptop requests" })).toBeInTheDocument();
    expect(screen.queryByText("Unsaved changes")).not.toBeInTheDocument();
    expect(screen.getByText("Draft")).toBeInTheDocument();
    expect(screen.getAllByTestId("transition-row")).toHaveLength(4);
  }, SLOW);

  it("removing a step removes its transitions and renaming one follows through", async () => {
    signInAs(ADMIN);
    const user = userEvent.setup({ delay: null });
    mockFetch({ "GET /svc/auth/api/v1/roles/": page(ROLES) });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/new", route: ROUTE });
    await waitFor(() => expect(screen.getByRole("button", { name: "Add step" })).toBeEnabled());
    await screen.findByText("Nothing selected");
    await user.click(screen.getByRole("button", { name: "Add step" }));
    await user.click(screen.getByRole("button", { name: "Add step" }));
    await addTransition("Start", "Step 1", "start");
    await addTransition("Step 1", "Step 2", "approve");
    await addTransition("Step 2", "End", "done");

    await user.click(screen.getByRole("button", { name: "Edit step Step 1" }));
    await user.clear(screen.getByLabelText("Step name"));
    await user.type(screen.getByLabelText("Step name"), "Triage");
    const rows = screen.getAllByTestId("transition-row");
    expect(rows.map((row) => within(row).getAllByRole("cell").slice(0, 3).map((cell) => cell.textContent))).toEqual([
      ["Start", "Triage", "start"],
      ["Triage", "Step 2", "approve"],
      ["Step 2", "End", "done"],
    ]);

    await user.click(screen.getByRole("button", { name: "Remove step" }));
    expect(screen.queryByRole("button", { name: "Edit step Triage" })).not.toBeInTheDocument();
    expect(screen.getAllByTestId("transition-row")).toHaveLength(1);
    expect(screen.getByRole("button", { name: "Remove transition done from Step 2 to End" })).toBeInTheDocument();
  }, SLOW);

  it("asks before following a link away from unsaved changes", async () => {
    signInAs(ADMIN);
    const user = userEvent.setup({ delay: null });
    mockFetch({ "GET /svc/auth/api/v1/roles/": page(ROLES) });
    const confirm = vi.fn(() => false);
    vi.stubGlobal("confirm", confirm);
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/new", route: ROUTE });
    await user.type(screen.getByLabelText("Name"), "Half done");
    await user.click(screen.getByRole("link", { name: "Workflows" }));
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("elsewhere")).not.toBeInTheDocument();
    confirm.mockReturnValue(true);
    await user.click(screen.getByRole("link", { name: "Workflows" }));
    expect(await screen.findByTestId("elsewhere")).toBeInTheDocument();
    vi.unstubAllGlobals();
  });

  it("refuses a transition from the start straight to the end", async () => {
    signInAs(ADMIN);
    const user = userEvent.setup({ delay: null });
    mockFetch({ "GET /svc/auth/api/v1/roles/": page(ROLES) });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/new", route: ROUTE });
    await user.click(screen.getByRole("button", { name: "Add step" }));
    await addTransition("Start", "End", "skip");
    expect(screen.getByText("A transition cannot go from the start straight to the end.")).toBeInTheDocument();
    expect(screen.queryAllByTestId("transition-row")).toHaveLength(0);
  });

  it("shows the server's field errors next to their fields and graph errors in a banner", async () => {
    signInAs(ADMIN);
    const user = userEvent.setup({ delay: null });
    mockFetch({
      "GET /svc/auth/api/v1/roles/": page(ROLES),
      "POST /svc/workflow/workflows/": invalid({
        name: ["workflow with this name already exists."],
        sla: ["sla.low is missing", "sla.urgent must be a positive whole number of seconds"],
        transitions: ["Unknown step(s): Ghost."],
      }),
    });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/new", route: ROUTE });
    await user.type(screen.getByLabelText("Name"), "IT Support");
    await user.click(screen.getByRole("button", { name: "Save" }));

    const name = screen.getByLabelText("Name");
    await waitFor(() => expect(name).toHaveAttribute("aria-invalid", "true"));
    expect(name).toHaveAccessibleDescription("workflow with this name already exists.");
    expect(screen.getByLabelText("Low SLA (hours)")).toHaveAccessibleDescription("sla.low is missing");
    expect(screen.getByLabelText("Critical SLA (hours)")).toHaveAccessibleDescription("sla.urgent must be a positive whole number of seconds");
    expect(screen.getByLabelText("Category")).not.toHaveAttribute("aria-invalid");
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("The workflow was not saved");
    expect(alert).toHaveTextContent("Transitions: Unknown step(s): Ghost.");
  });
});

describe("WorkflowEditorPage: an existing workflow", () => {
  it("loads the workflow into the forms", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/auth/api/v1/roles/": page(ROLES), "GET /svc/workflow/workflows/4/": ok(workflowOf({ has_undeployed_changes: true })) });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/4", route: ROUTE });
    expect(await screen.findByRole("heading", { level: 1, name: "IT Support" })).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveValue("IT Support");
    expect(screen.getByLabelText("End logic")).toHaveValue("notification");
    expect(screen.getByLabelText("Critical SLA (hours)")).toHaveValue(0.5);
    expect(screen.getByLabelText("Low SLA (hours)")).toHaveValue(48);
    expect(screen.getByText("Version 2")).toBeInTheDocument();
    expect(screen.getByText("Changes not deployed")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Pause" })).toBeInTheDocument();
    expect(screen.getAllByTestId("transition-row")).toHaveLength(4);
    expect(screen.queryByText("Unsaved changes")).not.toBeInTheDocument();
  });

  it("saves the whole draft with PATCH, then deploys; refusals list each problem", async () => {
    signInAs(ADMIN);
    const user = userEvent.setup({ delay: null });
    let deployAnswer: { status: number; body: unknown } = {
      status: 400,
      body: { detail: "The workflow cannot be deployed.", problems: ["step 'Resolve' has no role", "no end can be reached from step 'Triage'"] },
    };
    const calls = mockFetch({
      "GET /svc/auth/api/v1/roles/": page(ROLES),
      "GET /svc/workflow/workflows/4/": ok(SERVER_WORKFLOW),
      "PATCH /svc/workflow/workflows/4/": (call: RecordedCall) => ok(saved(4, call.body as WorkflowDraft, { status: "deployed", version: 2 })),
      "POST /svc/workflow/workflows/4/deploy/": () => deployAnswer,
    });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/4", route: ROUTE });
    const description = await screen.findByLabelText("Description");
    await user.clear(description);
    await user.type(description, "Everything IT");
    await user.click(screen.getByRole("button", { name: "Deploy" }));

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("The workflow cannot be deployed")).toBeInTheDocument();
    expect(within(alert).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "step 'Resolve' has no role",
      "no end can be reached from step 'Triage'",
    ]);
    const patch = calls.find((call) => call.method === "PATCH")!;
    expect(patch.body).toMatchObject({ name: "IT Support", description: "Everything IT", sla: SERVER_WORKFLOW.sla });
    expect((patch.body as WorkflowDraft).steps.map((step) => step.name)).toEqual(["Triage", "Resolve"]);
    expect((patch.body as WorkflowDraft).transitions).toHaveLength(4);
    expect(calls.map((call) => `${call.method} ${call.url}`).filter((line) => !line.startsWith("GET"))).toEqual([
      "PATCH /svc/workflow/workflows/4/",
      "POST /svc/workflow/workflows/4/deploy/",
    ]);

    // Nothing unsaved now: deploying again goes straight to the deploy.
    deployAnswer = ok({ ...SERVER_WORKFLOW, version: 3 });
    await user.click(screen.getByRole("button", { name: "Deploy" }));
    expect(await screen.findByText("Workflow deployed")).toBeInTheDocument();
    expect(screen.queryByText("The workflow cannot be deployed")).not.toBeInTheDocument();
    expect(screen.getByText("Version 3")).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "PATCH")).toHaveLength(1);
  });

  it("pauses a deployed workflow", async () => {
    signInAs(ADMIN);
    const user = userEvent.setup({ delay: null });
    const calls = mockFetch({
      "GET /svc/auth/api/v1/roles/": page(ROLES),
      "GET /svc/workflow/workflows/4/": ok(SERVER_WORKFLOW),
      "POST /svc/workflow/workflows/4/pause/": ok({ ...SERVER_WORKFLOW, status: "paused" }),
    });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/4", route: ROUTE });
    await user.click(await screen.findByRole("button", { name: "Pause" }));
    expect(await screen.findByText("Workflow paused")).toBeInTheDocument();
    expect(screen.getByText("Paused")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Pause" })).not.toBeInTheDocument();
    expect(calls.some((call) => call.method === "POST" && call.url === "/svc/workflow/workflows/4/pause/")).toBe(true);
  });

  it("deletes after confirming, and shows the server's refusal when tasks ran on it", async () => {
    signInAs(ADMIN);
    const user = userEvent.setup({ delay: null });
    mockFetch({
      "GET /svc/auth/api/v1/roles/": page(ROLES),
      "GET /svc/workflow/workflows/4/": ok(SERVER_WORKFLOW),
      "DELETE /svc/workflow/workflows/4/": { status: 409, body: { detail: "Tasks ran on this workflow; pause it instead." } },
    });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/4", route: ROUTE });
    await user.click(await screen.findByRole("button", { name: "Delete workflow" }));
    await user.click(screen.getByRole("button", { name: "Delete" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Tasks ran on this workflow; pause it instead.");
  });
});
