import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  ReactFlowProvider,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type Node,
  type NodeChange,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useTheme } from "../theme/useTheme";
import type { DraftStep, DraftTransition } from "./draft";

export type Selection = { kind: "step"; key: string } | { kind: "transition"; key: string } | null;

export const START_ID = "__start";
export const END_ID = "__end";
const COLUMN = 250;
const FIRST = 150;
const ROW_Y = 40;

type StepNodeData = { name: string; role: string; order: number; invalid: boolean };
type TerminalNodeData = { label: string; kind: "start" | "end" };
type StepNode = Node<StepNodeData, "step">;
type TerminalNode = Node<TerminalNodeData, "terminal">;
type GraphNode = StepNode | TerminalNode;

function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  return (
    <div className={`wf-node wf-node-step${selected ? " is-selected" : ""}${data.invalid ? " is-invalid" : ""}`}>
      <Handle type="target" position={Position.Left} />
      <span className="wf-node-order" aria-hidden="true">
        {data.order}
      </span>
      <div className="wf-node-text">
        <strong className="wf-node-name">{data.name || "(no name)"}</strong>
        <span className={data.role ? "wf-node-role" : "wf-node-role wf-node-missing"}>{data.role || "No role"}</span>
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

function TerminalNodeView({ data }: NodeProps<TerminalNode>) {
  return (
    <div className={`wf-node wf-node-terminal wf-node-${data.kind}`}>
      {data.kind === "end" && <Handle type="target" position={Position.Left} />}
      {data.label}
      {data.kind === "start" && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

const NODE_TYPES = { step: StepNodeView, terminal: TerminalNodeView };

/** Left to right by step order: Start, the steps, End. */
export function layoutNodes(steps: DraftStep[], selection: Selection, duplicates: Set<string> = new Set()): GraphNode[] {
  const start: TerminalNode = {
    id: START_ID,
    type: "terminal",
    position: { x: 0, y: ROW_Y + 8 },
    data: { label: "Start", kind: "start" },
    deletable: false,
    selectable: false,
    ariaLabel: "Start",
  };
  const middle: StepNode[] = steps.map((step, index) => ({
    id: step.key,
    type: "step",
    position: { x: FIRST + index * COLUMN, y: index % 2 === 0 ? ROW_Y : ROW_Y + 50 },
    data: { name: step.name, role: step.role, order: index + 1, invalid: !step.role || !step.name.trim() || duplicates.has(step.name.trim()) },
    selected: selection?.kind === "step" && selection.key === step.key,
    ariaLabel: `Step ${index + 1}: ${step.name || "(no name)"} (${step.role || "no role"})`,
  }));
  const end: TerminalNode = {
    id: END_ID,
    type: "terminal",
    position: { x: FIRST + steps.length * COLUMN, y: ROW_Y + 8 },
    data: { label: "End", kind: "end" },
    deletable: false,
    selectable: false,
    ariaLabel: "End",
  };
  return [start, ...middle, end];
}

const edgeLabel = (transition: DraftTransition) => (transition.requires_notes ? `${transition.name} ✎` : transition.name);

/**
 * One edge per transition. Transitions between the same two nodes would be drawn on top of each
 * other, so the first of them carries every name ("resolve · reject ✎") and the others none.
 */
export function graphEdges(transitions: DraftTransition[], selection: Selection): Edge[] {
  const between = new Map<string, DraftTransition[]>();
  for (const transition of transitions) {
    const pair = `${transition.from ?? START_ID}→${transition.to ?? END_ID}`;
    between.set(pair, [...(between.get(pair) ?? []), transition]);
  }
  return transitions.map((transition) => {
    const selected = selection?.kind === "transition" && selection.key === transition.key;
    const parallel = between.get(`${transition.from ?? START_ID}→${transition.to ?? END_ID}`) ?? [transition];
    return {
      id: transition.key,
      source: transition.from ?? START_ID,
      target: transition.to ?? END_ID,
      label: parallel[0] === transition ? parallel.map(edgeLabel).join(" · ") : undefined,
      type: "smoothstep",
      selected,
      markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
      className: selected ? "wf-edge is-selected" : "wf-edge",
      labelBgPadding: [6, 3] as [number, number],
      labelBgBorderRadius: 6,
      ariaLabel: `Transition ${transition.name}${transition.requires_notes ? " (notes)" : ""}`,
    };
  });
}

/**
 * The transition a drag dropped on a node's body makes (React Flow connects only on a handle): from the node the drag
 * began at to the node under the pointer, turned round when the drag began at a target handle. Null when React Flow
 * already connected it (dropped on or near a fitting handle), when it was dropped on no node or on the node it began
 * at, or when it would run into Start or out of End.
 */
export function dropConnection(
  state: Pick<FinalConnectionState, "isValid" | "fromNode" | "fromHandle">,
  droppedOn: string | null,
): { source: string; target: string } | null {
  if (state.isValid === true || !state.fromNode || !droppedOn || droppedOn === state.fromNode.id) return null;
  const connection = state.fromHandle?.type === "target" ? { source: droppedOn, target: state.fromNode.id } : { source: state.fromNode.id, target: droppedOn };
  return validConnection(connection) ? connection : null;
}

const validConnection = (connection: { source: string | null; target: string | null }) =>
  connection.source !== END_ID && connection.target !== START_ID && !(connection.source === START_ID && connection.target === END_ID);

/** The id of the graph node under the pointer where a drag ended, or null. */
function nodeUnder(event: MouseEvent | TouchEvent): string | null {
  const point = "changedTouches" in event ? event.changedTouches[0] : event;
  const element =
    (point && typeof document.elementFromPoint === "function" ? document.elementFromPoint(point.clientX, point.clientY) : null) ??
    (event.target instanceof Element ? event.target : null);
  return element?.closest(".react-flow__node")?.getAttribute("data-id") ?? null;
}

interface GraphProps {
  steps: DraftStep[];
  transitions: DraftTransition[];
  selection: Selection;
  duplicates?: Set<string>;
  onSelect: (selection: Selection) => void;
  /** A transition drawn by dragging: step keys, null for the start / the end. */
  onConnect: (from: string | null, to: string | null) => void;
  onRemoveTransition: (key: string) => void;
  onRemoveStep: (key: string) => void;
}

/** The workflow as a graph (React Flow): drag from a handle and drop on another node (its handle or its body) to add a transition; click to edit. */
export function WorkflowGraph(props: GraphProps) {
  return (
    <ReactFlowProvider>
      <Graph {...props} />
    </ReactFlowProvider>
  );
}

function Graph({ steps, transitions, selection, duplicates, onSelect, onConnect, onRemoveTransition, onRemoveStep }: GraphProps) {
  const [nodes, setNodes] = useState<GraphNode[]>(() => layoutNodes(steps, selection, duplicates));
  /** Nodes someone moved by hand keep their place; the others follow the automatic layout. */
  const dragged = useRef(new Set<string>());
  const flow = useReactFlow();
  // React Flow's own chrome (controls, background, attribution) follows the console's theme choice.
  const { choice: themeChoice } = useTheme();

  useEffect(() => {
    setNodes((previous) => {
      const byId = new Map(previous.map((node) => [node.id, node]));
      return layoutNodes(steps, selection, duplicates).map((node) => {
        const old = byId.get(node.id);
        if (!old) return node;
        return { ...old, data: node.data, selected: node.selected, ariaLabel: node.ariaLabel, position: dragged.current.has(node.id) ? old.position : node.position } as GraphNode;
      });
    });
  }, [steps, selection, duplicates]);

  // Keep every node in view as steps come and go.
  const count = steps.length;
  useEffect(() => {
    const timer = setTimeout(() => void flow.fitView({ padding: 0.08, duration: 200, maxZoom: 1.1 }), 50);
    return () => clearTimeout(timer);
  }, [count, flow]);

  const edges = useMemo(() => graphEdges(transitions, selection), [transitions, selection]);

  const onNodesChange = useCallback(
    (changes: NodeChange<GraphNode>[]) => {
      for (const change of changes) {
        if (change.type === "position" && change.dragging) dragged.current.add(change.id);
        if (change.type === "select" && change.selected && change.id !== START_ID && change.id !== END_ID) onSelect({ kind: "step", key: change.id });
        if (change.type === "remove" && change.id !== START_ID && change.id !== END_ID) onRemoveStep(change.id);
      }
      setNodes((current) => applyNodeChanges(changes.filter((change) => change.type !== "remove"), current));
    },
    [onSelect, onRemoveStep],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      for (const change of changes) {
        if (change.type === "select" && change.selected) onSelect({ kind: "transition", key: change.id });
        if (change.type === "remove") onRemoveTransition(change.id);
      }
    },
    [onSelect, onRemoveTransition],
  );

  const handleConnect = useCallback(
    (connection: Connection) => {
      const from = connection.source === START_ID ? null : connection.source;
      const to = connection.target === END_ID ? null : connection.target;
      onConnect(from, to);
    },
    [onConnect],
  );

  const isValidConnection = useCallback((connection: Edge | Connection) => validConnection(connection), []);

  const handleConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const connection = dropConnection(state, nodeUnder(event));
      if (connection) handleConnect({ ...connection, sourceHandle: null, targetHandle: null });
    },
    [handleConnect],
  );

  function resetLayout() {
    dragged.current.clear();
    setNodes((previous) => {
      const laidOut = new Map(layoutNodes(steps, selection, duplicates).map((node) => [node.id, node.position]));
      return previous.map((node) => ({ ...node, position: laidOut.get(node.id) ?? node.position }));
    });
    setTimeout(() => void flow.fitView({ padding: 0.08, duration: 200, maxZoom: 1.1 }), 50);
  }

  return (
    <div className="wf-canvas">
      <ReactFlow<GraphNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={handleConnect}
        onConnectEnd={handleConnectEnd}
        isValidConnection={isValidConnection}
        onPaneClick={() => onSelect(null)}
        deleteKeyCode={["Backspace", "Delete"]}
        fitView
        fitViewOptions={{ padding: 0.08, maxZoom: 1.1 }}
        minZoom={0.3}
        maxZoom={2}
        colorMode={themeChoice}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
      <button type="button" className="button button-small wf-canvas-reset" onClick={resetLayout}>
        Tidy layout
      </button>
    </div>
  );
}
