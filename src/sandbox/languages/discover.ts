// Host toolchain discovery helpers: find a binary, read its version, find the prefix to bind.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { defaultStateDir } from '../paths.js';

export function which(name: string, extraDirs: string[] = []): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs, '/usr/local/bin', '/usr/bin', '/bin'];
  for (const d of dirs) {
    if (!d) continue;
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch { /* next */ }
  }
  return null;
}

export function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The user's home (where existing toolchain installations live), not the one discovery runs with. */
export const userHome = (): string => process.env.HOME || homedir();

export const existing = (p: string): string | undefined => (existsSync(p) ? p : undefined);

/** The environment discovery commands run with. Toolchains write into HOME when run (rustup its
 * settings.toml, go its telemetry under ~/.config/go): they get a home inside rlcf's state
 * directory, which --state-dir / $RLCF_HOME thereby keep all of rlcf's state in. An existing
 * rustup installation and the user's go env file are still read where they are. */
export function toolEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = join(defaultStateDir(), 'toolchain-home');
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'),
  };
  const goenv = process.env.GOENV ?? existing(join(process.env.XDG_CONFIG_HOME || join(userHome(), '.config'), 'go', 'env'));
  if (goenv) env.GOENV = goenv;
  return { ...env, ...extra };
}

export function output(cmd: string, args: string[], env?: NodeJS.ProcessEnv): string {
  return execFileSync(cmd, args, {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20000, env: env ?? toolEnv(),
  }).toString();
}

/** The directory to bind for a toolchain binary that lives outside /usr (e.g. /usr/local/go). */
export function prefixOf(binary: string, up = 2): string {
  let d = real(binary);
  for (let i = 0; i < up; i++) d = dirname(d);
  return d;
}

/** Drop binds that the base /usr bind already covers. */
export function outsideUsr(paths: string[]): string[] {
  return paths.filter((p) => p !== '/usr' && !p.startsWith('/usr/'));
}

export function memo<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  let error: unknown;
  return () => {
    if (!done) {
      try {
        value = fn();
      } catch (e) {
        error = e;
      }
      done = true;
    }
    if (error) throw error;
    return value;
  };
}
