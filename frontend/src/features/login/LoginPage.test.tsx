import { act, render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import { AuthProvider } from "../../auth/AuthProvider";
import { RequireMember } from "../../auth/guards";
import { sessionEnded, writeTokens } from "../../auth/tokens";
import { refreshTokens } from "../../api/client";
import { mockFetch } from "../../test/fetch";
import { signInAs } from "../../test/tokens";
import { LoginPage } from "./LoginPage";

const ENDED = "Your session ended. Sign in again.";

function renderConsole() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={["/inbox"]}>
        <AuthProvider>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/inbox" element={<RequireMember><div>Inbox</div></RequireMember>} />
          </Routes>
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => window.localStorage.clear());

describe("the sign-in page after a session", () => {
  it("says the session ended when auth refused the refresh (a revocation)", async () => {
    signInAs();
    mockFetch({ "POST /svc/auth/token/refresh/": () => ({ status: 401, body: { code: "token_not_valid" } }) });
    renderConsole();
    expect(screen.getByText("Inbox")).toBeInTheDocument();

    await act(async () => void (await refreshTokens()));

    await waitFor(() => expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument());
    expect(screen.getByRole("status")).toHaveTextContent(ENDED);
  });

  it("says nothing of the kind after signing out, and a sign-in forgets an ended session", async () => {
    window.localStorage.setItem("tts.session_ended", "1");
    signInAs();
    expect(sessionEnded()).toBe(false);
    renderConsole();

    act(() => writeTokens(null)); // what "Sign out" does

    await waitFor(() => expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument());
    expect(screen.queryByText(ENDED)).not.toBeInTheDocument();
  });
});

describe("the sign-in page itself", () => {
  it("is the page's main landmark and names the tab", async () => {
    mockFetch({});
    renderConsole();
    const main = await screen.findByRole("main");
    expect(main).toContainElement(screen.getByRole("heading", { name: "Sign in" }));
    expect(main).toContainElement(screen.getByLabelText("Email"));
    expect(document.title).toBe("Sign in · TTS console");
  });
});
