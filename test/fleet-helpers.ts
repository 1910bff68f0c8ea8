// The fleet tests' real processes (src/bench/fleet-procs.ts), on the tests' shared state directory.
import { REDIS_SERVER, RedisProc, WorkerProc as Base, freePort, until } from '../src/bench/fleet-procs.js';
import { TEST_STATE } from './helpers.js';

export { REDIS_SERVER, RedisProc, freePort, until };
export const SKIP_REASON = 'redis-server is not installed (apt-get install redis-server, or npm run setup): fleet tests skipped';

export class WorkerProc extends Base {
  static override async start(url: string, name: string, args: string[] = [], stateDir = TEST_STATE): Promise<Base> {
    return Base.start(url, name, args, stateDir);
  }
}
