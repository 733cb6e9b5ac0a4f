// A throwaway coturn on loopback for call tests and the call benchmark (never a system service):
// no config file, TURN REST-API auth with a shared secret, UDP only, a random relay port range,
// loopback peers allowed (coturn denies them by default). Readiness is a real STUN binding round trip.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';

export const TURNSERVER = process.env.CEIBA_TURNSERVER ?? '/usr/bin/turnserver';

export interface TurnServer {
  readonly port: number;
  /** turn:127.0.0.1:<port>?transport=udp */
  readonly url: string;
  readonly sharedSecret: string;
  /** What coturn printed (for diagnostics when a test fails). */
  readonly log: string[];
  close(): Promise<void>;
}

export const turnAvailable = (): boolean => existsSync(TURNSERVER);

export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => { s.bind(0, '127.0.0.1', resolve); });
  const { port } = s.address();
  await new Promise<void>((resolve) => { s.close(() => { resolve(); }); });
  return port;
}

/** A STUN Binding request (RFC 5389); resolves true when a success response with our transaction id arrives. */
export async function stunBinding(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  const s = createSocket('udp4');
  const tid = randomBytes(12);
  const req = Buffer.alloc(20);
  req.writeUInt16BE(0x0001, 0);
  req.writeUInt16BE(0, 2);
  req.writeUInt32BE(0x2112a442, 4);
  tid.copy(req, 8);
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => { resolve(false); }, timeoutMs);
      s.on('message', (msg) => {
        if (msg.length >= 20 && msg.readUInt16BE(0) === 0x0101 && msg.subarray(8, 20).equals(tid)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      s.send(req, port, host);
    });
  } finally {
    s.close();
  }
}

export async function startTurnServer(options: { sharedSecret?: string; realm?: string } = {}): Promise<TurnServer> {
  const sharedSecret = options.sharedSecret ?? randomBytes(16).toString('hex');
  const port = await freeUdpPort();
  // A random 200-port window for relayed allocations, away from the ephemeral ports in use.
  const minPort = 20_000 + Math.floor(Math.random() * 20_000);
  const args = [
    '-n', '--listening-ip', '127.0.0.1', '--relay-ip', '127.0.0.1', '--listening-port', String(port),
    '--use-auth-secret', '--static-auth-secret', sharedSecret, '--realm', options.realm ?? 'ceiba',
    '--no-cli', '--no-tls', '--no-dtls', '--no-tcp', '--no-tcp-relay', '--log-file', 'stdout', '--simple-log', ...(process.env.CEIBA_TURN_VERBOSE === '1' ? ['--verbose'] : []),
    '--min-port', String(minPort), '--max-port', String(minPort + 200),
    '--allow-loopback-peers', '--allowed-peer-ip=127.0.0.1', '--fingerprint', '--no-multicast-peers', '--pidfile', '',
  ];
  const child: ChildProcess = spawn(TURNSERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const keep = (b: Buffer): void => { log.push(...b.toString('utf8').split('\n').filter((l) => l !== '')); if (log.length > 2000) log.splice(0, 1000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => { child.once('exit', () => { resolve(); }); });
  let ready = false;
  for (let i = 0; i < 40 && !ready && child.exitCode === null; i++) ready = await stunBinding(port, '127.0.0.1', 250);
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => { child.kill('SIGKILL'); }, 2_000);
      await exited;
      clearTimeout(t);
    }
  };
  if (!ready) {
    await close();
    throw new Error(`coturn did not answer STUN on 127.0.0.1:${port}: ${log.slice(-5).join(' | ')}`);
  }
  return { port, url: `turn:127.0.0.1:${port}?transport=udp`, sharedSecret, log, close };
}
