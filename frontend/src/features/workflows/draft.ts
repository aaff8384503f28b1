/**
 * The workflow editor's model, and its conversion to and from the server's shapes.
 *
 * The server's Workflow names steps by id (steps carry ids, transitions point at
 * them); a WorkflowDraft (what POST/PATCH take) names them by `name`. The editor
 * keeps each step under a stable client `key` and lets transitions point at those
 * keys, so renaming a step (even through a moment where two steps share a name
 * while someone types) never loses or mixes up its transitions; the names are put
 * in when the draft is written (`toPayload`).
 */
import type { BusinessCalendar, SlaBucket, Step, Workflow, WorkflowDraft } from "../../api/types";
import { normaliseCalendar } from "./calendar";

export const SLA_BUCKETS: SlaBucket[] = ["low", "medium", "high", "urgent"];
export const END_LOGIC: { value: Workflow["end_logic"]; label: string }[] = [
  { value: "", label: "None" },
  { value: "asset", label: "Asset" },
  { value: "budget", label: "Budget" },
  { value: "notification", label: "Notification" },
];
export type AssignmentStrategy = Step["assignment_strategy"];

export interface DraftStep {
  key: string;
  name: string;
  role: string;
  /** As typed (a decimal; the step's share of the SLA). */
  weight: string;
  instruction: string;
  escalate_to: string | null;
  assignment_strategy: AssignmentStrategy;
  /** N, as typed: how many members of the role must decide (1..20). */
  assignees: string;
  /** K, as typed: how many approvals decide the step (1..N). */
  approvals_required: string;
  /** The transitions that count as approval and rejection when N > 1. */
  approve_transition: string;
  reject_transition: string;
}

export interface DraftTransition {
  key: string;
  /** A step's key; null is the start. */
  from: string | null;
  /** A step's key; null is the end. */
  to: string | null;
  name: string;
  requires_notes: boolean;
}

export interface EditorDraft {
  name: string;
  description: string;
  category: string;
  sub_category: string;
  department: string;
  end_logic: Workflow["end_logic"];
  /** Hours as typed, per priority. */
  sla: Record<SlaBucket, string>;
  /** null: the SLA clock runs around the clock. */
  calendar: BusinessCalendar | null;
  steps: DraftStep[];
  transitions: DraftTransition[];
}

let counter = 0;
const newKey = (prefix: string) => `${prefix}${++counter}`;

export function emptyDraft(): EditorDraft {
  return {
    name: "",
    description: "",
    category: "",
    sub_category: "",
    department: "",
    end_logic: "",
    sla: { low: "", medium: "", high: "", urgent: "" },
    calendar: null,
    steps: [],
    transitions: [],
  };
}

/** "0.5" → 1800; blank or not a positive number → null. Whole seconds, as the API wants. */
export function hoursToSeconds(hours: string): number | null {
  const text = hours.trim();
  if (!text) return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) return null;
  return Math.round(value * 3600);
}

/** 1800 → "0.5", 86400 → "24"; at most 4 decimals. */
export function secondsToHours(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "";
  return String(Math.round((seconds / 3600) * 10000) / 10000);
}

/**
 * A server workflow as an editor draft. Given the draft it replaces (after a save),
 * steps keep their keys by name so the graph's positions and the selection survive.
 */
export function workflowToDraft(workflow: Workflow, previous?: EditorDraft): EditorDraft {
  const keyOfName = new Map((previous?.steps ?? []).map((step) => [step.name.trim(), step.key]));
  const steps = [...(workflow.steps ?? [])].sort((a, b) => a.order - b.order || a.id - b.id);
  const keyOfId = new Map<number, string>();
  const draftSteps: DraftStep[] = steps.map((step) => {
    const key = keyOfName.get(step.name) ?? `s${step.id}`;
    keyOfId.set(step.id, key);
    return {
      key,
      name: step.name,
      role: step.role ?? "",
      weight: String(Number(step.weight ?? 1)),
      instruction: step.instruction ?? "",
      escalate_to: step.escalate_to || null,
      assignment_strategy: step.assignment_strategy ?? "round_robin",
      assignees: String(step.assignees ?? 1),
      approvals_required: String(step.approvals_required ?? 1),
      approve_transition: step.approve_transition ?? "approve",
      reject_transition: step.reject_transition ?? "reject",
    };
  });
  const stepKey = (id: number | null) => (id === null ? null : keyOfId.get(id) ?? null);
  const transitionKeys = new Map((previous?.transitions ?? []).map((t) => [`${t.from}|${t.to}|${t.name.trim()}`, t.key]));
  return {
    name: workflow.name ?? "",
    description: workflow.description ?? "",
    category: workflow.category ?? "",
    sub_category: workflow.sub_category ?? "",
    department: workflow.department ?? "",
    end_logic: workflow.end_logic ?? "",
    sla: Object.fromEntries(SLA_BUCKETS.map((bucket) => [bucket, secondsToHours(workflow.sla?.[bucket])])) as Record<SlaBucket, string>,
    calendar: normaliseCalendar(workflow.calendar),
    steps: draftSteps,
    transitions: (workflow.transitions ?? []).map((transition) => {
      const from = stepKey(transition.from_step);
      const to = stepKey(transition.to_step);
      return {
        key: transitionKeys.get(`${from}|${to}|${transition.name}`) ?? `t${transition.id}`,
        from,
        to,
        name: transition.name,
        requires_notes: Boolean(transition.requires_notes),
      };
    }),
  };
}

