import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router-dom";
import { createWorkflow, deleteWorkflow, deployWorkflow, getWorkflow, pauseWorkflow, saveWorkflow } from "../../api/workflow";
import { listRoles } from "../../api/auth";
import { ApiError } from "../../api/errors";
import type { SlaBucket, Workflow } from "../../api/types";
import { Field } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { Banner, QueryState } from "../../components/States";
import { formatDuration } from "../../components/format";
import { useToast } from "../../components/Toasts";
import {
  END_LOGIC,
  SLA_BUCKETS,
  addStep,
  addTransition,
  duplicateNames,
  emptyDraft,
  hoursToSeconds,
  moveStep,
  newTransitionKey,
  removeStep,
  removeTransition,
  renameStep,
  sameDraft,
  toPayload,
  transitionProblem,
  updateStep,
  updateTransition,
  workflowToDraft,
  draftApprovalProblems,
  type DraftStep,
  type DraftTransition,
  type EditorDraft,
} from "./draft";
import { CalendarForm } from "./CalendarForm";
import { calendarErrors, type CalendarErrors } from "./calendar";
import { StepApprovalFields } from "./StepApprovalFields";
import { WorkflowGraph, type Selection } from "./WorkflowGraph";
import { WorkflowStatusBadge } from "./WorkflowListPage";
import "./workflows.css";

const SLA_LABEL: Record<SlaBucket, string> = {
  low: "Low SLA (hours)",
  medium: "Medium SLA (hours)",
  high: "High SLA (hours)",
  urgent: "Critical SLA (hours)", // the API's bucket `urgent` is the SLA of tasks whose priority is Critical (docs/api.md)
};
const START = "start";
const END = "end";
/** React Flow measures its canvas with ResizeObserver; without one (jsdom) the plain forms are the editor. */
const canDrawGraph = () => typeof window !== "undefined" && typeof window.ResizeObserver !== "undefined";

/** /admin/workflows/new and /admin/workflows/:workflowId: the workflow's details, its graph, save, deploy, pause, delete. */
export function WorkflowEditorPage() {
  const { workflowId } = useParams();
  const isNew = !workflowId || workflowId === "new";
  const roles = useQuery({
    queryKey: ["auth-roles", "tts"],
    queryFn: () => listRoles({ system: "tts", page_size: 200 }),
    staleTime: 60_000,
  });
  const workflow = useQuery({ queryKey: ["workflow", String(workflowId)], queryFn: () => getWorkflow(workflowId!), enabled: !isNew });
  const roleNames = useMemo(() => (roles.data?.results ?? []).map((role) => role.name), [roles.data]);
  const rolesNote = roles.isError ? "The roles could not be loaded, so steps cannot be given a role. Reload the page to try again." : undefined;

  if (isNew) return <Editor key="new" initial={null} roles={roleNames} rolesNote={rolesNote} />;
  return (
    <QueryState query={workflow}>
      {(loaded) => <Editor key={workflowId} initial={loaded} roles={roleNames} rolesNote={rolesNote} />}
    </QueryState>
  );
}

type Busy = null | "save" | "deploy" | "pause" | "delete";

interface SaveErrors {
  fields: Record<string, string>;
  sla: Partial<Record<SlaBucket, string>>;
  /** calendar.timezone, calendar.hours.mon... under their controls. */
  calendar: CalendarErrors;
  /** steps / transitions / anything not next to a field. */
  graph: string[];
  general: string | null;
}

/**
 * Where a brand-new workflow's deploy problems wait while the page moves from /new to /<id> (the editor there is a
 * new one): read once by the next editor of that workflow, then dropped, so a later fresh load shows nothing stale.
 */
export const deployProblemsKey = (workflowId: number | string) => ["workflow-deploy-problems", String(workflowId)] as const;

const NO_ERRORS: SaveErrors = { fields: {}, sla: {}, calendar: { days: {} }, graph: [], general: null };

