import type { TaskGraph, TaskStatus } from "../../api/types";
import { titleCase } from "./historySentence";

interface FlowNode {
  key: string;
  /** The step's id; null for Start and End. */
  id: number | null;
  name: string;
  role?: string;
  kind: "start" | "step" | "end";
  current: boolean;
}

interface Edge {
  id: number;
  name: string;
  to: string;
}

const START = "start";
const END = "end";
const nodeKey = (stepId: number | null, side: "from" | "to") => (stepId === null ? (side === "from" ? START : END) : `step-${stepId}`);

/**
 * Where the task is in its workflow: Start → the steps in order → End,
 * each arrow labelled with the transitions that take it; transitions that
 * skip ahead or go back are listed on the step they leave. The current step
 * is highlighted and carries aria-current="step"; steps already worked are ticked.
 */
export function WorkflowDiagram({ graph, status, visited }: { graph: TaskGraph; status: TaskStatus; visited: Set<string> }) {
  const finished = status === "completed";
  const nodes: FlowNode[] = [
    { key: START, id: null, name: "Start", kind: "start", current: false },
    ...graph.steps.map((step) => ({ key: `step-${step.id}`, id: step.id, name: step.name, role: step.role, kind: "step" as const, current: step.current })),
    { key: END, id: null, name: "End", kind: "end", current: finished && !graph.steps.some((step) => step.current) },
  ];
  const names = new Map(nodes.map((node) => [node.key, node.name]));
  const outgoing = new Map<string, Edge[]>();
  for (const transition of graph.transitions) {
    const from = nodeKey(transition.from_step, "from");
    const list = outgoing.get(from) ?? [];
    list.push({ id: transition.id, name: transition.name ? titleCase(transition.name) : "(unnamed)", to: nodeKey(transition.to_step, "to") });
    outgoing.set(from, list);
  }

  return (
    <ol className="flow" aria-label="Workflow steps">
      {nodes.map((node, index) => {
        const next = nodes[index + 1];
        const edges = outgoing.get(node.key) ?? [];
        const forward = next ? edges.filter((edge) => edge.to === next.key) : [];
        const others = edges.filter((edge) => !next || edge.to !== next.key);
        const done = node.kind === "step" && !node.current && visited.has(node.name);
        const classes = ["flow-node", `flow-${node.kind}`, node.current ? "flow-current" : "", done ? "flow-done" : ""].filter(Boolean).join(" ");
        return (
          <li key={node.key} className="flow-item" data-testid="flow-step" data-step={node.name}>
            <div className={classes} aria-current={node.current ? "step" : undefined}>
              <div className="flow-title">
                {done && (
                  <span className="flow-tick" aria-label="done">
                    ✓
                  </span>
                )}
                <strong>{node.name}</strong>
                {node.current && <span className="badge flow-here">{node.kind === "end" ? "finished" : "current"}</span>}
              </div>
              {node.role && <div className="flow-role">{node.role}</div>}
              {others.length > 0 && (
                <ul className="flow-jumps" aria-label={`Other ways out of ${node.name}`}>
                  {others.map((edge) => (
                    <li key={edge.id}>
                      <span className="flow-label">{edge.name}</span> <span aria-hidden="true">→</span>
                      <span className="visually-hidden"> to </span> {names.get(edge.to) ?? "?"}
                    </li>
                  ))}
                </ul>
              )}
            </div>
            {next && (
              <div className={`flow-arrow${forward.length ? "" : " flow-arrow-faint"}`}>
                <span className="flow-arrow-line" aria-hidden="true" />
                {forward.length > 0 && (
                  <span className="flow-arrow-labels">
                    <span className="visually-hidden">To {next.name}: </span>
                    {forward.map((edge) => (
                      <span key={edge.id} className="flow-label">
                        {edge.name}
                      </span>
                    ))}
                  </span>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
