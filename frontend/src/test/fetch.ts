import { vi } from "vitest";

export interface RecordedCall {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

type Responder = (call: RecordedCall) => { status?: number; body?: unknown } | unknown;
/** A route's answer: a body, or a function of the call. */
export type Route = Responder | object | string | number | boolean | null;

/**
 * Replaces fetch with a table of "METHOD /svc/path" (the query string is
 * ignored when matching) → answer. An answer is a body (status 200) or a
 * function of the call returning `{status, body}`. Unknown calls answer 404.
 * Returns the list of calls made, to assert on.
 */
export function mockFetch(routes: Record<string, Route>): RecordedCall[] {
  const calls: RecordedCall[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      const method = (init.method || "GET").toUpperCase();
      let body: unknown = init.body;
      if (typeof body === "string") {
        try {
          body = JSON.parse(body);
        } catch {
          /* keep the text */
        }
      }
      const call = { method, url, body, headers: (init.headers || {}) as Record<string, string> };
      calls.push(call);
      const key = `${method} ${url.split("?")[0]}`;
      if (!(key in routes)) return json(404, { detail: `no route for ${key}` });
      const route = routes[key];
      const answer = typeof route === "function" ? (route as Responder)(call) : route;
      if (answer && typeof answer === "object" && "status" in (answer as object)) {
        const { status = 200, body: payload } = answer as { status?: number; body?: unknown };
        return json(status, payload);
      }
      return json(200, answer);
    }),
  );
  return calls;
}

function json(status: number, body: unknown): Response {
  const text = status === 204 || status === 205 || body === undefined ? null : JSON.stringify(body);
  return new Response(text, { status, headers: { "Content-Type": "application/json" } });
}

/** A DRF page of these results. */
export const page = <T>(results: T[], count = results.length) => ({ count, next: null, previous: null, results });

/** An error answer as every service sends it: an RFC 9457 problem (`extra`: `errors`, `problems`...). */
export const problem = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}) => ({
  status,
  body: { type: `urn:tts:problem:${code}`, title: "Error", status, detail, code, request_id: "req-test", ...extra },
});

/** A validation problem (400, code "invalid") with these field errors, nested as DRF nests them. */
export const invalid = (errors: Record<string, unknown>) => problem(400, "invalid", "The request is invalid.", { errors });