function saveErrorsOf(error: unknown): SaveErrors {
  if (!(error instanceof ApiError)) return { ...NO_ERRORS, general: "The workflow could not be saved." };
  if (error.status !== 400) return { ...NO_ERRORS, general: error.message };
  const fields = error.fieldErrors;
  const sla: Partial<Record<SlaBucket, string>> = {};
  const slaRaw = error.errors.sla;
  const slaMessages = Array.isArray(slaRaw) ? slaRaw.map(String) : slaRaw ? [String(slaRaw)] : [];
  const slaRest: string[] = [];
  for (const message of slaMessages) {
    const bucket = SLA_BUCKETS.find((key) => message.includes(`sla.${key}`));
    if (bucket) sla[bucket] = [sla[bucket], message].filter(Boolean).join(" ");
    else slaRest.push(message);
  }
  const graph: string[] = [];
  const known = new Set(["name", "description", "category", "sub_category", "department", "end_logic"]);
  const shown: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    if (known.has(field)) shown[field] = message;
    else if (field === "calendar" || field.startsWith("calendar.")) continue;
    else if (field === "sla") {
      if (slaRest.length) shown.sla = slaRest.join(" ");
    } else graph.push(field === "steps" || field === "transitions" ? `${field === "steps" ? "Steps" : "Transitions"}: ${message}` : `${field}: ${message}`);
  }
  const nonField = error.nonFieldErrors;
  const general = Object.keys(fields).length === 0 ? error.message : nonField.length ? nonField.join(" ") : null;
  const calendar = calendarErrors(fields);
  const calendarOnly = !general && graph.length === 0 && Object.keys(fields).some((field) => field === "calendar" || field.startsWith("calendar."));
  return { fields: shown, sla, calendar, graph, general: calendarOnly ? "Fix the business hours below." : general };
}

