/**
 * Node only. Starts a verifier program (`sh -c "<command line>"`, in its own process group), greets it with
 * `hello` and returns a {@link VerifierEndpoint} speaking `spechub-verifier/1` (docs/protocol.md) over its stdin
 * and stdout; the program's stderr passes through to ours (or is only collected).
 *
 * Never hangs: every awaited reply has a timeout (default 60 s per reply, reset by each message of an exact
 * run); a crash, a garbage line, a wrong id or a timeout ends the session with a {@link ProtocolError} naming the
 * request, and the program's whole process group is killed. `close()` sends `bye`, waits up to 3 s for the
 * program to exit, then kills it; programs still running when this process exits are killed too.
 *
 * Black-box requests may be pipelined (the harness keeps two in flight); replies must come in request order.
 *
 * @example
 * ```ts
 * const verifier = await startVerifierProcess('python3 examples/verifiers/rrs.py');
 * const reply = await verifier.verify({ p, q, k: 2, drafts: [[0, 1], [2, 2]], label: { caseName: 'E4', k: 2 } });
 * await verifier.close();
 * ```
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Rational } from '../core/rational.ts';
import {
  type ChoiceAnswerer, DeclinedError, type DraftAndVerifyReply, type DraftAndVerifyRequest, describeRequest, type ExactRequest,
  type ExactRunEnd, ProtocolError, type RequestLabel, type VerifierEndpoint, type VerifyReply, type VerifyRequest,
} from './verifierEndpoint.ts';
import {
  decodeDraftAndVerifyReply, decodeExactMessage, decodeHello, decodeVerifyReply, encodeBye, encodeChoiceAnswer, encodeDraftAndVerify,
  encodeExactVector, encodeFloatVector, encodeHello, encodeVerify, encodeVerifyExact, parseMessage,
} from './verifierProtocol.ts';

export interface VerifierProcessOptions {
  /** Seconds to wait for each reply (default 60). */
  timeoutSeconds?: number;
  /** Seconds to wait for the reply to `hello` (default: timeoutSeconds). */
  startTimeoutSeconds?: number;
  /** The program's stderr: passed through to this process's stderr (default) or only collected for messages. */
  stderr?: 'inherit' | 'collect';
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** A running verifier program. */
export interface VerifierProcess extends VerifierEndpoint {
  readonly pid: number;
  readonly command: string;
}

const MAX_LINE = 256 * 1024 * 1024;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) killGroup(child);
  });
}

interface Waiter {
  id: number | null;
  where: string;
  /** Handles one message; true when the request is complete. */
  onMessage(message: Record<string, unknown>): boolean;
  reject(error: Error): void;
}

class ProcessVerifier implements VerifierProcess {
  readonly command: string;
  readonly pid: number;
  name = '';
  private readonly child: ChildProcess;
  private readonly timeoutMs: number;
  private readonly waiters: Waiter[] = [];
  private buffer = '';
  private timer: ReturnType<typeof setTimeout> | null = null;
  private currentTimeoutMs: number;
  private nextId = 1;
  private broken: ProtocolError | null = null;
  private closing: Promise<void> | null = null;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private exitListeners: Array<() => void> = [];
  private stderrTail = '';
  private lastWhere = 'before the first request';
  private readonly floatCache = new WeakMap<object, string>();
  private readonly exactCache = new WeakMap<object, string>();

