import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { WorkflowEditorPage } from "./WorkflowEditorPage";
import { renderPage } from "../../test/render";
import { invalid, mockFetch, page, type RecordedCall } from "../../test/fetch";
import { ADMIN, signInAs } from "../../test/tokens";
import type { BusinessCalendar, Workflow, WorkflowDraft } from "../../api/types";
import { ROLES, SERVER_WORKFLOW, ok, workflowOf } from "./fixtures";

const ROUTE = "/admin/workflows/:workflowId";
const GET = "GET /svc/workflow/workflows/4/";
const PATCH = "PATCH /svc/workflow/workflows/4/";

function openEditor(workflow: Workflow, patch: (call: RecordedCall) => unknown = (call) => ok({ ...workflow, ...(call.body as object), steps: workflow.steps, transitions: workflow.transitions })) {
  signInAs(ADMIN);
  const calls = mockFetch({ "GET /svc/auth/api/v1/roles/": page(ROLES), [GET]: ok(workflow), [PATCH]: patch });
  renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/4", route: ROUTE });
  return calls;
}

const patches = (calls: RecordedCall[]) => calls.filter((call) => call.method === "PATCH");

describe("WorkflowEditorPage: business hours", () => {
  it("builds a calendar in the form and saves it in the API's shape", async () => {
    const user = userEvent.setup({ delay: null });
    const calls = openEditor(SERVER_WORKFLOW);
    const form = await screen.findByTestId("calendar-form");
    expect(within(form).getByLabelText("Around the clock")).toBeChecked();
    expect(within(form).queryByLabelText("Time zone")).not.toBeInTheDocument();

    await user.click(within(form).getByLabelText("Business hours only"));
    const zone = within(form).getByLabelText("Time zone");
    await user.clear(zone);
    await user.type(zone, "Asia/Manila");
    // Monday: a second interval after the first; Saturday opened; Friday closed.
    await user.click(within(form).getByRole("button", { name: "Add hours on Monday" }));
    await user.clear(within(form).getByLabelText("Monday interval 2 closes"));
    await user.type(within(form).getByLabelText("Monday interval 2 closes"), "19:00");
    await user.click(within(form).getByRole("button", { name: "Add hours on Saturday" }));
    await user.click(within(form).getByRole("button", { name: "Remove Friday interval 1" }));
    expect(within(screen.getByTestId("calendar-day-fri")).getByText("Closed")).toBeInTheDocument();
    await user.click(within(form).getByRole("button", { name: "Add holiday" }));
    fireEvent.change(within(form).getByLabelText("Holiday 1"), { target: { value: "2026-12-25" } });
    expect(within(form).getByText("(42 h a week)")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(patches(calls)).toHaveLength(1));
    const expected: BusinessCalendar = {
      timezone: "Asia/Manila",
      hours: {
        mon: [["09:00", "17:00"], ["17:00", "19:00"]],
        tue: [["09:00", "17:00"]],
        wed: [["09:00", "17:00"]],
        thu: [["09:00", "17:00"]],
        fri: [],
        sat: [["09:00", "17:00"]],
        sun: [],
      },
      holidays: ["2026-12-25"],
    };
    expect((patches(calls)[0].body as WorkflowDraft).calendar).toEqual(expected);
    expect(await screen.findByText("Workflow saved")).toBeInTheDocument();
    expect(screen.queryByText("Unsaved changes")).not.toBeInTheDocument();
  }, 20_000); // many keystrokes: slow on a loaded machine

  it("loads a workflow's calendar and goes back to around the clock as null", async () => {
    const user = userEvent.setup({ delay: null });
    const calendar: BusinessCalendar = { timezone: "Europe/Berlin", hours: { mon: [["08:00", "16:00"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: ["2026-12-24"] };
    const calls = openEditor(workflowOf({ calendar }));
    const form = await screen.findByTestId("calendar-form");
    expect(within(form).getByLabelText("Business hours only")).toBeChecked();
    expect(within(form).getByLabelText("Time zone")).toHaveValue("Europe/Berlin");
    expect(within(form).getByLabelText("Monday interval 1 opens")).toHaveValue("08:00");
    expect(within(form).getByLabelText("Holiday 1")).toHaveValue("2026-12-24");
    expect(screen.queryByText("Unsaved changes")).not.toBeInTheDocument();

    await user.click(within(form).getByLabelText("Around the clock"));
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(patches(calls)).toHaveLength(1));
    expect((patches(calls)[0].body as WorkflowDraft).calendar).toBeNull();
  });

  it("shows the server's calendar errors under their controls", async () => {
    const user = userEvent.setup({ delay: null });
    openEditor(
      workflowOf({ calendar: { timezone: "Mars/Base", hours: { mon: [["09:00", "12:00"], ["11:00", "17:00"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] } }),
      () =>
        invalid({
          "calendar.timezone": ["'Mars/Base' is not a known IANA time zone"],
          "calendar.hours.mon": ["intervals must be sorted and must not overlap"],
        }),
    );
    const description = await screen.findByLabelText("Description");
    await user.type(description, "!");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("'Mars/Base' is not a known IANA time zone")).toBeInTheDocument();
    expect(screen.getByLabelText("Time zone")).toHaveAttribute("aria-invalid", "true");
    const monday = screen.getByTestId("calendar-day-mon");
    expect(within(monday).getByText("intervals must be sorted and must not overlap")).toBeInTheDocument();
    expect(within(monday).getByLabelText("Monday interval 2 opens")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("Fix the business hours below.")).toBeInTheDocument();
  });

  it("flags a time that is not HH:MM before the server sees it", async () => {
    const user = userEvent.setup({ delay: null });
    openEditor(SERVER_WORKFLOW);
    await user.click(await screen.findByLabelText("Business hours only"));
    const opens = screen.getByLabelText("Tuesday interval 1 opens");
    await user.clear(opens);
    await user.type(opens, "9");
    expect(within(screen.getByTestId("calendar-day-tue")).getByText("Write times as HH:MM (24:00 for midnight).")).toBeInTheDocument();
  });
});

describe("WorkflowEditorPage: K-of-N approval per step", () => {
  it("asks for N and K, shows the transition names only when N > 1, and refuses K > N before saving", async () => {
    const user = userEvent.setup({ delay: null });
    const calls = openEditor(SERVER_WORKFLOW);
    await user.click(await screen.findByRole("button", { name: /Edit step\s+Resolve/ }));
    const panel = screen.getByRole("complementary", { name: "Selected item" });
    expect(within(panel).getByLabelText("People who must decide")).toHaveValue(1);
    expect(within(panel).getByLabelText("Approvals needed")).toHaveValue(1);
    expect(within(panel).queryByLabelText("Approval transition")).not.toBeInTheDocument();

    await user.clear(within(panel).getByLabelText("People who must decide"));
    await user.type(within(panel).getByLabelText("People who must decide"), "3");
    expect(within(panel).getByLabelText("Approval transition")).toHaveValue("approve");
    expect(within(panel).getByLabelText("Rejection transition")).toHaveValue("reject");
    await user.clear(within(panel).getByLabelText("Approvals needed"));
    await user.type(within(panel).getByLabelText("Approvals needed"), "4");
    expect(within(panel).getByText("Approvals needed (4) cannot be more than the people who must decide (3).")).toBeInTheDocument();
    expect(within(panel).getByLabelText("Approvals needed")).toHaveAttribute("aria-invalid", "true");

    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Step “Resolve”: Approvals needed (4) cannot be more than the people who must decide (3).")).toBeInTheDocument();
    expect(patches(calls)).toHaveLength(0);

    await user.clear(within(panel).getByLabelText("Approvals needed"));
    await user.type(within(panel).getByLabelText("Approvals needed"), "2");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(patches(calls)).toHaveLength(1));
    const resolve = (patches(calls)[0].body as WorkflowDraft).steps.find((step) => step.name === "Resolve");
    expect(resolve).toMatchObject({ assignees: 3, approvals_required: 2, approve_transition: "approve", reject_transition: "reject" });
  });

  it("lists the deploy refusal that names the step", async () => {
    const user = userEvent.setup({ delay: null });
    signInAs(ADMIN);
    mockFetch({
      "GET /svc/auth/api/v1/roles/": page(ROLES),
      [GET]: ok(workflowOf({ status: "draft", version: null })),
      "POST /svc/workflow/workflows/4/deploy/": {
        status: 400,
        body: { code: "workflow_invalid", detail: "The workflow cannot be deployed.", problems: ["step 'Resolve' needs 3 assignees but role 'Agent' has 2 active members"] },
      },
    });
    renderPage(<WorkflowEditorPage />, { path: "/admin/workflows/4", route: ROUTE });
    await user.click(await screen.findByRole("button", { name: "Deploy" }));
    expect(await screen.findByText("step 'Resolve' needs 3 assignees but role 'Agent' has 2 active members")).toBeInTheDocument();
  });
});
