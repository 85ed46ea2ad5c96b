// The TLS + basic-auth proxy in front of the registry that `up.sh --secure` starts in the background.
// Settings come from the environment (credentials never on the command line, where `ps` shows them).
import { readFileSync } from "node:fs";
import { startTlsAuthProxy } from "../../test/support/tls-auth-proxy.js";

function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`registry-tls-proxy: ${name} is not set`);
  return value;
}

const proxy = await startTlsAuthProxy({
  target: setting("REGISTRY_PROXY_TARGET"),
  cert: readFileSync(setting("REGISTRY_PROXY_CERT")),
  key: readFileSync(setting("REGISTRY_PROXY_KEY")),
  username: setting("REGISTRY_PROXY_USERNAME"),
  password: setting("REGISTRY_PROXY_PASSWORD"),
  port: Number(setting("REGISTRY_PROXY_PORT")),
});
console.log(`registry-tls-proxy: listening on ${proxy.origin}, forwarding to ${setting("REGISTRY_PROXY_TARGET")}`);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void proxy.close().then(() => process.exit(0));
  });
}
