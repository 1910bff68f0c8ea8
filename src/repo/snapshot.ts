// `rlcf repo import <source>`: a repository snapshot is a git repository at a commit, stored under
// <state>/repo/snapshots/<commit> (content-addressed: a package's files are committed with fixed
// author and dates, so the same files give the same commit). Sources: path:<dir> (a git clone, at
// HEAD or a given commit), pypi:<name>==<ver> (the sdist, which ships the tests for many projects),
// gomod:<module>@<ver> (the module proxy's zip, which includes _test.go files), crate:<name>@<ver>,
// maven:<group>:<artifact>:<ver> (the `-sources.jar` from Maven Central: Java source, no tests).
// Registries are reached through their own clients (pip, go, cargo, mvn).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lchownSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SANDBOX_UID } from '../sandbox/host.js';
import { readIndex, recordSource, resolveSnapshot, scratchDir, snapshotsDir } from './store.js';

export interface Snapshot {
  id: string;
  dir: string;
  source: string;
  /** true when it was already there */
  reused: boolean;
}

const FIXED = {
  GIT_AUTHOR_NAME: 'rlcf', GIT_AUTHOR_EMAIL: 'rlcf@localhost', GIT_COMMITTER_NAME: 'rlcf',
  GIT_COMMITTER_EMAIL: 'rlcf@localhost', GIT_AUTHOR_DATE: '2000-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2000-01-01T00:00:00Z',
};

function run(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): string {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw new Error(`${cmd} could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().slice(-2000)}`);
  return r.stdout;
}

