import { describe, expect, it } from "vitest";
import type { Workflow } from "../../api/types";
import { SERVER_WORKFLOW } from "./fixtures";
import {
  addStep,
  addTransition,
  duplicateNames,
  emptyDraft,
  hoursToSeconds,
  moveStep,
  nextStepName,
  removeStep,
  renameStep,
  sameDraft,
  secondsToHours,
  toPayload,
  workflowToDraft,
} from "./draft";

/** The K-of-N settings of a step one person decides (the defaults). */
const ONE_DECIDES = { assignees: 1, approvals_required: 1, approve_transition: "approve", reject_transition: "reject" };

describe("hours and seconds", () => {
  it("turns hours into whole seconds, decimals included", () => {
    expect(hoursToSeconds("0.5")).toBe(1800);
    expect(hoursToSeconds("24")).toBe(86400);
    expect(hoursToSeconds(" 1.25 ")).toBe(4500);
  });

  it("treats blank, zero, negative and non-numbers as no value", () => {
    expect(hoursToSeconds("")).toBeNull();
    expect(hoursToSeconds("0")).toBeNull();
    expect(hoursToSeconds("-2")).toBeNull();
    expect(hoursToSeconds("abc")).toBeNull();
  });

  it("shows seconds as hours", () => {
    expect(secondsToHours(1800)).toBe("0.5");
    expect(secondsToHours(172800)).toBe("48");
    expect(secondsToHours(1000)).toBe("0.2778");
    expect(secondsToHours(undefined)).toBe("");
  });
});

describe("workflowToDraft", () => {
  it("loads steps in order and names each transition's steps", () => {
    const draft = workflowToDraft(SERVER_WORKFLOW);
    expect(draft.steps.map((step) => step.name)).toEqual(["Triage", "Resolve"]);
    expect(draft.sla).toEqual({ low: "48", medium: "24", high: "4", urgent: "0.5" });
    const payload = toPayload(draft);
    expect(payload).toEqual({
      name: "IT Support",
      description: "Hardware and software",
      category: "IT",
      sub_category: "",
      department: "IT Department",
      end_logic: "notification",
      sla: { low: 172800, medium: 86400, high: 14400, urgent: 1800 },
      calendar: null,
      steps: [
        { name: "Triage", role: "Ticket Coordinator", weight: 1, instruction: "", escalate_to: null, assignment_strategy: "round_robin", ...ONE_DECIDES },
        { name: "Resolve", role: "Agent", weight: 3, instruction: "Fix it", escalate_to: "Manager", assignment_strategy: "least_loaded", ...ONE_DECIDES },
      ],
      transitions: [
        { from_step: null, to_step: "Triage", name: "start", requires_notes: false },
        { from_step: "Triage", to_step: "Resolve", name: "assign", requires_notes: false },
        { from_step: "Resolve", to_step: null, name: "resolve", requires_notes: false },
        { from_step: "Triage", to_step: null, name: "reject", requires_notes: true },
      ],
    });
  });

  it("keeps step and transition keys of the draft it replaces (after a save)", () => {
    const before = workflowToDraft(SERVER_WORKFLOW);
    const renumbered: Workflow = {
      ...SERVER_WORKFLOW,
      steps: SERVER_WORKFLOW.steps.map((step) => ({ ...step, id: step.id + 100 })),
      transitions: SERVER_WORKFLOW.transitions.map((t) => ({
        ...t,
        id: t.id + 100,
        from_step: t.from_step && t.from_step + 100,
        to_step: t.to_step && t.to_step + 100,
      })),
    };
    const after = workflowToDraft(renumbered, before);
    expect(after.steps.map((step) => step.key)).toEqual(before.steps.map((step) => step.key));
    expect(after.transitions.map((t) => t.key)).toEqual(before.transitions.map((t) => t.key));
    expect(sameDraft(before, after)).toBe(true);
  });
});

