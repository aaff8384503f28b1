import { describe, expect, it } from "vitest";
import { matchSnippets, slashCommand, spliceText, type Snippet } from "./api";

const snippet = (id: number, shortcut: string, title: string, overrides: Partial<Snippet> = {}): Snippet => ({
  id,
  shortcut,
  title,
  body: `body ${id}`,
  is_shared: false,
  owner_user_id: 7,
  is_owner: true,
  created_at: "",
  updated_at: "",
  ...overrides,
});

describe("snippets: / commands", () => {
  it("finds the /command just before the caret, at the start or after a space only", () => {
    expect(slashCommand("/he", 3)).toEqual({ start: 0, query: "he" });
    expect(slashCommand("Hello\n/Thanks", 13)).toEqual({ start: 6, query: "thanks" });
    expect(slashCommand("see /", 5)).toEqual({ start: 4, query: "" });
    expect(slashCommand("and/or", 6)).toBeNull();
    expect(slashCommand("/he and more", 12)).toBeNull();
    expect(slashCommand("/he and more", 3)).toEqual({ start: 0, query: "he" });
  });

  it("offers shortcuts that start with the query, then titles containing it; own before shared, once per shortcut", () => {
    const all = [
      snippet(1, "hello", "Greeting", { is_owner: false, is_shared: true }),
      snippet(2, "hello", "My greeting"),
      snippet(3, "help", "Help article"),
      snippet(4, "thanks", "Say hello back"),
      snippet(5, "bye", "Closing"),
    ];
    expect(matchSnippets(all, "hel").map((s) => s.id)).toEqual([2, 3, 4]);
    expect(matchSnippets(all, "").map((s) => s.id)).toEqual([5, 2, 3, 4]);
    expect(matchSnippets(all, "", 2)).toHaveLength(2);
  });

  it("puts the text in place of the command and the caret after it", () => {
    expect(spliceText("Hi /he!", 3, 6, "Hello Ada")).toEqual({ text: "Hi Hello Ada!", caret: 12 });
  });
});
