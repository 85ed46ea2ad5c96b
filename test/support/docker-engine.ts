import { request } from "node:http";

/**
 * Does a Docker engine answer `GET /_ping` on DOCKER_HOST (unix:// or tcp://) or the default socket?
 * Only a yes here makes the harness reach for testcontainers; the docker CLI alone is not enough.
 */
export function dockerEngineAnswers(env: NodeJS.ProcessEnv = process.env, timeoutMs = 1_000): Promise<boolean> {
  const host = env["DOCKER_HOST"] ?? "unix:///var/run/docker.sock";
  const target = host.startsWith("unix://")
    ? { socketPath: host.slice("unix://".length) }
    : (() => {
        const url = new URL(host.replace(/^tcp:/, "http:"));
        return { host: url.hostname, port: Number(url.port || 2375) };
      })();
  return new Promise((resolve) => {
    const req = request({ ...target, path: "/_ping", method: "GET", timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}
