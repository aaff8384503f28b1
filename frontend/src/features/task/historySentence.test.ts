import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { AuditEvent } from "../../api/types";
import { historySentence, pastTense, peopleNames, titleCase, transitionLabel } from "./historySentence";
import { task } from "./fixtures";

const names = peopleNames(
  task({
    assignments: [
      { id: 1, user_id: 3, user_email: "dana@tts.local", user_full_name: "Dana Diaz", step_name: "Triage", role_name: "Agent", status: "completed", reason: "workflow", assigned_at: "2026-11-30T08:00:00Z", target_resolution: null, finished_at: "2026-11-30T09:00:00Z", notes: "", warned_at: null, breached_at: null },
      { id: 2, user_id: 5, user_email: "ben@tts.local", user_full_name: "Ben Cruz", step_name: "Resolve", role_name: "Agent", status: "active", reason: "workflow", assigned_at: "2026-11-30T09:00:00Z", target_resolution: null, finished_at: null, notes: "", warned_at: null, breached_at: null },
      { id: 3, user_id: 6, user_email: "nameless@tts.local", user_full_name: "", step_name: "Resolve", role_name: "Agent", status: "transferred", reason: "transfer", assigned_at: "2026-11-30T09:00:00Z", target_resolution: null, finished_at: null, notes: "", warned_at: null, breached_at: null },
    ],
    assignee: null,
    assignees: [],
  }),
);

function event(action: string, after: unknown, actor: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 1, created_at: "2026-11-30T10:00:00Z", actor_user_id: null, actor_email: "system", action, entity_type: "task", entity_id: 5, task: 5, workflow: 1,
    ticket_number: "TX1", before: { status: "in_progress", step: "Triage" }, after, ...actor,
  };
}
const dana = { actor_user_id: 3, actor_email: "dana@tts.local", actor_name: "Dana Diaz" };

