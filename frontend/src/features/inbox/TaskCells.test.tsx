import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { task } from "../task/fixtures";
import { TaskSlaCell } from "./TaskCells";

describe("TaskSlaCell on closed tasks", () => {
  it("says a cancelled task has no SLA outcome, in words, not a bare dash", () => {
    render(<TaskSlaCell task={task({ status: "cancelled", sla_met: null, sla_margin_seconds: null })} />);

    expect(screen.getByText("Cancelled: no SLA outcome")).toBeInTheDocument();
  });

  it("works the outcome out from completion against the target when the server gave none", () => {
    const closed = task({
      status: "completed",
      sla_met: null,
      sla_margin_seconds: null,
      completed_at: "2026-11-30T10:00:00Z",
      target_resolution: "2026-11-30T13:00:00Z",
    });
    render(<TaskSlaCell task={closed} />);

    expect(screen.getByTestId("sla-outcome")).toHaveTextContent(/met, 3 h early/);
  });
});
