import { describe, expect, it } from "vitest";

import { invalid, problem } from "../test/fetch";
import { ApiError } from "./errors";

const errorOf = ({ status, body }: { status: number; body: unknown }) => new ApiError(status, body);

describe("ApiError reads problem details", () => {
  it("gives each field's messages from errors, nested ones with their path", () => {
    const error = errorOf(
      invalid({ name: ["This field is required."], steps: [{}, { name: ["Too long.", "Not unique."] }], non_field_errors: ["Pick one."] }),
    );

    expect(error.fieldErrors).toEqual({ name: "This field is required.", steps: "name: Too long. name: Not unique." });
    expect(error.nonFieldErrors).toEqual(["Pick one."]);
    expect(error.code).toBe("invalid");
    expect(error.requestId).toBe("req-test");
  });

  it("summarises every field error for a banner, not only the first the detail names", () => {
    const error = errorOf(invalid({ email: ["Enter a valid email address."], non_field_errors: ["Both at once."] }));

    expect(error.message).toBe("email: Enter a valid email address.; Both at once.");
  });

  it("uses the detail of any other problem, and reads no fields from its members", () => {
    const error = errorOf(problem(409, "already_claimed", "Someone else took this task."));

    expect(error.message).toBe("Someone else took this task.");
    expect(error.fieldErrors).toEqual({});
    expect(error.code).toBe("already_claimed");
  });

  it("keeps extension members: a deploy refusal's problems", () => {
    const error = errorOf(problem(400, "workflow_invalid", "The workflow cannot be deployed.", { problems: ["no steps", "sla.low is missing"] }));

    expect(error.problems).toEqual(["no steps", "sla.low is missing"]);
    expect(error.message).toBe("The workflow cannot be deployed.");
  });

  it("falls back to a sentence of its own when the body is not a problem", () => {
    expect(new ApiError(502, "<html>Bad gateway</html>").message).toBe("The service had a problem. Try again in a moment.");
    expect(new ApiError(403, null).message).toBe("You are not allowed to do that.");
    expect(new ApiError(404, []).fieldErrors).toEqual({});
    expect(new ApiError(400, { errors: "not an object" }).fieldErrors).toEqual({});
  });
});
