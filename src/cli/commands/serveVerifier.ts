/**
 * `spechub serve-verifier --method <id>`: serves a built-in verifier over the `spechub-verifier/1` protocol on
 * stdin/stdout (docs/protocol.md), both black box and exact mode, until `bye` or end of input.
 */
import { serveVerifierProtocol } from '../../conform/serveVerifierProtocol.ts';
import { stdioLineIo } from '../../conform/stdioLineIo.ts';
import { getMethod } from '../../methods.ts';
import { type Command, requireString } from '../command.ts';

export const serveVerifierCommand: Command = {
  name: 'serve-verifier',
  summary: 'serve a built-in verifier over the spechub-verifier/1 protocol (stdin/stdout)',
  usage: `spechub serve-verifier --method <id> [--seed s]

  --method  sd | rrs | rrsw | kseq | spechub | greedy | greedy-q | otm | otm-wor | khisti
  --seed    seed of the verifier's own randomness in black-box requests (default 0)
Speaks spechub-verifier/1 on stdin/stdout (docs/protocol.md): hello, verify, draft_and_verify (the method's own
draft scheme), verify_exact (every random choice asked of the caller), bye. Example:
  spechub conform --exec "spechub serve-verifier --method rrs" --draws iid --method rrs --suite quick`,
  options: { method: { type: 'string' }, seed: { type: 'string' } },
  run(values) {
    const method = getMethod(requireString(values, 'method'));
    return serveVerifierProtocol(method, stdioLineIo(), { seed: typeof values.seed === 'string' ? values.seed : 0 });
  },
};