/** The draft as POST/PATCH /workflows/ take it: steps in order, transitions by step name, SLA in seconds, the calendar as is. */
export function toPayload(draft: EditorDraft): WorkflowDraft {
  const nameOf = new Map(draft.steps.map((step) => [step.key, step.name]));
  const sla = {} as Record<SlaBucket, number>;
  for (const bucket of SLA_BUCKETS) {
    const seconds = hoursToSeconds(draft.sla[bucket]);
    if (seconds !== null) sla[bucket] = seconds;
  }
  return {
    name: draft.name.trim(),
    description: draft.description,
    category: draft.category.trim(),
    sub_category: draft.sub_category.trim(),
    department: draft.department.trim(),
    end_logic: draft.end_logic,
    sla,
    calendar: draft.calendar,
    steps: draft.steps.map((step) => ({
      name: step.name.trim(),
      role: step.role,
      weight: parseWeight(step.weight),
      instruction: step.instruction,
      escalate_to: step.escalate_to || null,
      assignment_strategy: step.assignment_strategy,
      assignees: parseCount(step.assignees),
      approvals_required: parseCount(step.approvals_required),
      approve_transition: step.approve_transition.trim(),
      reject_transition: step.reject_transition.trim(),
    })),
    transitions: draft.transitions.map((transition) => ({
      from_step: transition.from === null ? null : (nameOf.get(transition.from) ?? "").trim(),
      to_step: transition.to === null ? null : (nameOf.get(transition.to) ?? "").trim(),
      name: transition.name.trim(),
      requires_notes: transition.requires_notes,
    })),
  };
}

function parseWeight(text: string): number {
  const value = Number(text.trim());
  return text.trim() && Number.isFinite(value) ? value : 0;
}

/** A count as typed; what is not a whole number is sent as typed for the server to name (0 when blank). */
function parseCount(text: string): number {
  const value = Number(text.trim());
  return text.trim() && Number.isFinite(value) ? value : 0;
}

/** The server's bounds for a step's N (workflow_api). */
export const MAX_ASSIGNEES = 20;

/**
 * What is wrong with a step's K-of-N settings, by field, or {} when they are fine:
 * N a whole number 1..20, K a whole number 1..N, and with N > 1 both transition names given and different.
 */
export function approvalProblems(step: Pick<DraftStep, "assignees" | "approvals_required" | "approve_transition" | "reject_transition">): {
  assignees?: string;
  approvals_required?: string;
  approve_transition?: string;
  reject_transition?: string;
} {
  const problems: ReturnType<typeof approvalProblems> = {};
  const n = Number(step.assignees.trim());
  const k = Number(step.approvals_required.trim());
  const nOk = Boolean(step.assignees.trim()) && Number.isInteger(n) && n >= 1 && n <= MAX_ASSIGNEES;
  if (!nOk) problems.assignees = `Give a whole number from 1 to ${MAX_ASSIGNEES}.`;
  if (!step.approvals_required.trim() || !Number.isInteger(k) || k < 1) problems.approvals_required = "Give a whole number, at least 1.";
  else if (nOk && k > n) problems.approvals_required = `Approvals needed (${k}) cannot be more than the people who must decide (${n}).`;
  if (nOk && n > 1) {
    if (!step.approve_transition.trim()) problems.approve_transition = "Name the transition that counts as approval.";
    if (!step.reject_transition.trim()) problems.reject_transition = "Name the transition that counts as rejection.";
    else if (step.reject_transition.trim() === step.approve_transition.trim()) problems.reject_transition = "Approval and rejection need different transitions.";
  }
  return problems;
}

