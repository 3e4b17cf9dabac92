// A minimal WebSocket server (RFC 6455) for the Socket Mode test: handshake, text frames both ways,
// ping → pong, close. `ws` is not a dependency of this project (socket-mode's client uses undici's
// WebSocket), and a test double this small is easier to trust than a new package.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface TestSocket {
  send(text: string): void;
  /** Text messages received from the client, in order. */
  received: string[];
  /** Resolves with the next received text message matching `predicate`. */
  next(predicate?: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  close(): void;
}

export interface TestWebSocketServer {
  url: string;
  /** Resolves with the next client connection. */
  connection(): Promise<TestSocket>;
  close(): Promise<void>;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(length)]);
  return Buffer.concat([header, payload]);
}

function bigLength(length: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(length));
  return buffer;
}

function socketOf(stream: Duplex): TestSocket {
  const received: string[] = [];
  const waiters: { predicate: (text: string) => boolean; resolve: (text: string) => void }[] = [];
  let buffered = Buffer.alloc(0);
  let fragments: Buffer[] = [];

  const deliver = (text: string) => {
    received.push(text);
    const index = waiters.findIndex((w) => w.predicate(text));
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(text);
  };

  stream.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (buffered.length < 2) return;
      const fin = (buffered[0]! & 0x80) !== 0;
      const opcode = buffered[0]! & 0x0f;
      const masked = (buffered[1]! & 0x80) !== 0;
      let length = buffered[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (buffered.length < offset + length) return;
      const payload = Buffer.from(buffered.subarray(offset, offset + length));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= buffered[maskOffset + (i % 4)]!;
      buffered = buffered.subarray(offset + length);
      if (opcode === 0x9) stream.write(frame(0xa, payload));
      else if (opcode === 0x8) {
        stream.end(frame(0x8, payload.subarray(0, 2)));
        return;
      } else if (opcode === 0x1 || opcode === 0x0) {
        fragments.push(payload);
        if (fin) {
          deliver(Buffer.concat(fragments).toString('utf8'));
          fragments = [];
        }
      }
    }
  });
  stream.on('error', () => {});

  return {
    received,
    send: (text) => {
      stream.write(frame(0x1, Buffer.from(text, 'utf8')));
    },
    next(predicate = () => true, timeoutMs = 5000) {
      const already = received.find(predicate);
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching WebSocket message')), timeoutMs);
        waiters.push({
          predicate,
          resolve: (text) => {
            clearTimeout(timer);
            resolve(text);
          },
        });
      });
    },
    close: () => {
      stream.end(frame(0x8, Buffer.from([0x03, 0xe8])));
    },
  };
}

export async function startWebSocketServer(): Promise<TestWebSocketServer> {
  const pending: TestSocket[] = [];
  const waiting: ((socket: TestSocket) => void)[] = [];
  const streams = new Set<Duplex>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(426).end();
  });
  server.on('upgrade', (req, stream) => {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      stream.destroy();
      return;
    }
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    stream.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    streams.add(stream);
    stream.on('close', () => streams.delete(stream));
    const socket = socketOf(stream);
    const waiter = waiting.shift();
    if (waiter) waiter(socket);
    else pending.push(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    connection: () => {
      const ready = pending.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.destroy();
        server.close(() => resolve());
      }),
  };
}
