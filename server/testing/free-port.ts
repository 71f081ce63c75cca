import net from "node:net";

// Every server a test starts listens on a port the kernel just handed out: two test runs on one
// machine (or a developer's app on 3000) never collide.

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
