// The reports of in-process harnesses, checked here, outside the program's reach.
//   Python (src/sandbox/agent/rlcf_harness.py): lines "<marker> <mac> <payload>", the MAC an
//   HMAC-SHA256 of the payload under a per-execution key that never reaches the program, so that a
//   program that prints report-like lines, or reads the judge's own lines (by redirecting its
//   stdout), cannot produce one it was not given.
//   Other languages (completion proofs, src/judge/proof.ts): the secret itself, printed once the
//   tests have run to their end.
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A fresh per-execution secret (hex). */
export function executionKey(): string {
  return randomBytes(16).toString('hex');
}

/** The marker that starts a report line: derived from the key, says nothing of it. */
export function reportMarker(key: string): string {
  return `@rlcf-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

export interface Reports {
  /** payloads of the lines whose MAC checked out, in order */
  payloads: string[];
  /** a line carried the marker but not a valid MAC: something other than the judge wrote it */
  forged: number;
  /** stdout without the report lines (what the program printed) */
  rest: string;
}

export function readReports(stdout: string, key: string): Reports {
  const marker = `${reportMarker(key)} `;
  const payloads: string[] = [];
  let forged = 0;
  const rest: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(marker)) {
      rest.push(line);
      continue;
    }
    const body = line.slice(marker.length);
    const sp = body.indexOf(' ');
    const mac = sp < 0 ? '' : body.slice(0, sp);
    const payload = sp < 0 ? '' : body.slice(sp + 1);
    const want = createHmac('sha256', key).update(payload, 'utf8').digest('hex').slice(0, 32);
    if (mac.length === 32 && mac === want) payloads.push(payload);
    else forged++;
  }
  // the harness writes "\n" before each report line: drop the empty line that leaves
  return { payloads, forged, rest: rest.join('\n').replace(/\n+$/, '\n').replace(/^\n$/, '') };
}

/** Undo the harness's one-line escaping of an exception name or message (\\, \n, \t). */
export function unescapeField(s: string): string {
  return s.replace(/\\(\\|n|t)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}
