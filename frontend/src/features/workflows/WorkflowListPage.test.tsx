import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { WorkflowListPage } from "./WorkflowListPage";
import { renderPage } from "../../test/render";
import { mockFetch, page } from "../../test/fetch";
import { ADMIN, signInAs } from "../../test/tokens";
import { ok, workflowOf } from "./fixtures";

const WORKFLOWS = [
  workflowOf({ id: 1, name: "IT Support", category: "IT", status: "deployed", version: 2, has_undeployed_changes: true }),
  workflowOf({ id: 2, name: "Facilities", category: "Building", sub_category: "Lights", department: "Operations", status: "draft", version: null, has_undeployed_changes: true }),
  workflowOf({
    id: 3,
    name: "Payroll",
    category: "Finance",
    status: "paused",
    version: 1,
    has_undeployed_changes: false,
    calendar: { timezone: "Asia/Manila", hours: { mon: [["08:00", "17:00"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] },
  }),
];

describe("WorkflowListPage", () => {
  it("lists workflows with their status, version, changes and SLA", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/workflow/workflows/": page(WORKFLOWS) });
    renderPage(<WorkflowListPage />, { path: "/admin/workflows" });
    const rows = await screen.findAllByTestId("workflow-row");
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByRole("link", { name: "IT Support" })).toHaveAttribute("href", "/admin/workflows/1");
    expect(within(rows[0]).getByText("Deployed")).toBeInTheDocument();
    expect(within(rows[0]).getByText("v2")).toBeInTheDocument();
    expect(within(rows[0]).getByText("Changes not deployed")).toBeInTheDocument();
    expect(within(rows[0]).getByText("Low 2d, Medium 1d, High 4h, Critical 30m")).toBeInTheDocument();
    expect(within(rows[1]).getByText("Draft")).toBeInTheDocument();
    expect(within(rows[1]).queryByText("Changes not deployed")).not.toBeInTheDocument();
    expect(within(rows[1]).getAllByText("Building › Lights").length).toBeGreaterThan(0);
    expect(within(rows[1]).getByText("Operations")).toBeInTheDocument();
    expect(within(rows[2]).getByText("Paused")).toBeInTheDocument();
    expect(within(rows[2]).getByTestId("sla-calendar")).toHaveTextContent("business hours, Asia/Manila");
    expect(within(rows[0]).queryByTestId("sla-calendar")).not.toBeInTheDocument();
    // Deployed: pause, and deploy again for the pending changes; paused/draft: deploy only.
    expect(within(rows[0]).getByRole("button", { name: "Pause IT Support" })).toBeInTheDocument();
    expect(within(rows[2]).queryByRole("button", { name: /Pause/ })).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "New workflow" })).toHaveAttribute("href", "/admin/workflows/new");
  });

  it("deploys from the row through the deploy endpoint", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({
      "GET /svc/workflow/workflows/": page(WORKFLOWS),
      "POST /svc/workflow/workflows/3/deploy/": ok({ ...WORKFLOWS[2], status: "deployed", version: 2 }),
    });
    renderPage(<WorkflowListPage />, { path: "/admin/workflows" });
    await userEvent.click(await screen.findByRole("button", { name: "Deploy Payroll" }));
    expect(await screen.findByText("Workflow deployed")).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "POST").map((call) => call.url)).toEqual(["/svc/workflow/workflows/3/deploy/"]);
    // The list is fetched again afterwards.
    expect(calls.filter((call) => call.method === "GET").length).toBeGreaterThanOrEqual(2);
  });

  it("shows why a deploy was refused", async () => {
    signInAs(ADMIN);
    mockFetch({
      "GET /svc/workflow/workflows/": page(WORKFLOWS),
      "POST /svc/workflow/workflows/2/deploy/": {
        status: 400,
        body: { detail: "The workflow cannot be deployed.", problems: ["the workflow has no steps", "sla.urgent is missing"] },
      },
    });
    renderPage(<WorkflowListPage />, { path: "/admin/workflows" });
    await userEvent.click(await screen.findByRole("button", { name: "Deploy Facilities" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The workflow cannot be deployed: Facilities");
    expect(within(alert).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["the workflow has no steps", "sla.urgent is missing"]);
  });

  it("pauses a deployed workflow", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({
      "GET /svc/workflow/workflows/": page(WORKFLOWS),
      "POST /svc/workflow/workflows/1/pause/": ok({ ...WORKFLOWS[0], status: "paused" }),
    });
    renderPage(<WorkflowListPage />, { path: "/admin/workflows" });
    await userEvent.click(await screen.findByRole("button", { name: "Pause IT Support" }));
    expect(await screen.findByText("Workflow paused")).toBeInTheDocument();
    expect(calls.some((call) => call.method === "POST" && call.url === "/svc/workflow/workflows/1/pause/")).toBe(true);
  });

  it("filters by status through the API and searches by name or category", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({ "GET /svc/workflow/workflows/": page(WORKFLOWS) });
    renderPage(<WorkflowListPage />, { path: "/admin/workflows" });
    await screen.findAllByTestId("workflow-row");
    await userEvent.type(screen.getByLabelText("Search by name or category"), "finance");
    expect(screen.getAllByTestId("workflow-row").map((row) => row.dataset.workflow)).toEqual(["Payroll"]);
    await userEvent.selectOptions(screen.getByLabelText("Status"), "paused");
    const last = new URL(calls[calls.length - 1].url, "http://console");
    expect(last.searchParams.get("status")).toBe("paused");
  });

  it("has an empty state, and an error state", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/workflow/workflows/": page([]) });
    const { unmount } = renderPage(<WorkflowListPage />, { path: "/admin/workflows" });
    expect(await screen.findByText("No workflows yet")).toBeInTheDocument();
    unmount();
    mockFetch({ "GET /svc/workflow/workflows/": { status: 503, body: { detail: "database unavailable" } } });
    renderPage(<WorkflowListPage />, { path: "/admin/workflows" });
    expect(await screen.findByRole("alert")).toHaveTextContent("database unavailable");
  });
});
