import type { ProxyOptions } from "vite";

/** The services the console reaches, the path prefix it uses for each, and where each one listens by default. */
export const SERVICES = {
  auth: { prefix: "/svc/auth", urlVariable: "AUTH_URL", portVariable: "AUTH_PORT", port: 8003 },
  workflow: { prefix: "/svc/workflow", urlVariable: "WORKFLOW_URL", portVariable: "WORKFLOW_PORT", port: 8002 },
  messaging: { prefix: "/svc/messaging", urlVariable: "MESSAGING_URL", portVariable: "MESSAGING_PORT", port: 8005 },
  notification: { prefix: "/svc/notification", urlVariable: "NOTIFICATION_URL", portVariable: "NOTIFICATION_PORT", port: 8006 },
  tickets: { prefix: "/svc/tickets", urlVariable: "TICKET_MOCK_URL", portVariable: "TICKET_MOCK_PORT", port: 8004 },
} as const;

type Environment = Record<string, string | undefined>;

/** Where a service is: its *_URL variable, else localhost on its *_PORT variable or the contract's port. */
export function serviceTarget(service: keyof typeof SERVICES, env: Environment): string {
  const { urlVariable, portVariable, port } = SERVICES[service];
  return env[urlVariable] || `http://127.0.0.1:${env[portVariable] || port}`;
}

/** Vite's proxy table: /svc/<service>/rest → <service's address>/rest, WebSockets included. */
export function serviceProxies(env: Environment): Record<string, ProxyOptions> {
  const table: Record<string, ProxyOptions> = {};
  for (const [service, { prefix }] of Object.entries(SERVICES)) {
    table[prefix] = {
      target: serviceTarget(service as keyof typeof SERVICES, env),
      changeOrigin: true,
      // X-Forwarded-For gets the browser's address (the socket's peer), so each
      // service sees who is really calling (tts_common.client_ip believes it from loopback).
      xfwd: true,
      ws: true,
      rewrite: (path) => path.slice(prefix.length) || "/",
    };
  }
  return table;
}