/** One sentence per step whose K-of-N settings are wrong ("Step “Approve”: …"), for the banner that blocks a save. */
export function draftApprovalProblems(draft: EditorDraft): string[] {
  return draft.steps.flatMap((step) =>
    Object.values(approvalProblems(step)).map((problem) => `Step “${step.name.trim() || "(no name)"}”: ${problem}`),
  );
}

/** Whether two drafts would write the same workflow (keys and how numbers were typed do not count). */
export function sameDraft(a: EditorDraft, b: EditorDraft): boolean {
  return JSON.stringify(toPayload(a)) === JSON.stringify(toPayload(b));
}

/** A name like "Step 3" that no step has yet. */
export function nextStepName(draft: EditorDraft): string {
  const taken = new Set(draft.steps.map((step) => step.name));
  let n = draft.steps.length + 1;
  while (taken.has(`Step ${n}`)) n += 1;
  return `Step ${n}`;
}

export function addStep(draft: EditorDraft, role: string, name = nextStepName(draft)): { draft: EditorDraft; key: string } {
  const key = newKey("n");
  const step: DraftStep = {
    key,
    name,
    role,
    weight: "1",
    instruction: "",
    escalate_to: null,
    assignment_strategy: "round_robin",
    assignees: "1",
    approvals_required: "1",
    approve_transition: "approve",
    reject_transition: "reject",
  };
  return { draft: { ...draft, steps: [...draft.steps, step] }, key };
}

export function updateStep(draft: EditorDraft, key: string, changes: Partial<Omit<DraftStep, "key">>): EditorDraft {
  return { ...draft, steps: draft.steps.map((step) => (step.key === key ? { ...step, ...changes } : step)) };
}

/** Renames a step; its transitions follow it (they point at the step, not at the old name). */
export function renameStep(draft: EditorDraft, key: string, name: string): EditorDraft {
  return updateStep(draft, key, { name });
}

/** Removes a step and every transition into or out of it. */
export function removeStep(draft: EditorDraft, key: string): EditorDraft {
  return {
    ...draft,
    steps: draft.steps.filter((step) => step.key !== key),
    transitions: draft.transitions.filter((transition) => transition.from !== key && transition.to !== key),
  };
}

/** Moves a step one place earlier (-1) or later (+1) in the order. */
export function moveStep(draft: EditorDraft, key: string, by: -1 | 1): EditorDraft {
  const index = draft.steps.findIndex((step) => step.key === key);
  const target = index + by;
  if (index < 0 || target < 0 || target >= draft.steps.length) return draft;
  const steps = [...draft.steps];
  [steps[index], steps[target]] = [steps[target], steps[index]];
  return { ...draft, steps };
}

/** A fresh key for a transition drawn in the editor. */
export const newTransitionKey = () => newKey("e");

export function addTransition(
  draft: EditorDraft,
  transition: Omit<DraftTransition, "key">,
  key: string = newTransitionKey(),
): { draft: EditorDraft; key: string } {
  return { draft: { ...draft, transitions: [...draft.transitions, { ...transition, key }] }, key };
}

export function updateTransition(draft: EditorDraft, key: string, changes: Partial<Omit<DraftTransition, "key">>): EditorDraft {
  return { ...draft, transitions: draft.transitions.map((transition) => (transition.key === key ? { ...transition, ...changes } : transition)) };
}

export function removeTransition(draft: EditorDraft, key: string): EditorDraft {
  return { ...draft, transitions: draft.transitions.filter((transition) => transition.key !== key) };
}

/** Why a transition from → to cannot be drawn, or null when it can. */
export function transitionProblem(from: string | null, to: string | null): string | null {
  if (from === null && to === null) return "A transition cannot go from the start straight to the end.";
  return null;
}

/** Step names used more than once (the server refuses them). */
export function duplicateNames(draft: EditorDraft): Set<string> {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const step of draft.steps) {
    const name = step.name.trim();
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
  }
  return duplicates;
}

/** The SLA as "Low 1d · Medium 8h · …" pieces for a list. */
export function slaParts(sla: Partial<Record<SlaBucket, number>> | null | undefined): { bucket: SlaBucket; seconds: number }[] {
  return SLA_BUCKETS.filter((bucket) => typeof sla?.[bucket] === "number").map((bucket) => ({ bucket, seconds: sla![bucket] as number }));
}
