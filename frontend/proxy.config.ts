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

const PUBLIC_HOST = /^(\*|\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])$/;

/**
 * The host names `vite preview` answers to (preview.allowedHosts): `TTS_PUBLIC_HOSTS`, comma-separated, as the
 * services read it (tts_common.settings.public_hosts). `true` (any host) for "*" and, outside production, when unset:
 * a team opens `make run` from the LAN by whatever name the machine has. Vite itself always answers localhost and
 * IP addresses; a name such as tts.example.org must be listed (".example.org" allows it and its subdomains).
 * Throws, naming the variable, when unset with DJANGO_ENV=production or when an entry is not a host name.
 */
export function allowedHosts(env: Environment): string[] | true {
  const hosts = (env.TTS_PUBLIC_HOSTS || "")
    .split(",")
    .map((host) => host.trim())
    .filter(Boolean);
  const wrong = hosts.find((host) => !PUBLIC_HOST.test(host));
  if (wrong) throw new Error(`TTS_PUBLIC_HOSTS: '${wrong}' is not a host name, .domain, IP address or '*' (no scheme, port or path)`);
  if (hosts.length === 0 && (env.DJANGO_ENV || "").toLowerCase() === "production") {
    throw new Error("TTS_PUBLIC_HOSTS must be set when DJANGO_ENV=production: the host names the console is opened at, comma-separated");
  }
  return hosts.length === 0 || hosts.includes("*") ? true : hosts;
}

/** Vite's proxy table: /svc/<service>/rest → <service's address>/rest, WebSockets included. */
export function serviceProxies(env: Environment): Record<string, ProxyOptions> {
  const table: Record<string, ProxyOptions> = {};
  for (const [service, { prefix }] of Object.entries(SERVICES)) {
    table[prefix] = {
      target: serviceTarget(service as keyof typeof SERVICES, env),
      // Host becomes the service's own address (127.0.0.1:<port>, in every service's ALLOWED_HOSTS); the browser's
      // Origin is passed on as it is, so messaging checks it against TTS_PUBLIC_HOSTS.
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
