import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import { RequesterContext } from "./RequesterContext";
import { renderPage } from "../../test/render";
import { mockFetch, problem, type Route } from "../../test/fetch";
import { AGENT, signInAs } from "../../test/tokens";

const URL = "GET /svc/workflow/tasks/5/requester-tickets/";
const ticket = (number: string, overrides = {}) => ({
  id: null,
  ticket_number: number,
  subject: `Subject of ${number}`,
  status: "in_progress",
  priority: "High",
  received_at: new Date(Date.now() - 3 * 86_400_000).toISOString(),
  completed_at: null,
  can_open: false,
  ...overrides,
});
const answer = (results: unknown[], extra = {}) => ({
  count: results.length,
  next: null,
  previous: null,
  open_count: 1,
  requester: { email: "emma@example.com", first_name: "Emma", last_name: "Employee" },
  results,
  ...extra,
});

function show(route: Route) {
  signInAs(AGENT);
  const calls = mockFetch({ [URL]: route });
  renderPage(<RequesterContext taskId="5" />);
  return calls;
}

describe("RequesterContext", () => {
  it("names the requester, counts the open ones, and links only the tickets the person may open", async () => {
    const calls = show(answer([ticket("TX-9", { id: 9, can_open: true }), ticket("TX-8", { status: "completed", subject: "" })], { count: 12 }));

    const card = await screen.findByRole("region", { name: "Requester" });
    expect(await within(card).findByText("Emma Employee")).toBeInTheDocument();
    expect(within(card).getByText("emma@example.com")).toBeInTheDocument();
    expect(within(card).getByTestId("requester-summary")).toHaveTextContent("1 open of 12 other tickets.");
    const list = within(card).getByRole("list", { name: "Other tickets from this requester, newest first" });
    expect(within(list).getByRole("link", { name: "TX-9" })).toHaveAttribute("href", "/tasks/9");
    expect(within(list).queryByRole("link", { name: "TX-8" })).toBeNull();
    expect(within(list).getByText("TX-8")).toBeInTheDocument();
    expect(within(list).getByText("(no subject)")).toBeInTheDocument();
    expect(within(card).getByText("And 10 older.")).toBeInTheDocument();
    expect(within(card).getByText(/other people's work/)).toBeInTheDocument();
    expect(calls[0].url).toBe("/svc/workflow/tasks/5/requester-tickets/?page_size=8");
  });

  it("says when the requester has no other tickets, and when the ticket names no requester", async () => {
    show(answer([], { open_count: 0 }));
    expect(await screen.findByText("No other tickets from this requester.")).toBeInTheDocument();
  });

  it("says there is no history when the help desk sent no email", async () => {
    show(answer([], { requester: { email: "", first_name: "", last_name: "" } }));
    expect(await screen.findByText(/sent no requester email/)).toBeInTheDocument();
  });

  it("shows the server's error instead of an empty history", async () => {
    show(problem(404, "not_found", "Not found."));
    const card = await screen.findByRole("region", { name: "Requester" });
    expect(await within(card).findByRole("alert")).toBeInTheDocument();
    expect(within(card).queryByText("No other tickets from this requester.")).toBeNull();
  });
});