const git = (cwd: string, ...args: string[]) => run('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'safe.directory=*', ...args], { cwd, env: FIXED });

/** Commit every file of `dir` (a new git repository) and return the commit */
function commitTree(dir: string, message: string): string {
  git(dir, 'init', '-q', '-b', 'main');
  // every file, ignored ones too: the snapshot is what the package ships
  git(dir, 'add', '-A', '-f');
  git(dir, 'commit', '-q', '--no-gpg-sign', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

/** Move a prepared repository into the store under its commit (or drop it if already there) */
function store(tmp: string, commit: string, source: string, stateDir?: string): Snapshot {
  const dest = join(snapshotsDir(stateDir), commit);
  let reused = true;
  if (!existsSync(dest)) {
    // the sandbox uid owns the files: overlay writes as that uid copy files up only if it may write them
    if (process.getuid?.() === 0) chownTree(tmp, SANDBOX_UID);
    mkdirSync(snapshotsDir(stateDir), { recursive: true });
    try {
      renameSync(tmp, dest);
      reused = false;
    } catch (e) {
      if (!existsSync(dest)) throw e; // else a concurrent import stored the same commit
    }
  }
  rmSync(tmp, { recursive: true, force: true });
  recordSource(source, commit, stateDir);
  return { id: commit, dir: dest, source, reused };
}

function chownTree(dir: string, uid: number): void {
  lchownSync(dir, uid, uid);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chownTree(p, uid);
    else lchownSync(p, uid, uid);
  }
}

function tmpDir(stateDir?: string): string {
  mkdirSync(scratchDir(stateDir), { recursive: true });
  return mkdtempSync(join(scratchDir(stateDir), 'import-'));
}

/** The single top directory of an extracted archive, if it has exactly one */
function single(dir: string): string {
  const es = readdirSync(dir);
  return es.length === 1 && statSync(join(dir, es[0])).isDirectory() ? join(dir, es[0]) : dir;
}

export function parseSource(source: string): { kind: 'path' | 'pypi' | 'gomod' | 'crate' | 'maven'; name: string; version: string; commit?: string } {
  let m: RegExpExecArray | null;
  if ((m = /^path:(.+?)(?:@([0-9a-fA-F]{7,40}|[\w./-]+))?$/.exec(source))) return { kind: 'path', name: m[1], version: '', commit: m[2] };
  if ((m = /^pypi:([A-Za-z0-9._-]+)==([A-Za-z0-9.!+_-]+)$/.exec(source))) return { kind: 'pypi', name: m[1], version: m[2] };
  if ((m = /^gomod:([^@\s]+)@(v[\w.+-]+)$/.exec(source))) return { kind: 'gomod', name: m[1], version: m[2] };
  if ((m = /^crate:([A-Za-z0-9_-]+)@([\w.+-]+)$/.exec(source))) return { kind: 'crate', name: m[1], version: m[2] };
  if ((m = /^maven:([\w.-]+:[\w.-]+):([\w.+-]+)$/.exec(source))) return { kind: 'maven', name: m[1], version: m[2] };
  throw new Error(`unknown source ${JSON.stringify(source)}: expected path:<dir>[@<commit>], pypi:<name>==<version>, gomod:<module>@<version>, crate:<name>@<version> or maven:<group>:<artifact>:<version>`);
}

/** Import a source; with `apply`, a further commit on top with those patches applied (how a
 * task's buggy base is made from a release: deterministic, so its commit is a stable base_commit) */
export function importSnapshot(source: string, opts: { stateDir?: string; apply?: { name: string; patch: string }[] } = {}): Snapshot {
  const base = importSource(source, opts.stateDir);
  if (!opts.apply?.length) return base;
  return applyOnSnapshot(base, opts.apply, opts.stateDir);
}

function applyOnSnapshot(base: Snapshot, patches: { name: string; patch: string }[], stateDir?: string): Snapshot {
  const tmp = tmpDir(stateDir);
  try {
    const work = join(tmp, 'repo');
    // a copy, not a clone: git 2.39's upload-pack refuses a repository owned by another user (the
    // sandbox uid) whatever the command line says
    cpSync(base.dir, work, { recursive: true, verbatimSymlinks: true });
    for (const p of patches) {
      const f = join(tmp, 'p.diff');
      writeFileSync(f, p.patch);
      try {
        git(work, 'apply', f);
      } catch (e) {
        throw new Error(`patch ${p.name} does not apply to ${base.source}: ${(e as Error).message}`);
      }
    }
    git(work, 'add', '-A', '-f');
    git(work, 'commit', '-q', '--no-gpg-sign', '--allow-empty', '-m', `${base.source} + ${patches.map((p) => p.name).join(' + ')}\n`);
    const commit = git(work, 'rev-parse', 'HEAD').trim();
    const source = `${base.source}+${patches.map((p) => createHash('sha256').update(p.patch).digest('hex').slice(0, 12)).join('+')}`;
    return store(work, commit, source, stateDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function importSource(source: string, sd?: string): Snapshot {
  const src = parseSource(source);
  if (src.kind === 'path') return importPath(resolve(src.name), src.commit, source, sd);
  const known = readIndex(sd)[source];
  if (known && existsSync(join(snapshotsDir(sd), known))) return { id: known, dir: join(snapshotsDir(sd), known), source, reused: true };
  const tmp = tmpDir(sd);
  try {
    const work = join(tmp, 'repo');
    if (src.kind === 'pypi') {
      const dl = join(tmp, 'dl');
      mkdirSync(dl);
      // the sdist (not a wheel: sdists carry the tests); only this package from source
      run('python3', ['-m', 'pip', 'download', '-q', '--no-deps', '--no-binary', src.name, '-d', dl, `${src.name}==${src.version}`]);
      const files = readdirSync(dl);
      if (files.length !== 1) throw new Error(`pip download of ${src.name}==${src.version} gave ${files.length} files, expected one sdist`);
      const x = join(tmp, 'x');
      mkdirSync(x);
      const f = join(dl, files[0]);
      if (f.endsWith('.zip')) run('unzip', ['-q', f, '-d', x]);
      else run('tar', ['-xf', f, '-C', x, '--no-same-owner', '--no-same-permissions']);
      renameSync(single(x), work);
    } else if (src.kind === 'gomod') {
      const cache = join(tmp, 'modcache');
      const out = run('go', ['mod', 'download', '-json', `${src.name}@${src.version}`],
        { cwd: tmp, env: { GOMODCACHE: cache, GOFLAGS: '-mod=mod', GO111MODULE: 'on' } });
      const dir = (JSON.parse(out) as { Dir?: string; Error?: string });
      if (!dir.Dir) throw new Error(`go mod download ${src.name}@${src.version}: ${dir.Error ?? 'no directory'}`);
      cpSync(dir.Dir, work, { recursive: true });
      run('chmod', ['-R', 'u+w', work]);
      run('go', ['clean', '-modcache'], { env: { GOMODCACHE: cache } });
    } else if (src.kind === 'maven') {
      // mvn's own resolution (the machine's settings, mirrors and local repository); the plugin
      // version pinned so the command does not depend on what the registry calls latest
      const dl = join(tmp, 'dl');
      const r = spawnSync('mvn', ['-q', '-B', 'org.apache.maven.plugins:maven-dependency-plugin:2.8:copy', `-Dartifact=${src.name}:${src.version}:jar:sources`,
        `-DoutputDirectory=${dl}`], { cwd: tmp, encoding: 'utf8', maxBuffer: 64 << 20 });
      if (r.error) throw new Error(`mvn could not run: ${r.error.message} (maven: sources need Maven installed)`);
      if (r.status !== 0) {
        // mvn -q writes its [ERROR] lines to stdout, colour codes to stderr
        const why = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '').split('\n').find((l) => l.startsWith('[ERROR]'))?.slice(8) ?? `exit ${r.status}`;
        throw new Error(`${source}: no sources jar (the version must exist on Maven Central and publish a -sources.jar; check group:artifact:version): ${why}`);
      }
      const jars = existsSync(dl) ? readdirSync(dl) : [];
      if (jars.length !== 1) throw new Error(`mvn gave ${jars.length} files for ${src.name}:${src.version} sources, expected one -sources.jar`);
      mkdirSync(work);
      run('unzip', ['-q', join(dl, jars[0]), '-d', work]);
    } else {
      // cargo has no "download one crate": a throwaway project depending on it, then `cargo fetch`
      const proj = join(tmp, 'proj');
      const home = join(tmp, 'cargo-home');
      mkdirSync(join(proj, 'src'), { recursive: true });
      run('sh', ['-c', `printf '[package]\\nname = "rlcf-fetch"\\nversion = "0.0.0"\\nedition = "2021"\\n[dependencies]\\n%s = "=%s"\\n' "$1" "$2" > Cargo.toml && : > src/lib.rs`, 'sh', src.name, src.version], { cwd: proj });
      run('cargo', ['fetch', '-q'], { cwd: proj, env: { CARGO_HOME: home } });
      const reg = join(home, 'registry', 'src');
      const hit = readdirSync(reg).map((d) => join(reg, d, `${src.name}-${src.version}`)).find((d) => existsSync(d));
      if (!hit) throw new Error(`cargo fetch did not unpack ${src.name}-${src.version}`);
      cpSync(hit, work, { recursive: true });
    }
    const commit = commitTree(work, `${source}\n`);
    return store(work, commit, source, sd);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A local git clone at `ref` (default HEAD): a clone of it, checked out there */
export function importPath(dir: string, ref: string | undefined, source: string, stateDir?: string): Snapshot {
  if (!existsSync(join(dir, '.git')) && !existsSync(join(dir, 'HEAD'))) {
    throw new Error(`${dir} is not a git repository (path: sources are git clones; for a plain directory run \`git init && git add -A && git commit\` there first)`);
  }
  const commit = run('git', ['-C', dir, 'rev-parse', '--verify', `${ref ?? 'HEAD'}^{commit}`]).trim();
  const existing = join(snapshotsDir(stateDir), commit);
  if (existsSync(existing)) {
    recordSource(source, commit, stateDir);
    return { id: commit, dir: existing, source, reused: true };
  }
  const tmp = tmpDir(stateDir);
  const work = join(tmp, 'repo');
  run('git', ['clone', '-q', '--no-checkout', dir, work]);
  git(work, 'checkout', '-q', '--detach', commit);
  // a clean base: no remote pointing back at the user's clone
  git(work, 'remote', 'remove', 'origin');
  return store(work, commit, source, stateDir);
}

export { resolveSnapshot };
export const snapshotCommit = (dir: string) => execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
