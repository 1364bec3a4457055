/**
 * Micro benchmark: n sequential HTTP/1.0-style exchanges between two hosts
 * (handshake, request, response, close from the server, close from the
 * client), each side a program in virtual time as httpd and curl will be.
 * The caller times it (`npm run bench` prints exchanges per wall second).
 */
import { waitFor, type Program } from '../../os/task';
import { tcpListen, tcpOpen } from './socket';
import { SERVER_IP, spawn, twoHosts } from './testbed';
import { encodeUtf8 } from '../../wire/text';

export interface TcpBenchResult {
  exchanges: number;
  /** Frames put on the wire. */
  frames: number;
  /** Simulator events executed. */
  events: number;
  /** Virtual time the exchanges took (µs). */
  virtualUs: number;
  /** Exchanges whose response did not arrive intact. */
  failures: number;
}

const REQUEST = 'GET / HTTP/1.0\r\nUser-Agent: curl/7.29.0\r\nHost: 192.168.150.12\r\nAccept: */*\r\n\r\n';
const BODY = '<h1>node02</h1>\n';
const RESPONSE =
  'HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\nServer: Apache/2.4.6 (CentOS)\r\nLast-Modified: Thu, 01 Jan 1970 00:00:00 GMT\r\n' +
  `Content-Length: ${BODY.length}\r\nConnection: close\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n${BODY}`;

/** Programs write bytes; encoding the text is not what is being measured. */
const REQUEST_BYTES = encodeUtf8(REQUEST);
const RESPONSE_BYTES = encodeUtf8(RESPONSE);

export function benchTcpExchanges(n: number): TcpBenchResult {
  const { world, client, server } = twoHosts();
  world.trace.keepPackets = false;
  world.trace.keepStates = false;
  world.stormLimit = Number.MAX_SAFE_INTEGER;
  const listener = tcpListen(server, 80, { owner: { pid: 1240, comm: 'httpd', fd: 4 } });
  if (typeof listener === 'string') throw new Error(`listen: ${listener}`);
  let failures = 0;
  let completed = 0;
  // Flat loops (no yield* into the socket helpers): the benchmark should time TCP, not generator delegation.
  const serverProg = function* (): Program {
    for (;;) {
      let c = listener.tryAccept();
      while (!c) {
        yield waitFor(listener.readable);
        c = listener.tryAccept();
      }
      let req = c.read();
      while (req !== null && req.length === 0) {
        yield waitFor(c.readable);
        req = c.read();
      }
      if (req) c.send(RESPONSE_BYTES);
      c.close();
    }
  };
  const clientProg = function* (): Program {
    for (let i = 0; i < n; i++) {
      const s = tcpOpen(client, SERVER_IP, 80, { owner: { pid: 2000, comm: 'curl' } });
      if (typeof s === 'string') {
        failures++;
        continue;
      }
      while (s.state === 'SYN-SENT') yield waitFor(s.readable);
      if (s.state !== 'ESTABLISHED') {
        failures++;
        s.close();
        continue;
      }
      s.send(REQUEST_BYTES);
      let got = 0;
      for (;;) {
        const d = s.read();
        if (d === null) break;
        if (d.length === 0) yield waitFor(s.readable);
        got += d.length;
      }
      if (got !== RESPONSE.length) failures++;
      s.close();
      completed++;
    }
    return 0;
  };
  const start = world.sim.executed;
  spawn(world, serverProg());
  const c = spawn(world, clientProg());
  while (!c.done() && world.sim.step());
  let frames = 0;
  for (const node of [client, server]) for (const nic of node.nics.values()) frames += nic.txPackets;
  return { exchanges: completed, frames, events: world.sim.executed - start, virtualUs: world.now, failures };
}
