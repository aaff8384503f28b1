import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { WorkflowEditorPage, deployProblemsKey } from "./WorkflowEditorPage";
import { dropConnection, END_ID, START_ID } from "./WorkflowGraph";
import { renderPage } from "../../test/render";
import { mockFetch, page, type RecordedCall } from "../../test/fetch";
import { ADMIN, signInAs } from "../../test/tokens";
import type { Workflow, WorkflowDraft } from "../../api/types";
import { ROLES, SERVER_WORKFLOW, ok, workflowOf } from "./fixtures";

const ROUTE = "/admin/workflows/:workflowId";
const PROBLEMS = ["step 'Step 1' has no transition to an end", "no end can be reached from step 'Step 1'"];

/** The server's answer to creating `body`: a draft with id 9. */
const created = (body: WorkflowDraft): Workflow => workflowOf({ ...body, id: 9, status: "draft", version: null, has_undeployed_changes: true, steps: [], transitions: [] });

describe("WorkflowEditorPage: a brand-new broken workflow (issue 14 item 2)", () => {
  it("lists the server's problems after Deploy, on the /<id> page it moved to, and no 'deployed' toast", async () => {
    signInAs(ADMIN);
    const user = userEvent.setup({ delay: null });
    const calls = mockFetch({
      "GET /svc/auth/api/v1/roles/": page(ROLES),
      "POST /svc/workflow/workflows/": (call: RecordedCall) => ({ status: 201, body: created(call.body as WorkflowDraft) }),
      "GET /svc/workflow/workflows/9/": () => ok(created(calls.find((call) => call.method === "POST")!.body as WorkflowDraft)),
      "POST /svc/workflow/workflows/9/deploy/": { status: 400, body: { detail: "The workflow cannot be deployed.", problems: PROBLEMS } },
    });
    const { queryClient } = renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/new", route: ROUTE });
    await user.type(screen.getByLabelText("Name"), "Broken flow");

    await user.click(screen.getByRole("button", { name: "Deploy" }));

    // The page is now /admin/workflows/9: a new editor (it reads workflow 9), titled with the saved name.
    await waitFor(() => expect(calls.some((call) => call.method === "GET" && call.url === "/svc/workflow/workflows/9/")).toBe(true));
    expect(await screen.findByRole("heading", { level: 1, name: "Broken flow" })).toBeInTheDocument();
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("The workflow cannot be deployed")).toBeInTheDocument();
    expect(within(alert).getAllByRole("listitem").map((item) => item.textContent)).toEqual(PROBLEMS);
    expect(screen.getByText("Draft")).toBeInTheDocument();
    expect(screen.queryByText("Workflow deployed")).not.toBeInTheDocument();
    expect(calls.filter((call) => call.method === "POST").map((call) => call.url)).toEqual(["/svc/workflow/workflows/", "/svc/workflow/workflows/9/deploy/"]);
    // Handed over once: a later visit of /9 in this session does not show them again.
    await waitFor(() => expect(queryClient.getQueryData(deployProblemsKey(9))).toBeUndefined());
  });

  it("shows nothing stale on a fresh load of a draft's page", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/auth/api/v1/roles/": page(ROLES), "GET /svc/workflow/workflows/9/": ok(workflowOf({ id: 9, status: "draft", version: null })) });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/9", route: ROUTE });
    expect(await screen.findByRole("heading", { level: 1, name: "IT Support" })).toBeInTheDocument();
    expect(screen.queryByText("The workflow cannot be deployed")).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says the listed problems predate the edits made since", async () => {
    signInAs(ADMIN);
    const user = userEvent.setup({ delay: null });
    mockFetch({
      "GET /svc/auth/api/v1/roles/": page(ROLES),
      "GET /svc/workflow/workflows/4/": ok(SERVER_WORKFLOW),
      "POST /svc/workflow/workflows/4/deploy/": { status: 400, body: { detail: "The workflow cannot be deployed.", problems: PROBLEMS } },
    });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/4", route: ROUTE });
    await user.click(await screen.findByRole("button", { name: "Deploy" }));
    const alert = await screen.findByRole("alert");
    expect(within(alert).queryByText(/changed the workflow since/)).not.toBeInTheDocument();

    await user.type(screen.getByLabelText("Description"), " and more");

    expect(within(screen.getByRole("alert")).getByText(/These are from the last deploy; you have changed the workflow since/)).toBeInTheDocument();
  });
});

