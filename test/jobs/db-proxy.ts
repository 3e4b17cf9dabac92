// A TCP proxy in front of PostgreSQL for the chaos tests: every chunk either way waits `delayMs`
// (a slow database: each query costs at least two delays), and `freeze()` holds all traffic, new
// connections included, until `thaw()` — a process whose database stops answering keeps its jobs
// (BullMQ renews their locks in Redis) while it is stuck in the middle of sending them. A client that
// goes away (killed) takes its server connection with it, so PostgreSQL rolls back what it had open.
import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface DbProxy {
  /** The port to put in the DATABASE_URL of whoever should go through the proxy. */
  port: number;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startDbProxy(
  target: { host: string; port: number },
  delayMs: number,
): Promise<DbProxy> {
  let frozen = false;
  const waiting = new Set<() => void>();
  const sockets = new Set<Socket>();

  /** Forwards in order, each chunk `delayMs` after it arrived and never while frozen. */
  function pipe(from: Socket, to: Socket) {
    const queue: { chunk: Buffer; at: number }[] = [];
    let draining = false;
    const drain = () => {
      if (draining) return;
      draining = true;
      const step = () => {
        for (;;) {
          const next = queue[0];
          if (!next || to.destroyed) {
            draining = false;
            return;
          }
          if (frozen) {
            waiting.add(step);
            return;
          }
          const wait = next.at - performance.now();
          if (wait > 0) {
            setTimeout(step, wait);
            return;
          }
          queue.shift();
          to.write(next.chunk);
        }
      };
      step();
    };
    from.on('data', (chunk: Buffer) => {
      queue.push({ chunk, at: performance.now() + delayMs });
      drain();
    });
  }

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    // Connected upstream only once thawed: PostgreSQL drops a connection whose start-up message
    // takes longer than its authentication_timeout.
    const connect = () => {
      if (client.destroyed) return;
      const upstream = createConnection(target);
      sockets.add(upstream);
      upstream.on('error', () => undefined);
      for (const socket of [client, upstream]) {
        socket.on('close', () => {
          sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      pipe(client, upstream);
      pipe(upstream, client);
      client.resume();
    };
    client.pause();
    if (frozen) waiting.add(connect);
    else connect();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');

  return {
    port: address.port,
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      const steps = [...waiting];
      waiting.clear();
      for (const step of steps) step();
    },
    async close() {
      frozen = false;
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
