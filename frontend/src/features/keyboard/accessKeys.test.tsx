import { describe, expect, it } from "vitest";
import { screen } from "@testing-library/react";
import { TaskActions } from "../task/TaskActions";
import { task } from "../task/fixtures";
import { renderPage } from "../../test/render";
import { mockFetch } from "../../test/fetch";
import { ADMIN, signInAs } from "../../test/tokens";

describe("transition access keys", () => {
  it("gives each transition button a unique access key, named in its tooltip", () => {
    signInAs(ADMIN);
    mockFetch({});
    const detail = task({
      available_transitions: [
        { id: 31, name: "approve", to_step: "Fulfil", requires_notes: false },
        { id: 33, name: "ask", to_step: "Triage", requires_notes: false },
        { id: 32, name: "reject", to_step: null, requires_notes: true },
      ],
    });
    renderPage(<TaskActions task={detail} taskId={String(detail.id)} />);
    const buttons = screen.getAllByTestId("transition-button");
    expect(buttons.map((button) => button.getAttribute("accesskey"))).toEqual(["a", "s", "r"]);
    expect(buttons[0]).toHaveAttribute("title", "Moves the task to Fulfil (access key A)");
    expect(buttons[2]).toHaveAttribute("title", "Finishes the task (access key R)");
  });
});