describe("historySentence: each action as a sentence with names", () => {
  it.each([
    ["task.created", { status: "pending", priority: "High", workflow: 1, version: 2 }, {}, "Ticket received from the help desk (High priority)"],
    ["task.created", { status: "unmatched", priority: "Low" }, {}, "Ticket received from the help desk; no deployed workflow matches it"],
    ["task.waiting", { step: "Triage", role: "Agent" }, {}, "Waiting at Triage: nobody holds the role Agent yet"],
    ["task.assigned", { step: "Triage", role: "Agent", user_id: 5, user_email: "ben@tts.local", reason: "workflow" }, {}, "Assigned to Ben Cruz (Triage)"],
    ["task.assigned", { step: "Resolve", role: "Manager", user_id: 5, reason: "sla_breach" }, {}, "Assigned to Ben Cruz (Resolve) after an SLA breach"],
    ["task.assigned", { step: "Resolve", user_id: 99, user_email: "new@tts.local", reason: "transfer" }, {}, "Assigned to new@tts.local (Resolve) on transfer"],
    ["task.transitioned", { status: "in_progress", step: "Resolve", transition: "approve", transition_id: 6, notes: "checked the laptop" }, dana, "Dana Diaz approved → Resolve: “checked the laptop”"],
    ["task.transitioned", { status: "completed", step: "", resolution: "Rejected", transition: "reject", transition_id: 7, notes: "" }, dana, "Dana Diaz rejected → closed as Rejected"],
    ["task.transitioned", { status: "in_progress", step: "Triage", transition: "send_back", transition_id: 8, notes: "" }, dana, "Dana Diaz chose “Send Back” → Triage"],
    ["task.transitioned", { status: "in_progress", step: "Fulfil", transition: "approve", transition_id: 9, notes: "", approvals: { decision: "approve", approved: 2, rejected: 1, required: 2 } }, dana, "Dana Diaz approved → Fulfil (votes: 2 approved, 1 rejected)"],
    ["task.escalated", { to_role: "Manager", reason: "SLA breached", from_user_id: 5 }, {}, "Escalated to Manager (SLA breached)"],
    ["task.escalated", { to_role: "Manager", reason: "Needs a manager", from_user_id: 5 }, dana, "Escalated to Manager by Dana Diaz: “Needs a manager”"],
    ["task.transferred", { to_user_id: 5, from_user_id: 3, notes: "Covering leave" }, dana, "Transferred from Dana Diaz to Ben Cruz by Dana Diaz: “Covering leave”"],
    ["task.transferred", { to_user_id: 6, from_user_id: null, notes: "" }, dana, "Transferred to nameless@tts.local by Dana Diaz"],
    ["sla.breached", { assignment: 2, step: "Resolve", user_id: 5 }, {}, "SLA breached at Resolve while with Ben Cruz"],
    ["task.held", { status: "on_hold", reason: "waiting for the requester" }, dana, "Put on hold by Dana Diaz: waiting for the requester"],
    ["task.resumed", { status: "in_progress", held_open_seconds: 7200 }, dana, "Resumed by Dana Diaz after 2 h on hold"],
    ["task.resumed", { status: "in_progress", held_open_seconds: 0.4 }, dana, "Resumed by Dana Diaz"],
    ["task.approval_recorded", { decision: "approve", approved: 1, rejected: 0, required: 2, notes: "" }, dana, "Dana Diaz voted. Approved: 1 approved, 0 rejected, 2 approvals needed."],
    ["task.something_new", { user_id: 5 }, dana, "Something new by Dana Diaz"],
  ])("%s %j", (action, after, actor, sentence) => {
    expect(historySentence(event(action, after, actor), names)).toBe(sentence);
  });

  it("names an actor the replica does not know from the task's assignments, then by email", () => {
    expect(historySentence(event("task.held", { reason: "x" }, { actor_user_id: 5, actor_email: "ben@tts.local" }), names)).toBe("Put on hold by Ben Cruz: x");
    expect(historySentence(event("task.held", { reason: "x" }, { actor_user_id: 77, actor_email: "admin@tts.local" }), names)).toBe("Put on hold by admin@tts.local: x");
  });

  it("never reads as the database: no action codes, no ids, for any action and payload (property)", () => {
    const actions = fc.constantFrom(
      "task.created", "task.assigned", "task.waiting", "task.transitioned", "task.escalated", "task.transferred", "task.reassigned",
      "sla.breached", "task.held", "task.resumed", "task.approval_recorded", "task.some_future_thing",
    );
    const value = fc.oneof(fc.integer({ min: 1, max: 500 }), fc.constantFrom("Triage", "approve", "Agent", "", "completed", "Rejected"), fc.constant(null));
    const after = fc.dictionary(
      fc.constantFrom("status", "step", "role", "transition", "transition_id", "user_id", "to_user_id", "from_user_id", "reason", "notes", "to_role", "assignment", "resolution", "priority", "decision"),
      value,
    );
    const actorId = fc.option(fc.integer({ min: 1, max: 500 }), { nil: null });
    fc.assert(
      fc.property(actions, after, actorId, (action, payload, actor) => {
        const sentence = historySentence(event(action, payload, { actor_user_id: actor, actor_email: actor ? `u${actor}@tts.local` : "system" }), names);
        expect(sentence).not.toMatch(/task\.|sla\.|_id|\bid:|user id|undefined|null|\[object/);
        expect(sentence.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("transition labels", () => {
  it("reads a transition as Title Case with where it leads", () => {
    expect(transitionLabel({ name: "approve", to_step: "Resolve" })).toBe("Approve → Resolve");
    expect(transitionLabel({ name: "send_back", to_step: "Triage" })).toBe("Send Back → Triage");
    expect(transitionLabel({ name: "reject", to_step: null })).toBe("Reject → End");
    expect(titleCase("  request-more info ")).toBe("Request More Info");
  });

  it("puts known verbs in the past tense and leaves unsure ones quoted", () => {
    expect(pastTense("approve")).toBe("approved");
    expect(pastTense("Submit")).toBe("submitted");
    expect(pastTense("escalate")).toBe("escalated");
    expect(pastTense("triage")).toBe("triaged");
    expect(pastTense("ping")).toBe("chose “Ping”");
  });
});
