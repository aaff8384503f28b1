/**
 * A refused or failed call, with what the server said, shaped for forms and banners.
 *
 * Every service answers an error with an RFC 9457 problem (application/problem+json):
 * {"type", "title", "status", "detail", "code", "request_id"}, plus on a validation
 * error (400, code "invalid") "errors": {"field": ["message"], "steps": [{"name": ["message"]}]},
 * and extension members such as workflow deploy's "problems": [...].
 */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  request_id?: string | null;
  errors?: Record<string, unknown>;
  problems?: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown, fallback = "The request failed.") {
    super(ApiError.summarize(status, body, fallback));
    this.status = status;
    this.body = body;
  }

  /** The problem's members, or {} when the body is not an object (a proxy's HTML page, nothing). */
  get problem(): Problem {
    return isRecord(this.body) ? (this.body as Problem) : {};
  }

  /** The validation errors as the server nests them ({} when there are none). */
  get errors(): Record<string, unknown> {
    return isRecord(this.problem.errors) ? this.problem.errors : {};
  }

  /** One line per field, nested messages prefixed with their path ("0: name: ..."); non_field_errors left out. */
  get fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const [field, value] of Object.entries(this.errors)) {
      if (field === "non_field_errors") continue;
      errors[field] = flatten(value).join(" ");
    }
    return errors;
  }

  /** The errors that name no field (a rule across fields). */
  get nonFieldErrors(): string[] {
    return flatten(this.errors.non_field_errors);
  }

  /** workflow_api's deploy refusal: {"code": "workflow_invalid", "detail", "problems": [...]}. */
  get problems(): string[] {
    const problems = this.problem.problems;
    return Array.isArray(problems) ? problems.map(String) : [];
  }

  get code(): string | undefined {
    const code = this.problem.code;
    return typeof code === "string" ? code : undefined;
  }

  get requestId(): string | undefined {
    const requestId = this.problem.request_id;
    return typeof requestId === "string" ? requestId : undefined;
  }

  /** A banner's sentence: every field error of a validation problem, else the problem's detail. */
  static summarize(status: number, body: unknown, fallback: string): string {
    if (status === 0) return "The service cannot be reached. Check your connection and try again.";
    if (isRecord(body)) {
      const problem = body as Problem;
      const fields = isRecord(problem.errors) ? Object.entries(problem.errors) : [];
      if (fields.length) {
        return fields.map(([field, value]) => (field === "non_field_errors" ? "" : `${field}: `) + flatten(value).join(" ")).join("; ");
      }
      if (typeof problem.detail === "string" && problem.detail) return problem.detail;
    }
    if (status === 403) return "You are not allowed to do that.";
    if (status === 404) return "Not found.";
    if (status >= 500) return "The service had a problem. Try again in a moment.";
    return fallback;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

function flatten(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (isRecord(value)) {
    return Object.entries(value).flatMap(([key, inner]) => flatten(inner).map((text) => `${key}: ${text}`));
  }
  return value === undefined || value === null ? [] : [String(value)];
}
