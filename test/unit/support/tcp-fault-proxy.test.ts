import { once } from "node:events";
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTcpFaultProxy, type TcpFaultProxy } from "../../support/tcp-fault-proxy.js";

// A real TCP echo server behind the proxy, real client sockets in front of it.
let echo: Server;
let proxy: TcpFaultProxy;
const clients: Socket[] = [];

beforeEach(async () => {
  echo = createServer((socket) => {
    socket.on("error", () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  proxy = await startTcpFaultProxy({ target: { host: "127.0.0.1", port: (echo.address() as AddressInfo).port } });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await proxy.close();
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

async function connect(): Promise<{ socket: Socket; received: () => string }> {
  const socket = createConnection({ host: proxy.host, port: proxy.port });
  clients.push(socket);
  let text = "";
  socket.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  await once(socket, "connect");
  return { socket, received: () => text };
}

/** Polls until `condition` holds; the test's own timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("TcpFaultProxy", () => {
  it("forwards both ways unchanged", async () => {
    const { socket, received } = await connect();
    socket.write("hello ");
    socket.write("broker");
    await until(() => received() === "hello broker");
    expect(proxy.stats).toMatchObject({ connections: 1, bytesFromClients: 12, bytesFromTarget: 12, resets: 0 });
  });

  it("holds bytes for the delay in force, in order, and releases them when the delay is lifted", async () => {
    proxy.setDelay(60_000);
    const { socket, received } = await connect();
    socket.write("one ");
    socket.write("two");
    await until(() => proxy.stats.bytesFromClients === 7);
    // Received by the proxy, held: nothing has reached the echo server, so nothing has come back.
    expect(proxy.stats.bytesFromTarget).toBe(0);
    expect(received()).toBe("");
    proxy.setDelay(0);
    await until(() => received() === "one two");
  });

  it("drops bytes while dropping, keeping the connection open; later bytes pass again", async () => {
    const { socket, received } = await connect();
    proxy.setDropping(true);
    socket.write("lost");
    await until(() => proxy.stats.bytesDropped === 4);
    proxy.setDropping(false);
    socket.write("kept");
    await until(() => received() === "kept");
    expect(socket.destroyed).toBe(false);
    expect(proxy.stats.bytesFromTarget).toBe(4);
  });

  it("resets every open connection: the client sees ECONNRESET", async () => {
    const { socket, received } = await connect();
    socket.write("x");
    await until(() => received() === "x");
    const failed = once(socket, "error");
    proxy.resetAll();
    const [error] = (await failed) as [NodeJS.ErrnoException];
    expect(error.code).toBe("ECONNRESET");
    expect(proxy.stats.resets).toBe(1);
  });

  it("refuses new connections with a reset, or accepts and never serves them; then serves again", async () => {
    proxy.setRefusing(true);
    const refused = createConnection({ host: proxy.host, port: proxy.port });
    clients.push(refused);
    const [error] = (await once(refused, "error")) as [NodeJS.ErrnoException];
    expect(error.code).toBe("ECONNRESET");

    proxy.setRefusing(true, "hang");
    const silent = await connect();
    silent.socket.write("anyone?");
    await until(() => proxy.stats.bytesFromClients === 7);
    expect(silent.received()).toBe("");
    expect(proxy.stats.bytesFromTarget).toBe(0);

    proxy.setRefusing(false);
    const served = await connect();
    served.socket.write("back");
    await until(() => served.received() === "back");
  });

  it("refuses a negative delay", () => {
    expect(() => proxy.setDelay(-1)).toThrow(RangeError);
  });
});
