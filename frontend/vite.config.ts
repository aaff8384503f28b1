/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { serviceProxies } from "./proxy.config.ts";

// The console talks to every service through its own origin: /svc/<service>/...
// is proxied to that service (HTTP and WebSocket), so the browser needs no CORS
// and the built bundle holds no addresses. `vite preview` (what `make run`
// serves on port 1000) uses the same table.
export default defineConfig({
  plugins: [react()],
  server: { proxy: serviceProxies(process.env) },
  preview: { proxy: serviceProxies(process.env) },
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 1200 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
