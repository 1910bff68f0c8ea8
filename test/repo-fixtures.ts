// The PyPI releases the repository-synthesis tests run on: imported (and the last one's environment
// built) once per state dir; `skip` says why a test cannot run here (no sandbox, or PyPI unreachable
// with nothing cached), as the tests' own skip message.
import { buildEnv } from '../src/repo/env.js';
import { importSnapshot } from '../src/repo/snapshot.js';
import { probeHost } from '../src/sandbox/host.js';
import { TEST_STATE } from './helpers.js';

export async function pypiSnapshots(sources: string[]): Promise<{ dirs: string[]; skip: string }> {
  if (!probeHost().bwrapWorks) return { dirs: [], skip: `no sandbox on this host: ${probeHost().bwrapError}` };
  try {
    const snaps = sources.map((s) => importSnapshot(s, { stateDir: TEST_STATE }));
    await buildEnv(snaps[snaps.length - 1].id, { stateDir: TEST_STATE });
    return { dirs: snaps.map((s) => s.dir), skip: '' };
  } catch (e) {
    const msg = (e as Error).message;
    if (/pip download|Could not|resolve|network|connection|timed out|No matching distribution/i.test(msg)) {
      return { dirs: [], skip: `PyPI is unreachable and ${sources.join(' / ')} ${sources.length > 1 ? 'are' : 'is'} not cached in ${TEST_STATE}: ${msg.split('\n')[0]}` };
    }
    throw e;
  }
}
