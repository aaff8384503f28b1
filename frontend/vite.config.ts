/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { allowedHosts, serviceProxies } from "./proxy.config.ts";

// The console talks to every service through its own origin: /svc/<service>/...
// is proxied to that service (HTTP and WebSocket), so the browser needs no CORS
// and the built bundle holds no addresses. `vite preview` (what `make run`
// serves on port 1000) uses the same table. Both servers answer the host names in
// TTS_PUBLIC_HOSTS (any under `make run`); a build or a test run does not read it.
export default defineConfig(({ command, isPreview }) => {
  const serving = command === "serve" && !process.env.VITEST;
  const hosts = serving || isPreview ? allowedHosts(process.env) : undefined;
  return {
    plugins: [react()],
    server: { proxy: serviceProxies(process.env), allowedHosts: hosts },
    preview: { proxy: serviceProxies(process.env), allowedHosts: hosts },
    build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 1200 },
    test: {
      environment: "jsdom",
      setupFiles: ["./src/test/setup.ts"],
      include: ["src/**/*.test.{ts,tsx}"],
      css: false,
    },
  };
});
