// Network partitions between cluster nodes on one machine: each node reaches each other node's route
// port through a TCP relay of its own (one relay per ordered pair), so the test can cut a node off
// from its peers while every process stays up and clients still reach it.
//
// A cut relay forwards nothing and holds what arrives (new connections included) until healed, the
// way TCP behaves across a partition that drops packets: the peers see silence, not a closed
// connection, and whatever was sent during a short partition arrives late, after the heal.
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

interface Pipe {
  sockets: [Socket, Socket];
  /** Bytes held while cut, per direction: [to the target, back to the caller]. */
  held: [Buffer[], Buffer[]];
}

export interface RouteLink {
  from: string;
  to: string;
  port: number;
}

export interface RouteLinks {
  /** The relay port node `from` dials to reach node `to`'s route port. */
  port(from: string, to: string): number;
  /** Cuts `name` off from every other node (both directions). */
  cut(name: string): void;
  /** Heals every cut and delivers what was held. */
  heal(): void;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/**
 * One relay per ordered pair of nodes, towards each node's route port.
 * @example const links = await startRouteLinks([{ name: 'n0', routePort: 6222 }, …]); links.cut('n0');
 */
export async function startRouteLinks(nodes: Array<{ name: string; routePort: number }>): Promise<RouteLinks> {
  const servers: Server[] = [];
  const links: Array<RouteLink & { cut: boolean; pipes: Set<Pipe> }> = [];

  const flush = (pipe: Pipe) => {
    const [caller, target] = pipe.sockets;
    for (const chunk of pipe.held[0].splice(0)) target.write(chunk);
    for (const chunk of pipe.held[1].splice(0)) caller.write(chunk);
  };

  for (const from of nodes) {
    for (const to of nodes) {
      if (from === to) continue;
      const link = { from: from.name, to: to.name, port: 0, cut: false, pipes: new Set<Pipe>() };
      const server = createServer((caller) => {
        const target = tcpConnect(to.routePort, '127.0.0.1');
        const pipe: Pipe = { sockets: [caller, target], held: [[], []] };
        link.pipes.add(pipe);
        caller.on('data', (chunk) => (link.cut ? pipe.held[0].push(chunk) : target.write(chunk)));
        target.on('data', (chunk) => (link.cut ? pipe.held[1].push(chunk) : caller.write(chunk)));
        const end = () => {
          link.pipes.delete(pipe);
          caller.destroy();
          target.destroy();
        };
        for (const socket of pipe.sockets) {
          socket.on('error', end);
          socket.on('close', end);
        }
      });
      link.port = await listen(server);
      servers.push(server);
      links.push(link);
    }
  }

  const find = (from: string, to: string) => {
    const link = links.find((l) => l.from === from && l.to === to);
    if (!link) throw new Error(`no route link ${from} -> ${to}`);
    return link;
  };

  return {
    port: (from, to) => find(from, to).port,
    cut(name) {
      for (const link of links) if (link.from === name || link.to === name) link.cut = true;
    },
    heal() {
      for (const link of links) {
        link.cut = false;
        for (const pipe of link.pipes) flush(pipe);
      }
    },
    async close() {
      for (const link of links) for (const pipe of link.pipes) for (const s of pipe.sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}
