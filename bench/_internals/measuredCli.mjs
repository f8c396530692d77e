// Runs the spechub CLI like bin/spechub.js and prints, on the last stderr line, a JSON object with the time spent
// inside the command (after module loading) and the process's peak resident memory (benchmarks only).
import { register } from 'tsx/esm/api';

const started = performance.now();
register();
const { runCli } = await import('../../src/cli/main.ts');
const loaded = performance.now();
const cpuLoaded = process.cpuUsage();
let out = 0;
const code = await runCli(process.argv.slice(2), { stdout: (t) => void (out += t.length), stderr: (t) => void process.stderr.write(t) });
const done = performance.now();
const cpu = process.cpuUsage();
process.stderr.write(`\n${JSON.stringify({ code, loadSeconds: (loaded - started) / 1000, commandSeconds: (done - loaded) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, commandCpuSeconds: (cpu.user + cpu.system - cpuLoaded.user - cpuLoaded.system) / 1e6, maxRssBytes: process.resourceUsage().maxRSS * 1024, stdoutChars: out })}\n`);
process.exitCode = code;
