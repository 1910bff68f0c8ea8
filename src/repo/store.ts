// Where repository tasks keep things under the state directory: snapshots (a git repository at a
// commit, content-addressed by that commit), environments (per snapshot and install spec), and the
// index from import sources to snapshots.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultStateDir } from '../sandbox/paths.js';

export function repoRoot(stateDir = defaultStateDir()): string {
  return join(stateDir, 'repo');
}
export const snapshotsDir = (stateDir?: string) => join(repoRoot(stateDir), 'snapshots');
export const envsDir = (stateDir?: string) => join(repoRoot(stateDir), 'envs');
export const scratchDir = (stateDir?: string) => join(repoRoot(stateDir), 'scratch');

function indexFile(stateDir?: string) {
  return join(repoRoot(stateDir), 'sources.json');
}

export function readIndex(stateDir?: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(indexFile(stateDir), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/** Record source → snapshot (write to a temporary file and rename: readers never see half a file) */
export function recordSource(source: string, snapshot: string, stateDir?: string): void {
  const idx = readIndex(stateDir);
  idx[source] = snapshot;
  mkdirSync(repoRoot(stateDir), { recursive: true });
  const tmp = `${indexFile(stateDir)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(idx, null, 1));
  renameSync(tmp, indexFile(stateDir));
}

/** A snapshot by id, id prefix (≥ 7 hex digits) or import source; its directory */
export function resolveSnapshot(ref: string, stateDir?: string): { id: string; dir: string } {
  const idx = readIndex(stateDir);
  let id = idx[ref] ?? ref;
  if (/^[0-9a-f]{7,40}$/.test(id) && !existsSync(join(snapshotsDir(stateDir), id))) {
    const hits = existsSync(snapshotsDir(stateDir)) ? readdirSync(snapshotsDir(stateDir)).filter((d) => d.startsWith(id)) : [];
    if (hits.length === 1) id = hits[0];
    else if (hits.length > 1) throw new Error(`snapshot prefix ${ref} is ambiguous (${hits.length} snapshots); give more digits`);
  }
  const dir = join(snapshotsDir(stateDir), id);
  if (!/^[0-9a-f]{40}$/.test(id) || !existsSync(dir)) {
    throw new Error(`no snapshot ${JSON.stringify(ref)}: import it first (rlcf repo import ${ref.includes(':') ? ref : 'path:<dir>'})`);
  }
  return { id, dir };
}

/** Remove what killed runs and imports left in the scratch directory (older than any run may last:
 * the wall limit is 30 minutes by default), so it does not grow. */
export function sweepScratch(stateDir?: string, olderThanMs = 3 * 3600_000): void {
  const dir = scratchDir(stateDir);
  if (!existsSync(dir)) return;
  const cutoff = Date.now() - olderThanMs;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    try {
      if (statSync(p).mtimeMs < cutoff) rmSync(p, { recursive: true, force: true });
    } catch { /* raced with its owner */ }
  }
}