describe("editing the draft", () => {
  it("renaming a step renames it in its transitions", () => {
    const draft = workflowToDraft(SERVER_WORKFLOW);
    const triage = draft.steps[0].key;
    const renamed = renameStep(draft, triage, "Sort");
    const payload = toPayload(renamed);
    expect(payload.steps[0].name).toBe("Sort");
    expect(payload.transitions).toEqual([
      { from_step: null, to_step: "Sort", name: "start", requires_notes: false },
      { from_step: "Sort", to_step: "Resolve", name: "assign", requires_notes: false },
      { from_step: "Resolve", to_step: null, name: "resolve", requires_notes: false },
      { from_step: "Sort", to_step: null, name: "reject", requires_notes: true },
    ]);
  });

  it("does not mix transitions up when two steps share a name for a moment", () => {
    const draft = workflowToDraft(SERVER_WORKFLOW);
    const [triage, resolve] = draft.steps.map((step) => step.key);
    // Typing "Triage" into Resolve's name, then going on to "Triage 2".
    const clash = renameStep(draft, resolve, "Triage");
    expect(duplicateNames(clash)).toEqual(new Set(["Triage"]));
    const settled = renameStep(clash, resolve, "Triage 2");
    expect(toPayload(settled).transitions.map((t) => [t.from_step, t.to_step])).toEqual([
      [null, "Triage"],
      ["Triage", "Triage 2"],
      ["Triage 2", null],
      ["Triage", null],
    ]);
    expect(settled.steps[0].key).toBe(triage);
  });

  it("removing a step removes every transition into or out of it", () => {
    const draft = workflowToDraft(SERVER_WORKFLOW);
    const removed = removeStep(draft, draft.steps[1].key);
    expect(removed.steps.map((step) => step.name)).toEqual(["Triage"]);
    expect(toPayload(removed).transitions).toEqual([
      { from_step: null, to_step: "Triage", name: "start", requires_notes: false },
      { from_step: "Triage", to_step: null, name: "reject", requires_notes: true },
    ]);
  });

  it("adds steps with free names, and moves them in the order", () => {
    let draft = emptyDraft();
    const first = addStep(draft, "Agent");
    draft = first.draft;
    expect(draft.steps[0]).toMatchObject({ name: "Step 1", role: "Agent", weight: "1", assignment_strategy: "round_robin" });
    draft = renameStep(draft, first.key, "Step 2");
    expect(nextStepName(draft)).toBe("Step 3");
    const second = addStep(draft, "Manager");
    draft = moveStep(second.draft, second.key, -1);
    expect(draft.steps.map((step) => step.name)).toEqual(["Step 3", "Step 2"]);
    expect(moveStep(draft, second.key, -1)).toBe(draft);
  });

  it("leaves blank SLA buckets out and trims names", () => {
    let draft = { ...emptyDraft(), name: "  Facilities ", sla: { low: "8", medium: "", high: "abc", urgent: "0.25" } };
    const a = addStep(draft, "Agent", " Fix ");
    draft = addTransition(a.draft, { from: null, to: a.key, name: " go ", requires_notes: false }).draft;
    const payload = toPayload(draft);
    expect(payload.name).toBe("Facilities");
    expect(payload.sla).toEqual({ low: 28800, urgent: 900 });
    expect(payload.transitions).toEqual([{ from_step: null, to_step: "Fix", name: "go", requires_notes: false }]);
  });

  it("knows an edit from no edit", () => {
    const draft = workflowToDraft(SERVER_WORKFLOW);
    expect(sameDraft(draft, { ...draft, sla: { ...draft.sla, urgent: "0.50" } })).toBe(true);
    expect(sameDraft(draft, { ...draft, sla: { ...draft.sla, urgent: "1" } })).toBe(false);
    expect(sameDraft(draft, renameStep(draft, draft.steps[0].key, "Other"))).toBe(false);
  });
});