function Editor({ initial, roles, rolesNote }: { initial: Workflow | null; roles: string[]; rolesNote?: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [workflow, setWorkflow] = useState<Workflow | null>(initial);
  const [baseline, setBaseline] = useState<EditorDraft>(() => (initial ? workflowToDraft(initial) : emptyDraft()));
  const [draft, setDraft] = useState<EditorDraft>(baseline);
  const [selection, setSelection] = useState<Selection>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [errors, setErrors] = useState<SaveErrors>(NO_ERRORS);
  const [problems, setProblems] = useState<string[] | null>(() => (initial ? queryClient.getQueryData<string[]>(deployProblemsKey(initial.id)) ?? null : null));
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [showGraph] = useState(canDrawGraph);

  const dirty = !sameDraft(draft, baseline);

  useEffect(() => {
    if (initial) queryClient.removeQueries({ queryKey: deployProblemsKey(initial.id), exact: true });
  }, [initial, queryClient]);
  const duplicates = useMemo(() => duplicateNames(draft), [draft]);

  // Warn before the tab is closed or reloaded with unsaved edits.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    // In-app links (sidebar, breadcrumb): ask first. The console's BrowserRouter has no navigation blocker,
    // so the click is caught before React Router's own handler sees it.
    const guardLinks = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.("a[href]");
      if (!link || event.defaultPrevented || link.getAttribute("target") === "_blank") return;
      if (!window.confirm("This workflow has unsaved changes. Leave without saving them?")) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    document.addEventListener("click", guardLinks, true);
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", guardLinks, true);
    };
  }, [dirty]);

  function set<K extends keyof EditorDraft>(key: K, value: EditorDraft[K]) {
    setDraft((current) => ({ ...current, [key]: value }));
  }

  function remember(saved: Workflow) {
    queryClient.setQueryData(["workflow", String(saved.id)], saved);
    void queryClient.invalidateQueries({ queryKey: ["workflows"] });
  }

  async function save(): Promise<Workflow | null> {
    setErrors(NO_ERRORS);
    setProblems(null);
    const approvalIssues = draftApprovalProblems(draft);
    if (approvalIssues.length) {
      setErrors({ ...NO_ERRORS, general: "Fix the approval settings of these steps first.", graph: approvalIssues });
      return null;
    }
    try {
      const payload = toPayload(draft);
      const saved = workflow ? await saveWorkflow(workflow.id, payload) : await createWorkflow(payload);
      const next = workflowToDraft(saved, draft);
      setDraft(next);
      setBaseline(next);
      setWorkflow(saved);
      remember(saved);
      return saved;
    } catch (error) {
      setErrors(saveErrorsOf(error));
      return null;
    }
  }

  async function onSave(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    setBusy("save");
    const wasNew = !workflow;
    const saved = await save();
    setBusy(null);
    if (!saved) return;
    toast({ kind: "success", title: wasNew ? "Workflow created" : "Workflow saved", body: "Deploy it to put the changes live." });
    if (wasNew) navigate(`/admin/workflows/${saved.id}`, { replace: true });
  }

  async function onDeploy() {
    if (busy) return;
    setBusy("deploy");
    const wasNew = !workflow;
    let current = workflow;
    if (!current || dirty) current = await save();
    if (!current) {
      setBusy(null);
      return;
    }
    let refused: string[] | null = null;
    try {
      const deployed = await deployWorkflow(current.id);
      setWorkflow(deployed);
      remember(deployed);
      setProblems(null);
      toast({ kind: "success", title: "Workflow deployed", body: `${deployed.name} is live as version ${deployed.version}.` });
    } catch (error) {
      if (error instanceof ApiError && error.problems.length) setProblems((refused = error.problems));
      else setErrors({ ...NO_ERRORS, general: error instanceof Error ? error.message : "The workflow could not be deployed." });
    } finally {
      setBusy(null);
    }
    if (wasNew) {
      if (refused) queryClient.setQueryData(deployProblemsKey(current.id), refused);
      navigate(`/admin/workflows/${current.id}`, { replace: true });
    }
  }

  async function onPause() {
    if (!workflow || busy) return;
    setBusy("pause");
    try {
      const paused = await pauseWorkflow(workflow.id);
      setWorkflow(paused);
      remember(paused);
      toast({ kind: "success", title: "Workflow paused", body: "New tickets no longer match it; running tasks carry on." });
    } catch (error) {
      setErrors({ ...NO_ERRORS, general: error instanceof Error ? error.message : "The workflow could not be paused." });
    } finally {
      setBusy(null);
    }
  }

  async function onDelete() {
    if (!workflow) return;
    setBusy("delete");
    setDeleteError(null);
    try {
      await deleteWorkflow(workflow.id);
      queryClient.removeQueries({ queryKey: ["workflow", String(workflow.id)] });
      void queryClient.invalidateQueries({ queryKey: ["workflows"] });
      setBaseline(draft); // nothing left to warn about
      toast({ kind: "success", title: "Workflow deleted", body: workflow.name });
      navigate("/admin/workflows");
    } catch (error) {
      setDeleteError(error instanceof Error ? error.message : "The workflow could not be deleted.");
    } finally {
      setBusy(null);
    }
  }

  // Graph edits.
  const onAddStep = () => {
    const { draft: next, key } = addStep(draft, roles[0] ?? "");
    setDraft(next);
    setSelection({ kind: "step", key });
  };
  const onConnect = useCallback((from: string | null, to: string | null) => {
    if (transitionProblem(from, to)) return;
    const key = newTransitionKey();
    setDraft((current) => addTransition(current, { from, to, name: "approve", requires_notes: false }, key).draft);
    setSelection({ kind: "transition", key });
  }, []);
  const onRemoveTransition = useCallback((key: string) => {
    setDraft((current) => removeTransition(current, key));
    setSelection((current) => (current?.kind === "transition" && current.key === key ? null : current));
  }, []);
  const onRemoveStep = useCallback((key: string) => {
    setDraft((current) => removeStep(current, key));
    setSelection((current) => (current?.kind === "step" && current.key === key ? null : current));
  }, []);

  const selectedStep = selection?.kind === "step" ? draft.steps.find((step) => step.key === selection.key) : undefined;
  const selectedTransition = selection?.kind === "transition" ? draft.transitions.find((transition) => transition.key === selection.key) : undefined;
  const stepName = (key: string | null, kind: "from" | "to") =>
    key === null ? (kind === "from" ? "Start" : "End") : draft.steps.find((step) => step.key === key)?.name || "(no name)";

  const title = workflow ? workflow.name : "New workflow";
  const fieldError = (name: string) => errors.fields[name];

  return (
    <section aria-labelledby="wf-editor-title" className="wf-page wf-editor">
      {/* The breadcrumb sits in the header's first column so Save and Deploy stay on the page's top row, clear of the toasts below it. */}
      <div className="page-header wf-editor-header">
        <div className="wf-title-block">
          <nav className="wf-breadcrumb" aria-label="Breadcrumb">
            <Link to="/admin/workflows">Workflows</Link> <span aria-hidden="true">/</span> <span>{title}</span>
          </nav>
          <h1 id="wf-editor-title">{title}</h1>
        </div>
        <div className="row wf-header-meta">
          {workflow && <WorkflowStatusBadge status={workflow.status} />}
          {workflow && workflow.version !== null && <span className="badge">Version {workflow.version}</span>}
          {workflow?.has_undeployed_changes && workflow.version !== null && <span className="badge wf-badge-changes">Changes not deployed</span>}
          {dirty && <span className="wf-unsaved">Unsaved changes</span>}
        </div>
        <div className="actions">
          <button type="submit" form="wf-details" className="button button-primary" disabled={busy !== null}>
            {busy === "save" ? "Saving…" : "Save"}
          </button>
          <button type="button" className="button" onClick={() => void onDeploy()} disabled={busy !== null}>
            {busy === "deploy" ? "Deploying…" : "Deploy"}
          </button>
          {workflow?.status === "deployed" && (
            <button type="button" className="button" onClick={() => void onPause()} disabled={busy !== null}>
              Pause
            </button>
          )}
          {workflow && (
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                setDeleteError(null);
                setDeleteOpen(true);
              }}
              disabled={busy !== null}
            >
              Delete workflow
            </button>
          )}
        </div>
      </div>

      {problems && problems.length > 0 && (
        <Banner>
          <strong>The workflow cannot be deployed</strong>
          {dirty && <p className="wf-banner-text">These are from the last deploy; you have changed the workflow since. Deploy again to check it.</p>}
          <ul aria-label="Problems">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Banner>
      )}
      {(errors.general || errors.graph.length > 0) && (
        <Banner>
          <strong>The workflow was not saved</strong>
          {errors.general && <p className="wf-banner-text">{errors.general}</p>}
          {errors.graph.length > 0 && (
            <ul>
              {errors.graph.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
        </Banner>
      )}

      <form id="wf-details" className="card wf-details" onSubmit={(event) => void onSave(event)} noValidate aria-labelledby="wf-details-title">
        <h2 id="wf-details-title">Details</h2>
        <div className="wf-details-grid">
          <Field label="Name" error={fieldError("name")}>
            <input value={draft.name} onChange={(event) => set("name", event.target.value)} required maxLength={200} autoComplete="off" />
          </Field>
          <Field label="End logic" error={fieldError("end_logic")} hint="What happens when a task reaches the end.">
            <select value={draft.end_logic} onChange={(event) => set("end_logic", event.target.value as EditorDraft["end_logic"])}>
              {END_LOGIC.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Category" error={fieldError("category")}>
            <input value={draft.category} onChange={(event) => set("category", event.target.value)} autoComplete="off" />
          </Field>
          <Field label="Sub-category" error={fieldError("sub_category")} hint="Leave blank to match every sub-category.">
            <input value={draft.sub_category} onChange={(event) => set("sub_category", event.target.value)} autoComplete="off" />
          </Field>
          <Field label="Department" error={fieldError("department")}>
            <input value={draft.department} onChange={(event) => set("department", event.target.value)} autoComplete="off" />
          </Field>
          <div className="wf-span-2">
            <Field label="Description" error={fieldError("description")}>
              <textarea value={draft.description} onChange={(event) => set("description", event.target.value)} rows={2} />
            </Field>
          </div>
        </div>
        <fieldset className={`wf-sla${errors.fields.sla ? " field-invalid" : ""}`}>
          <legend>SLA per priority</legend>
          <p className="muted wf-sla-help">Hours until a task of that priority is due; decimals are fine (0.5 is 30 minutes).</p>
          <div className="wf-sla-grid">
            {SLA_BUCKETS.map((bucket) => {
              const seconds = hoursToSeconds(draft.sla[bucket]);
              return (
                <Field key={bucket} label={SLA_LABEL[bucket]} error={errors.sla[bucket]} hint={seconds ? `= ${formatDuration(seconds)}` : undefined}>
                  <input
                    type="number"
                    inputMode="decimal"
                    min="0"
                    step="any"
                    value={draft.sla[bucket]}
                    onChange={(event) => set("sla", { ...draft.sla, [bucket]: event.target.value })}
                  />
                </Field>
              );
            })}
          </div>
          {errors.fields.sla && <small className="field-error">{errors.fields.sla}</small>}
        </fieldset>
        <CalendarForm calendar={draft.calendar} errors={errors.calendar} onChange={(calendar) => set("calendar", calendar)} />
      </form>

      <div className="card wf-graph-card">
        <div className="card-header">
          <h2 id="wf-graph-title">Steps and transitions</h2>
          <div className="actions">
            <button type="button" className="button" onClick={onAddStep}>
              Add step
            </button>
          </div>
        </div>
        {rolesNote && <Banner kind="warning">{rolesNote}</Banner>}
        <p className="muted wf-graph-help">
          {showGraph
            ? "Drag from a node's right handle and drop on another node to add a transition. Select a step or a transition to edit it."
            : "Add steps, then connect them with transitions below."}
        </p>
        <div className="wf-graph-layout">
          <div className="wf-graph-main">
            {showGraph && (
              <div className="wf-canvas-wrap">
                <WorkflowGraph
                  steps={draft.steps}
                  transitions={draft.transitions}
                  selection={selection}
                  duplicates={duplicates}
                  onSelect={setSelection}
                  onConnect={onConnect}
                  onRemoveTransition={onRemoveTransition}
                  onRemoveStep={onRemoveStep}
                />
              </div>
            )}
            {draft.steps.length > 0 ? (
              <ol className="wf-step-list" aria-label="Steps in order">
                {draft.steps.map((step, index) => {
                  const active = selection?.kind === "step" && selection.key === step.key;
                  return (
                    <li key={step.key}>
                      <button
                        type="button"
                        className={`wf-step-chip${active ? " is-active" : ""}${!step.role || duplicates.has(step.name.trim()) ? " is-invalid" : ""}`}
                        aria-pressed={active}
                        onClick={() => setSelection({ kind: "step", key: step.key })}
                      >
                        <span className="visually-hidden">Edit step</span>{" "}
                        <span className="wf-step-chip-order" aria-hidden="true">
                          {index + 1}
                        </span>{" "}
                        <span>{step.name || "(no name)"}</span>
                        <span className="muted" aria-hidden="true">
                          {step.role || "no role"}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ol>
            ) : (
              <p className="wf-empty-graph">No steps yet. Use “Add step” to create the first one.</p>
            )}
          </div>
          <aside className="wf-panel" aria-label="Selected item">
            {selectedStep ? (
              <StepPanel
                key={selectedStep.key}
                step={selectedStep}
                index={draft.steps.indexOf(selectedStep)}
                count={draft.steps.length}
                roles={roles}
                duplicate={duplicates.has(selectedStep.name.trim())}
                onRename={(name) => setDraft((current) => renameStep(current, selectedStep.key, name))}
                onChange={(changes) => setDraft((current) => updateStep(current, selectedStep.key, changes))}
                onMove={(by) => setDraft((current) => moveStep(current, selectedStep.key, by))}
                onRemove={() => onRemoveStep(selectedStep.key)}
                onClose={() => setSelection(null)}
              />
            ) : selectedTransition ? (
              <TransitionPanel
                key={selectedTransition.key}
                transition={selectedTransition}
                from={stepName(selectedTransition.from, "from")}
                to={stepName(selectedTransition.to, "to")}
                onChange={(changes) => setDraft((current) => updateTransition(current, selectedTransition.key, changes))}
                onRemove={() => onRemoveTransition(selectedTransition.key)}
                onClose={() => setSelection(null)}
              />
            ) : (
              <div className="wf-panel-empty">
                <h3>Nothing selected</h3>
                <p className="muted">Select a step or a transition to edit it, or add a step.</p>
              </div>
            )}
          </aside>
        </div>

        <TransitionsSection
          draft={draft}
          stepName={stepName}
          onAdd={(transition) => setDraft((current) => addTransition(current, transition).draft)}
          onEdit={(key) => setSelection({ kind: "transition", key })}
          onRemove={onRemoveTransition}
        />
      </div>

      <Modal title="Delete this workflow?" open={deleteOpen} onClose={() => setDeleteOpen(false)}>
        <p>
          <strong>{workflow?.name}</strong> and its steps will be removed. A workflow that tasks have run on cannot be deleted; pause it instead.
        </p>
        {deleteError && <Banner>{deleteError}</Banner>}
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setDeleteOpen(false)}>
            Cancel
          </button>
          <button type="button" className="button button-danger" onClick={() => void onDelete()} disabled={busy === "delete"}>
            {busy === "delete" ? "Deleting…" : "Delete"}
          </button>
        </div>
      </Modal>
    </section>
  );
}

function StepPanel({
  step,
  index,
  count,
  roles,
  duplicate,
  onRename,
  onChange,
  onMove,
  onRemove,
  onClose,
}: {
  step: DraftStep;
  index: number;
  count: number;
  roles: string[];
  duplicate: boolean;
  onRename: (name: string) => void;
  onChange: (changes: Partial<Omit<DraftStep, "key">>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  onClose: () => void;
}) {
  const roleOptions = step.role && !roles.includes(step.role) ? [...roles, step.role] : roles;
  const escalateOptions = step.escalate_to && !roles.includes(step.escalate_to) ? [...roles, step.escalate_to] : roles;
  return (
    <div className="wf-panel-body">
      <div className="wf-panel-head">
        <h3>Step {index + 1}</h3>
        <button type="button" className="button button-ghost button-small" onClick={onClose}>
          <span aria-hidden="true">✕</span>
          <span className="visually-hidden">Close the step panel</span>
        </button>
      </div>
      <Field label="Step name" error={duplicate ? "Another step has this name; names must be unique." : !step.name.trim() ? "A step needs a name." : undefined}>
        <input value={step.name} onChange={(event) => onRename(event.target.value)} autoComplete="off" />
      </Field>
      <Field label="Role" error={!step.role ? "Choose the role that works this step." : undefined}>
        <select value={step.role} onChange={(event) => onChange({ role: event.target.value })}>
          <option value="">Choose a role…</option>
          {roleOptions.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Weight" hint="The step's share of the SLA (default 1).">
        <input type="number" min="0" step="any" inputMode="decimal" value={step.weight} onChange={(event) => onChange({ weight: event.target.value })} />
      </Field>
      <Field label="Instruction">
        <textarea value={step.instruction} rows={3} onChange={(event) => onChange({ instruction: event.target.value })} />
      </Field>
      <Field label="Escalate to">
        <select value={step.escalate_to ?? ""} onChange={(event) => onChange({ escalate_to: event.target.value || null })}>
          <option value="">None</option>
          {escalateOptions.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </Field>
      <StepApprovalFields step={step} onChange={onChange} />
      <Field label="Assignment">
        <select value={step.assignment_strategy} onChange={(event) => onChange({ assignment_strategy: event.target.value as DraftStep["assignment_strategy"] })}>
          <option value="round_robin">Round robin</option>
          <option value="least_loaded">Least loaded</option>
        </select>
      </Field>
      <div className="wf-panel-actions">
        <button type="button" className="button button-small" disabled={index <= 0} onClick={() => onMove(-1)}>
          Move earlier
        </button>
        <button type="button" className="button button-small" disabled={index >= count - 1} onClick={() => onMove(1)}>
          Move later
        </button>
        <button type="button" className="button button-small button-danger" onClick={onRemove}>
          Remove step
        </button>
      </div>
    </div>
  );
}

function TransitionPanel({
  transition,
  from,
  to,
  onChange,
  onRemove,
  onClose,
}: {
  transition: DraftTransition;
  from: string;
  to: string;
  onChange: (changes: Partial<Omit<DraftTransition, "key">>) => void;
  onRemove: () => void;
  onClose: () => void;
}) {
  return (
    <div className="wf-panel-body">
      <div className="wf-panel-head">
        <h3>Transition</h3>
        <button type="button" className="button button-ghost button-small" onClick={onClose}>
          <span aria-hidden="true">✕</span>
          <span className="visually-hidden">Close the transition panel</span>
        </button>
      </div>
      <p className="wf-panel-route">
        {from} <span aria-hidden="true">→</span>
        <span className="visually-hidden">to</span> {to}
      </p>
      <Field label="Transition label" hint="What the assignee clicks, e.g. approve, reject." error={!transition.name.trim() ? "A transition needs a name." : undefined}>
        <input value={transition.name} onChange={(event) => onChange({ name: event.target.value })} autoComplete="off" />
      </Field>
      <label className="wf-check">
        <input type="checkbox" checked={transition.requires_notes} onChange={(event) => onChange({ requires_notes: event.target.checked })} />
        Notes required
      </label>
      <div className="wf-panel-actions">
        <button type="button" className="button button-small button-danger" onClick={onRemove}>
          Remove transition
        </button>
      </div>
    </div>
  );
}

function TransitionsSection({
  draft,
  stepName,
  onAdd,
  onEdit,
  onRemove,
}: {
  draft: EditorDraft;
  stepName: (key: string | null, kind: "from" | "to") => string;
  onAdd: (transition: Omit<DraftTransition, "key">) => void;
  onEdit: (key: string) => void;
  onRemove: (key: string) => void;
}) {
  const [from, setFrom] = useState(START);
  const [to, setTo] = useState("");
  const [name, setName] = useState("approve");
  const [requiresNotes, setRequiresNotes] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [announce, setAnnounce] = useState("");
  // A refusal ("That transition is there already.") is about the form as it was: the next edit clears it.
  useEffect(() => setProblem(null), [draft.transitions, draft.steps]);
  const edit = <T,>(setter: (value: T) => void) => (value: T) => {
    setProblem(null);
    setter(value);
  };
  const keys = new Set(draft.steps.map((step) => step.key));
  const fromValue = from === START || keys.has(from) ? from : START;
  const toValue = to === END || keys.has(to) ? to : draft.steps[0]?.key ?? END;

  function submit(event: FormEvent) {
    event.preventDefault();
    const fromKey = fromValue === START ? null : fromValue;
    const toKey = toValue === END ? null : toValue;
    const trimmed = name.trim();
    const why =
      transitionProblem(fromKey, toKey) ??
      (!trimmed ? "Give the transition a name." : null) ??
      (draft.transitions.some((t) => t.from === fromKey && t.to === toKey && t.name.trim() === trimmed) ? "That transition is there already." : null);
    setProblem(why);
    if (why) return;
    onAdd({ from: fromKey, to: toKey, name: trimmed, requires_notes: requiresNotes });
    setAnnounce(`Transition ${trimmed} from ${stepName(fromKey, "from")} to ${stepName(toKey, "to")} added.`);
    setRequiresNotes(false);
    setName("approve");
  }

  return (
    <div className="wf-transitions" aria-labelledby="wf-transitions-title">
      <h3 id="wf-transitions-title">Transitions</h3>
      <form className="wf-transition-form" onSubmit={submit} aria-label="Add a transition">
        <Field label="From">
          <select value={fromValue} onChange={(event) => edit(setFrom)(event.target.value)}>
            <option value={START}>Start</option>
            {draft.steps.map((step) => (
              <option key={step.key} value={step.key}>
                {step.name || "(no name)"}
              </option>
            ))}
          </select>
        </Field>
        <Field label="To">
          <select value={toValue} onChange={(event) => edit(setTo)(event.target.value)}>
            {draft.steps.map((step) => (
              <option key={step.key} value={step.key}>
                {step.name || "(no name)"}
              </option>
            ))}
            <option value={END}>End</option>
          </select>
        </Field>
        <Field label="Transition name" error={problem ?? undefined}>
          <input value={name} onChange={(event) => edit(setName)(event.target.value)} autoComplete="off" />
        </Field>
        <label className="wf-check wf-transition-check">
          <input type="checkbox" checked={requiresNotes} onChange={(event) => edit(setRequiresNotes)(event.target.checked)} />
          Requires notes
        </label>
        <button type="submit" className="button">
          Add transition
        </button>
      </form>
      <p className="visually-hidden" role="status">
        {announce}
      </p>
      {draft.transitions.length === 0 ? (
        <p className="muted">No transitions yet. A workflow needs one from Start, and a way from every step to End.</p>
      ) : (
        <div className="table-wrap">
          <table className="table wf-transition-table" aria-labelledby="wf-transitions-title">
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Name</th>
                <th scope="col">Notes</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.transitions.map((transition) => {
                const fromName = stepName(transition.from, "from");
                const toName = stepName(transition.to, "to");
                return (
                  <tr key={transition.key} data-testid="transition-row">
                    <td>{fromName}</td>
                    <td>{toName}</td>
                    <td>{transition.name}</td>
                    <td>{transition.requires_notes ? "Required" : <span className="muted">—</span>}</td>
                    <td>
                      <div className="row wf-row-actions">
                        <button type="button" className="button button-small" onClick={() => onEdit(transition.key)}>
                          Edit <span className="visually-hidden">transition {transition.name} from {fromName} to {toName}</span>
                        </button>
                        <button type="button" className="button button-small button-danger" onClick={() => onRemove(transition.key)}>
                          Remove <span className="visually-hidden">transition {transition.name} from {fromName} to {toName}</span>
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
