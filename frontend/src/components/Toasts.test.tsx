import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { LIFETIME_MS, MAX_TOASTS, ToastProvider, useToast, withToast, type ToastInput } from "./Toasts";

const ASSIGNED = { key: "assigned", title: (count: number) => `${count} new tasks assigned`, href: "/inbox", linkLabel: "Open the inbox" };
let show: (toast: ToastInput) => void = () => undefined;

function Grab() {
  show = useToast();
  return null;
}

function renderToasts() {
  return render(
    <MemoryRouter>
      <ToastProvider>
        <Grab />
      </ToastProvider>
    </MemoryRouter>,
  );
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("toasts", () => {
  it("show twenty assignments in a row as one toast with the count and a link to the inbox", () => {
    renderToasts();
    act(() => {
      for (let index = 1; index <= 20; index++) show({ title: `Task ${index} assigned`, body: "Printer on fire", href: `/tasks/${index}`, group: ASSIGNED });
    });
    const toasts = screen.getAllByTestId("toast");
    expect(toasts).toHaveLength(1);
    expect(toasts[0]).toHaveTextContent("20 new tasks assigned");
    expect(toasts[0]).not.toHaveTextContent("Printer on fire");
    expect(within(toasts[0]).getByRole("link", { name: "Open the inbox" })).toHaveAttribute("href", "/inbox");
  });

  it("show a lone toast as it came, and start a new group once the old one is gone", () => {
    renderToasts();
    act(() => show({ title: "Task 1 assigned", href: "/tasks/1", group: ASSIGNED }));
    expect(screen.getByTestId("toast")).toHaveTextContent("Task 1 assigned");
    expect(screen.getByRole("link", { name: "Open" })).toHaveAttribute("href", "/tasks/1");
    act(() => vi.advanceTimersByTime(LIFETIME_MS + 10));
    expect(screen.queryByTestId("toast")).not.toBeInTheDocument();
    act(() => show({ title: "Task 2 assigned", group: ASSIGNED }));
    expect(screen.getByTestId("toast")).toHaveTextContent("Task 2 assigned");
  });

  it("keep a group on screen while its members keep coming, then let it go", () => {
    renderToasts();
    for (let index = 0; index < 5; index++) {
      act(() => show({ title: "Task assigned", group: ASSIGNED }));
      act(() => vi.advanceTimersByTime(LIFETIME_MS - 1000));
    }
    expect(screen.getByTestId("toast")).toHaveTextContent("5 new tasks assigned");
    act(() => vi.advanceTimersByTime(1010));
    expect(screen.queryByTestId("toast")).not.toBeInTheDocument();
  });

  it(`stack at most ${MAX_TOASTS}, drop the oldest, and close on their button`, () => {
    renderToasts();
    act(() => ["one", "two", "three", "four"].forEach((title) => show({ title })));
    expect(screen.getAllByTestId("toast").map((toast) => toast.querySelector("strong")?.textContent)).toEqual(["two", "three", "four"]);
    fireEvent.click(screen.getByRole("button", { name: "Dismiss: three" }));
    expect(screen.getAllByTestId("toast")).toHaveLength(2);
  });

  it("wait while the pointer is on them, and are read out politely", () => {
    renderToasts();
    act(() => show({ title: "Saved" }));
    const region = screen.getByRole("status", { name: "Messages" });
    expect(region).toHaveAttribute("aria-live", "polite");
    fireEvent.mouseEnter(region);
    act(() => vi.advanceTimersByTime(LIFETIME_MS * 3));
    expect(screen.getByTestId("toast")).toHaveTextContent("Saved");
    fireEvent.mouseLeave(region);
    act(() => vi.advanceTimersByTime(LIFETIME_MS + 10));
    expect(screen.queryByTestId("toast")).not.toBeInTheDocument();
  });
});

describe("withToast", () => {
  it("joins only the same group, whatever else is showing", () => {
    let all = withToast([], { title: "a", group: ASSIGNED }, 1);
    all = withToast(all, { title: "comment" }, 2);
    all = withToast(all, { title: "b", group: ASSIGNED }, 3);
    all = withToast(all, { title: "c", group: { ...ASSIGNED, key: "other" } }, 4);
    expect(all.map((toast) => [toast.id, toast.title, toast.count])).toEqual([
      [1, "2 new tasks assigned", 2],
      [2, "comment", 1],
      [4, "c", 1],
    ]);
  });
});