  constructor(command: string, options: VerifierProcessOptions) {
    this.command = command;
    this.timeoutMs = (options.timeoutSeconds ?? 60) * 1000;
    this.currentTimeoutMs = (options.startTimeoutSeconds ?? options.timeoutSeconds ?? 60) * 1000;
    installExitHook();
    this.child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'], detached: true, cwd: options.cwd, env: options.env ?? process.env });
    live.add(this.child);
    this.pid = this.child.pid ?? -1;
    const passThrough = (options.stderr ?? 'inherit') === 'inherit';
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (chunk: string) => {
      if (passThrough) process.stderr.write(chunk);
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => this.onData(chunk));
    this.child.stdin!.on('error', () => {
      // EPIPE when the program died; its exit is reported by the 'close' handler.
    });
    this.child.on('error', (e) => this.fail(new ProtocolError(`cannot start '${command}': ${e.message}`)));
    this.child.on('close', (code, signal) => {
      this.exited = { code, signal };
      live.delete(this.child);
      this.clearTimer();
      for (const f of this.exitListeners.splice(0)) f();
      if (this.closing === null) {
        const head = this.waiters[0];
        const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}${code === 127 ? ' (command not found?)' : ''}`;
        const when = head !== undefined ? `while spechub waited for the reply to ${head.where}` : `(last request: ${this.lastWhere})`;
        this.fail(new ProtocolError(`the program ${how} ${when}${this.stderrHint()}`));
      }
    });
  }

  private stderrHint(): string {
    const tail = this.stderrTail.trim();
    if (tail === '') return '';
    const lastLines = tail.split('\n').slice(-3).join(' | ');
    return `; its stderr ended with: ${lastLines.length > 300 ? '…' + lastLines.slice(-300) : lastLines}`;
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private armTimer(): void {
    this.clearTimer();
    const head = this.waiters[0];
    if (head === undefined || this.broken !== null) return;
    const ms = this.currentTimeoutMs;
    this.timer = setTimeout(() => {
      this.fail(new ProtocolError(`${head.where}: no reply within ${ms / 1000} s (timeout)${this.stderrHint()}`));
    }, ms);
  }

  private fail(error: ProtocolError): void {
    if (this.broken !== null) return;
    this.broken = error;
    this.clearTimer();
    for (const w of this.waiters.splice(0)) w.reject(error);
    if (this.exited === null) killGroup(this.child);
  }

  private onData(chunk: string): void {
    if (this.broken !== null) return;
    this.buffer += chunk;
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      let line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.trim() !== '') this.onLine(line);
      if (this.broken !== null) return;
      newline = this.buffer.indexOf('\n');
    }
    if (this.buffer.length > MAX_LINE) {
      const head = this.waiters[0];
      this.fail(new ProtocolError(`${head?.where ?? 'output'}: a reply line longer than ${MAX_LINE} bytes without a newline`));
    }
  }

  private onLine(line: string): void {
    const head = this.waiters[0];
    if (head === undefined) {
      this.fail(new ProtocolError(`unexpected output while no request was pending (last request: ${this.lastWhere}): ${JSON.stringify(line.slice(0, 200))}`));
      return;
    }
    try {
      const message = parseMessage(line, head.where);
      if (head.onMessage(message)) {
        this.waiters.shift();
        this.currentTimeoutMs = this.timeoutMs;
      }
      this.armTimer();
    } catch (e) {
      if (e instanceof DeclinedError) {
        this.waiters.shift();
        head.reject(e);
        this.armTimer();
        return;
      }
      this.fail(e instanceof ProtocolError ? e : new ProtocolError(`${head.where}: ${(e as Error).message}`));
    }
  }

  private send(line: string, waiter: Waiter): void {
    if (this.broken !== null) throw this.broken;
    if (this.closing !== null) throw new ProtocolError(`${waiter.where}: the session is closed`);
    this.lastWhere = waiter.where;
    this.waiters.push(waiter);
    if (this.waiters.length === 1) this.armTimer();
    this.child.stdin!.write(line + '\n');
  }

  private floatJson(v: ArrayLike<number>): string {
    const key = v as unknown as object;
    let s = this.floatCache.get(key);
    if (s === undefined) this.floatCache.set(key, (s = encodeFloatVector(v)));
    return s;
  }

  private exactJson(v: readonly Rational[]): string {
    let s = this.exactCache.get(v);
    if (s === undefined) this.exactCache.set(v, (s = encodeExactVector(v)));
    return s;
  }

  hello(): Promise<string> {
    return new Promise((resolve, reject) => {
      try {
        this.send(encodeHello(), {
          id: null,
          where: describeRequest(null, 'hello'),
          onMessage: (m) => {
            this.name = decodeHello(m);
            resolve(this.name);
            return true;
          },
          reject,
        });
      } catch (e) {
        reject(e);
      }
    });
  }

  private request<R>(op: string, label: RequestLabel, encode: (id: number) => string, onMessage: (m: Record<string, unknown>, id: number, where: string, resolve: (r: R) => void) => boolean): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const id = this.nextId++;
      const where = describeRequest(id, op, label);
      try {
        this.send(encode(id), { id, where, onMessage: (m) => onMessage(m, id, where, resolve), reject });
      } catch (e) {
        reject(e);
      }
    });
  }

  verify(request: VerifyRequest): Promise<VerifyReply> {
    const n = request.p.length;
    return this.request<VerifyReply>(
      'verify',
      request.label,
      (id) => encodeVerify(id, this.floatJson(request.p), this.floatJson(request.q), request.k, request.drafts),
      (m, id, where, resolve) => {
        resolve({ id, ...decodeVerifyReply(m, { id, n, where, drafts: request.drafts }) });
        return true;
      },
    );
  }

  draftAndVerify(request: DraftAndVerifyRequest): Promise<DraftAndVerifyReply> {
    const n = request.p.length;
    return this.request<DraftAndVerifyReply>(
      'draft_and_verify',
      request.label,
      (id) => encodeDraftAndVerify(id, this.floatJson(request.p), this.floatJson(request.q), request.k, request.count),
      (m, id, where, resolve) => {
        resolve({ id, ...decodeDraftAndVerifyReply(m, { id, n, where, k: request.k, count: request.count }) });
        return true;
      },
    );
  }

  verifyExact(request: ExactRequest, choose: ChoiceAnswerer): Promise<ExactRunEnd> {
    const n = request.p.length;
    return this.request<ExactRunEnd>(
      'verify_exact',
      request.label,
      (id) => encodeVerifyExact(id, this.exactJson(request.p), this.exactJson(request.q), request.k, request.drafts),
      (m, id, where, resolve) => {
        const message = decodeExactMessage(m, { id, n, where, drafts: request.drafts });
        if (message.kind === 'end') {
          resolve({ id, token: message.token, accepted: message.accepted });
          return true;
        }
        let answer: boolean | number;
        try {
          answer = choose(message.request);
        } catch (e) {
          if (e instanceof ProtocolError) throw new ProtocolError(`${where}: ${e.message}`);
          throw e;
        }
        this.child.stdin!.write(encodeChoiceAnswer(id, answer) + '\n');
        return false;
      },
    );
  }

  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    this.closing = new Promise<void>((resolve) => {
      if (this.exited !== null) {
        resolve();
        return;
      }
      const killer = setTimeout(() => killGroup(this.child), 3000);
      this.exitListeners.push(() => {
        clearTimeout(killer);
        resolve();
      });
      if (this.broken === null) {
        try {
          this.child.stdin!.write(encodeBye() + '\n');
          this.child.stdin!.end();
        } catch {
          killGroup(this.child);
        }
      } else killGroup(this.child);
    });
    return this.closing;
  }
}

export async function startVerifierProcess(command: string, options: VerifierProcessOptions = {}): Promise<VerifierProcess> {
  const verifier = new ProcessVerifier(command, options);
  try {
    await verifier.hello();
  } catch (e) {
    await verifier.close();
    throw e;
  }
  return verifier;
}