describe("WorkflowEditorPage: stale messages (issue 14 item 8)", () => {
  it("clears 'That transition is there already.' on the next edit of the form", async () => {
    signInAs(ADMIN);
    const user = userEvent.setup({ delay: null });
    mockFetch({ "GET /svc/auth/api/v1/roles/": page(ROLES), "GET /svc/workflow/workflows/4/": ok(SERVER_WORKFLOW) });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/4", route: ROUTE });
    await user.selectOptions(await screen.findByLabelText("From"), "Triage");
    await user.selectOptions(screen.getByLabelText("To"), "Resolve");
    await user.clear(screen.getByLabelText("Transition name"));
    await user.type(screen.getByLabelText("Transition name"), "assign");
    await user.click(screen.getByRole("button", { name: "Add transition" }));
    expect(screen.getByText("That transition is there already.")).toBeInTheDocument();

    await user.type(screen.getByLabelText("Transition name"), "x");

    expect(screen.queryByText("That transition is there already.")).not.toBeInTheDocument();
  });

  it("clears it too when the transitions change elsewhere (the old one removed)", async () => {
    signInAs(ADMIN);
    const user = userEvent.setup({ delay: null });
    mockFetch({ "GET /svc/auth/api/v1/roles/": page(ROLES), "GET /svc/workflow/workflows/4/": ok(SERVER_WORKFLOW) });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/4", route: ROUTE });
    await user.selectOptions(await screen.findByLabelText("From"), "Start");
    await user.selectOptions(screen.getByLabelText("To"), "Triage");
    await user.clear(screen.getByLabelText("Transition name"));
    await user.type(screen.getByLabelText("Transition name"), "start");
    await user.click(screen.getByRole("button", { name: "Add transition" }));
    expect(screen.getByText("That transition is there already.")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Remove transition start from Start to Triage" }));

    expect(screen.queryByText("That transition is there already.")).not.toBeInTheDocument();
  });
});

describe("dropConnection: a drag dropped on a node's body connects (issue 14 item 8)", () => {
  const from = (id: string, type: "source" | "target" = "source") =>
    ({ isValid: null, fromNode: { id }, fromHandle: { type } }) as unknown as Parameters<typeof dropConnection>[0];

  it("connects the node the drag began at to the node whose body it was dropped on", () => {
    expect(dropConnection(from("a"), "b")).toEqual({ source: "a", target: "b" });
    expect(dropConnection(from(START_ID), "a")).toEqual({ source: START_ID, target: "a" });
    expect(dropConnection(from("a"), END_ID)).toEqual({ source: "a", target: END_ID });
  });

  it("turns the transition round when the drag began at a target handle", () => {
    expect(dropConnection(from("b", "target"), "a")).toEqual({ source: "a", target: "b" });
  });

  it("leaves alone what React Flow connected itself, drops on nothing or on the same node, and Start/End misuse", () => {
    expect(dropConnection({ ...from("a"), isValid: true }, "b")).toBeNull();
    expect(dropConnection(from("a"), null)).toBeNull();
    expect(dropConnection(from("a"), "a")).toBeNull();
    expect(dropConnection(from("a"), START_ID)).toBeNull();
    expect(dropConnection(from(END_ID), "a")).toBeNull();
    expect(dropConnection(from(START_ID), END_ID)).toBeNull();
  });

  it("connects on a body drop even next to a refused handle (isValid false)", () => {
    expect(dropConnection({ ...from("a"), isValid: false }, "b")).toEqual({ source: "a", target: "b" });
  });
});
