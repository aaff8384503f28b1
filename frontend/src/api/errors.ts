/** A refused or failed call, with what the server said, shaped for forms and banners. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown, fallback = "The request failed.") {
    super(ApiError.summarize(status, body, fallback));
    this.status = status;
    this.body = body;
  }

  /** DRF's 400 body: {"field": ["message", ...]}; the non-field keys are left out. */
  get fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    if (this.body && typeof this.body === "object" && !Array.isArray(this.body)) {
      for (const [field, value] of Object.entries(this.body as Record<string, unknown>)) {
        if (["detail", "code", "problems", "non_field_errors"].includes(field)) continue;
        errors[field] = flatten(value).join(" ");
      }
    }
    return errors;
  }

  /** workflow_api's deploy refusal: {"detail", "problems": [...]}. */
  get problems(): string[] {
    const problems = (this.body as { problems?: unknown })?.problems;
    return Array.isArray(problems) ? problems.map(String) : [];
  }

  get code(): string | undefined {
    const code = (this.body as { code?: unknown })?.code;
    return typeof code === "string" ? code : undefined;
  }

  static summarize(status: number, body: unknown, fallback: string): string {
    if (status === 0) return "The service cannot be reached. Check your connection and try again.";
    if (body && typeof body === "object") {
      const record = body as Record<string, unknown>;
      if (typeof record.detail === "string") return record.detail;
      const fields = Object.entries(record).filter(([key]) => key !== "code");
      if (fields.length) {
        return fields
          .map(([field, value]) => (field === "non_field_errors" ? "" : `${field}: `) + flatten(value).join(" "))
          .join("; ");
      }
    }
    if (status === 403) return "You are not allowed to do that.";
    if (status === 404) return "Not found.";
    if (status >= 500) return "The service had a problem. Try again in a moment.";
    return fallback;
  }
}

function flatten(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (value && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => flatten(inner).map((text) => `${key}: ${text}`));
  }
  return value === undefined || value === null ? [] : [String(value)];
}
