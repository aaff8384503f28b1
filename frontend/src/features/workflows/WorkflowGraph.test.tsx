import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { WorkflowGraph, graphEdges, layoutNodes, type Selection } from "./WorkflowGraph";
import { workflowToDraft } from "./draft";
import { SERVER_WORKFLOW } from "./fixtures";

// React Flow measures with ResizeObserver and reads transforms with DOMMatrixReadOnly; jsdom has neither.
class ResizeObserverStub {
  constructor(private callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback([{ target, contentRect: { width: 800, height: 400 } } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve() {}
  disconnect() {}
}
class DOMMatrixReadOnlyStub {
  m22: number;
  constructor(transform?: string) {
    const scale = transform?.match(/scale\(([0-9.]+)\)/)?.[1];
    this.m22 = scale !== undefined ? Number(scale) : 1;
  }
}

beforeAll(() => {
  vi.stubGlobal("ResizeObserver", ResizeObserverStub);
  vi.stubGlobal("DOMMatrixReadOnly", DOMMatrixReadOnlyStub);
  // Edge labels measure their text.
  (SVGElement.prototype as unknown as { getBBox: () => DOMRect }).getBBox = () => ({ x: 0, y: 0, width: 40, height: 12 }) as DOMRect;
  Object.defineProperties(HTMLElement.prototype, {
    offsetWidth: { configurable: true, get: () => 170 },
    offsetHeight: { configurable: true, get: () => 48 },
  });
});
afterAll(() => {
  vi.unstubAllGlobals();
  delete (HTMLElement.prototype as unknown as Record<string, unknown>).offsetWidth;
  delete (HTMLElement.prototype as unknown as Record<string, unknown>).offsetHeight;
  delete (SVGElement.prototype as unknown as Record<string, unknown>).getBBox;
});

describe("layout", () => {
  it("puts Start, the steps in order and End from left to right", () => {
    const draft = workflowToDraft(SERVER_WORKFLOW);
    const nodes = layoutNodes(draft.steps, null);
    expect(nodes.map((node) => node.id)).toEqual(["__start", draft.steps[0].key, draft.steps[1].key, "__end"]);
    const xs = nodes.map((node) => node.position.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it("draws each transition as an edge from its step (or Start) to its step (or End), labelled with its name", () => {
    const draft = workflowToDraft(SERVER_WORKFLOW);
    const selection: Selection = { kind: "transition", key: draft.transitions[3].key };
    const edges = graphEdges(draft.transitions, selection);
    expect(edges.map((edge) => [edge.source, edge.target, edge.label])).toEqual([
      ["__start", draft.steps[0].key, "start"],
      [draft.steps[0].key, draft.steps[1].key, "assign"],
      [draft.steps[1].key, "__end", "resolve"],
      [draft.steps[0].key, "__end", "reject ✎"],
    ]);
    expect(edges.map((edge) => Boolean(edge.selected))).toEqual([false, false, false, true]);
  });

  it("names transitions between the same two nodes on one edge, so none hides another", () => {
    const step = { key: "s1" };
    const transitions = [
      { key: "t1", from: null, to: step.key, name: "start", requires_notes: false },
      { key: "t2", from: step.key, to: null, name: "resolve", requires_notes: false },
      { key: "t3", from: step.key, to: null, name: "reject", requires_notes: true },
    ];
    expect(graphEdges(transitions, null).map((edge) => edge.label)).toEqual(["start", "resolve · reject ✎", undefined]);
  });
});

describe("WorkflowGraph", () => {
  it("renders Start, End and a node per step with its role", async () => {
    const draft = workflowToDraft(SERVER_WORKFLOW);
    render(
      <div style={{ width: 800, height: 400 }}>
        <WorkflowGraph
          steps={draft.steps}
          transitions={draft.transitions}
          selection={null}
          onSelect={() => undefined}
          onConnect={() => undefined}
          onRemoveTransition={() => undefined}
          onRemoveStep={() => undefined}
        />
      </div>,
    );
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    expect(screen.getByText("Start")).toBeInTheDocument();
    expect(screen.getByText("End")).toBeInTheDocument();
    expect(screen.getByText("Triage")).toBeInTheDocument();
    expect(screen.getByText("Ticket Coordinator")).toBeInTheDocument();
    expect(screen.getByText("Resolve")).toBeInTheDocument();
    expect(screen.getByText("assign")).toBeInTheDocument();
    expect(screen.getByText("reject ✎")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Tidy layout" })).toBeInTheDocument();
  });

  it("selecting a node selects its step", async () => {
    const draft = workflowToDraft(SERVER_WORKFLOW);
    const onSelect = vi.fn();
    render(
      <div style={{ width: 800, height: 400 }}>
        <WorkflowGraph
          steps={draft.steps}
          transitions={draft.transitions}
          selection={null}
          onSelect={onSelect}
          onConnect={() => undefined}
          onRemoveTransition={() => undefined}
          onRemoveStep={() => undefined}
        />
      </div>,
    );
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    // A plain click: d3-drag's mousedown handler needs event.view, which user-event leaves null in jsdom.
    fireEvent.click(screen.getByText("Resolve"));
    expect(onSelect).toHaveBeenCalledWith({ kind: "step", key: draft.steps[1].key });
  });
});
