import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SERVICES_DIR = fileURLToPath(new URL("../../scripts/services/", import.meta.url));

// Every port the service scripts read; each run of startOwnServices gets free ones of its own.
const PORT_SETTINGS = [
  "KAFKA_PORT",
  "KAFKA_CONTROLLER_PORT",
  "KAFKA_SECURE_PORT",
  "KAFKA_SECURE_CONTROLLER_PORT",
  "REGISTRY_PORT",
  "REGISTRY_MANAGEMENT_PORT",
  "REGISTRY_TLS_PORT",
] as const;

export interface OwnServices {
  /** What up.sh printed (`export NAME=value`), e.g. KAFKA_SECURE_BROKERS, SERVICES_CA_FILE. */
  readonly env: Readonly<Record<string, string>>;
  /** The state directory: certificates, credentials, logs and data of these services. */
  readonly state: string;
  /** The settings the scripts ran with (ports, state), for restart-kafka.sh and the like. */
  readonly settings: Readonly<Record<string, string>>;
  /** Runs another script of scripts/services/ with the same settings. */
  script(name: string, ...args: string[]): Promise<string>;
  /** down.sh --wipe with the same settings: stops what these services started and removes their state. */
  stop(): Promise<void>;
}

/**
 * Starts services of its own with `scripts/services/up.sh ARGS` (e.g. `--secure --no-registry`) on free
 * ports and in a fresh state directory, never the shared ones: a test that kills or stops them disturbs
 * nobody. `extraSettings` are more of the scripts' settings (e.g. KAFKA_ADVERTISED_PORT for a fault proxy in
 * front of the broker). Call stop() when done.
 */
export async function startOwnServices(
  args: readonly string[],
  extraSettings: Readonly<Record<string, string>> = {},
): Promise<OwnServices> {
  const state = await mkdtemp(join(tmpdir(), "schemakit-own-services-"));
  const ports = await freePorts(PORT_SETTINGS.length);
  const settings: Record<string, string> = { ...extraSettings, SERVICES_STATE: state };
  PORT_SETTINGS.forEach((name, index) => {
    settings[name] = String(ports[index]);
  });
  const script = (name: string, ...scriptArgs: string[]): Promise<string> => runScript(name, scriptArgs, settings);
  const stdout = await script("up.sh", ...args).catch(async (error: unknown) => {
    await script("down.sh", "--wipe").catch(() => undefined);
    throw error;
  });
  const env: Record<string, string> = {};
  for (const match of stdout.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)) env[match[1] as string] = match[2] as string;
  return { env, state, settings, script, stop: async () => void (await script("down.sh", "--wipe")) };
}

function runScript(name: string, args: readonly string[], settings: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "bash",
      [join(SERVICES_DIR, name), ...args],
      { env: { ...process.env, ...settings }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new Error(`${name} ${args.join(" ")} failed (${error.message}):\n${stderr}`));
      },
    );
  });
}

/** Ports the system has no listener on right now (asked of the kernel, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const server = createServer();
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
