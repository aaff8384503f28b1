import { describe, expect, it } from "vitest";
import { request, urlOf } from "./client";
import { ApiError } from "./errors";
import { readTokens, writeTokens } from "../auth/tokens";
import { invalid, mockFetch, problem } from "../test/fetch";
import { fakeToken, signInAs } from "../test/tokens";

describe("request", () => {
  it("sends the access token and JSON, and reads JSON back", async () => {
    signInAs();
    const calls = mockFetch({ "POST /svc/workflow/tasks/3/escalate/": { id: 3 } });
    await expect(request("workflow", "/tasks/3/escalate/", { method: "POST", body: { reason: "stuck" } })).resolves.toEqual({ id: 3 });
    expect(calls[0].headers.Authorization).toBe(`Bearer ${readTokens()!.access}`);
    expect(calls[0].body).toEqual({ reason: "stuck" });
  });

  it("leaves empty query values out of the address", () => {
    expect(urlOf("workflow", "/tasks/", { mine: true, status: "", priority: undefined, page: 2 })).toBe("/svc/workflow/tasks/?mine=true&page=2");
  });

  it("refreshes once on a 401 and retries with the new token", async () => {
    signInAs();
    const fresh = { access: fakeToken({ user_id: 7 }, 900), refresh: "refresh-2" };
    let attempts = 0;
    const calls = mockFetch({
      "GET /svc/workflow/tasks/": (call) => (attempts++ === 0 ? { status: 401, body: { detail: "expired" } } : { status: 200, body: { seen: call.headers.Authorization } }),
      "POST /svc/auth/token/refresh/": fresh,
    });
    const answer = await request<{ seen: string }>("workflow", "/tasks/");
    expect(answer.seen).toBe(`Bearer ${fresh.access}`);
    expect(readTokens()).toEqual(fresh);
    expect(calls.filter((call) => call.url.includes("/token/refresh/"))).toHaveLength(1);
  });

  it("refreshes before calling when the access token is about to expire, once for concurrent callers", async () => {
    signInAs({}, 5);
    const fresh = { access: fakeToken({}, 900), refresh: "refresh-2" };
    const calls = mockFetch({ "POST /svc/auth/token/refresh/": fresh, "GET /svc/workflow/tasks/": {}, "GET /svc/workflow/workflows/": {} });
    await Promise.all([request("workflow", "/tasks/"), request("workflow", "/workflows/")]);
    expect(calls.filter((call) => call.url.endsWith("/token/refresh/"))).toHaveLength(1);
    expect(calls.filter((call) => !call.url.endsWith("/token/refresh/")).every((call) => call.headers.Authorization === `Bearer ${fresh.access}`)).toBe(true);
  });

  it("retries a 401 with the pair another tab stored meanwhile, without spending the refresh token", async () => {
    signInAs();
    const rotated = { access: fakeToken({ user_id: 7 }, 900), refresh: "refresh-2" };
    const calls = mockFetch({
      "GET /svc/workflow/tasks/": (call) => {
        if (call.headers.Authorization === `Bearer ${rotated.access}`) return { status: 200, body: { ok: true } };
        writeTokens(rotated); // a sibling tab rotated the pair while this request was out
        return { status: 401, body: { detail: "revoked" } };
      },
    });
    await expect(request("workflow", "/tasks/")).resolves.toEqual({ ok: true });
    expect(calls.filter((call) => call.url.includes("/token/refresh/"))).toHaveLength(0);
  });

  it("signs out when the refresh token is refused", async () => {
    signInAs();
    mockFetch({ "GET /svc/workflow/tasks/": { status: 401, body: { detail: "expired" } }, "POST /svc/auth/token/refresh/": { status: 401, body: { detail: "spent" } } });
    await expect(request("workflow", "/tasks/")).rejects.toMatchObject({ status: 401 });
    expect(readTokens()).toBeNull();
  });

  it("turns a DRF 400 into field errors", async () => {
    writeTokens(null);
    mockFetch({ "POST /svc/auth/token/": invalid({ email: ["Enter a valid email address."], password: ["This field is required."] }) });
    const error = (await request("auth", "/token/", { method: "POST", body: {}, authenticated: false }).catch((failure) => failure)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.fieldErrors).toEqual({ email: "Enter a valid email address.", password: "This field is required." });
  });
});

describe("ApiError", () => {
  it("keeps a deploy refusal's problems", () => {
    const { body } = problem(400, "workflow_invalid", "The workflow cannot be deployed.", { problems: ["the workflow has no steps"] });
    const error = new ApiError(400, body);
    expect(error.message).toBe("The workflow cannot be deployed.");
    expect(error.problems).toEqual(["the workflow has no steps"]);
    expect(error.fieldErrors).toEqual({});
  });

  it("says the service cannot be reached when the network fails", () => {
    expect(new ApiError(0, null).message).toMatch(/cannot be reached/);
  });
});
