// Content-addressed, size-bounded store of build outputs: one compile per (language, toolchain
// version, file name, source, flags, mode). Failed compiles are cached too (same source, same
// error). Entries are written by this process only; run sandboxes see the store read-only.
//
// A run task must reach its own artifact and nothing else of the store: the directory cannot be
// listed (mode 0711), and an entry's name is an HMAC of its key under a secret kept outside the
// store, so that another submission's entry cannot be found, even from its source. Entries in use
// by a run are pinned: compiling other programs never evicts a binary that a queued run will start.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync,
  utimesSync, writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

export interface CacheEntry {
  key: string;
  ok: boolean;
  message: string;
  ms: number;
  bytes: number;
}

export function compileKey(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);
}

export class CompileCache {
  private bytes = 0;
  /** by entry name (the HMAC of the key) */
  private sizes = new Map<string, { bytes: number; used: number }>();
  private pins = new Map<string, number>();
  private readonly secret: Buffer;
  hits = 0;
  misses = 0;

  constructor(readonly dir: string, readonly maxBytes: number) {
    mkdirSync(dir, { recursive: true, mode: 0o711 });
    chmodSync(dir, 0o711);
    // the secret lives beside the store, never inside what sandboxes see; a store without one holds
    // entries named by their plain keys (an earlier layout): those are dropped
    const secretFile = join(dirname(dir), `${dir.split('/').pop()}.secret`);
    let secret: Buffer | null = null;
    try {
      secret = readFileSync(secretFile);
    } catch { /* first use */ }
    if (!secret || secret.length < 32) {
      for (const k of readdirSync(dir)) rmSync(join(dir, k), { recursive: true, force: true });
      const fresh = randomBytes(32);
      try {
        writeFileSync(secretFile, fresh, { mode: 0o600, flag: secret ? 'w' : 'wx' });
        secret = fresh;
      } catch {
        secret = readFileSync(secretFile); // another process made it first
      }
    }
    this.secret = secret;
    for (const k of readdirSync(dir)) {
      if (k.startsWith('.')) {
        rmSync(join(dir, k), { recursive: true, force: true }); // a crash mid-write
        continue;
      }
      try {
        const meta = JSON.parse(readFileSync(join(dir, k, 'meta.json'), 'utf8')) as CacheEntry;
        this.sizes.set(k, { bytes: meta.bytes, used: statSync(join(dir, k, 'meta.json')).mtimeMs });
        this.bytes += meta.bytes;
      } catch {
        rmSync(join(dir, k), { recursive: true, force: true });
      }
    }
  }

  /** The entry's directory name under the store: unguessable without the secret. */
  nameOf(key: string): string {
    return createHmac('sha256', this.secret).update(key).digest('hex').slice(0, 40);
  }

  has(key: string): boolean {
    return this.sizes.has(this.nameOf(key));
  }

  /** Keep the entry through eviction until as many unpin() calls (a run that will start its binary). */
  pin(key: string): void {
    const n = this.nameOf(key);
    this.pins.set(n, (this.pins.get(n) ?? 0) + 1);
  }

  unpin(key: string): void {
    const n = this.nameOf(key);
    const c = (this.pins.get(n) ?? 0) - 1;
    if (c > 0) this.pins.set(n, c);
    else this.pins.delete(n);
    if (c <= 0 && this.bytes > this.maxBytes) this.evict(null);
  }

  get(key: string): CacheEntry | null {
    const name = this.nameOf(key);
    const s = this.sizes.get(name);
    if (!s) return null;
    try {
      const meta = JSON.parse(readFileSync(join(this.dir, name, 'meta.json'), 'utf8')) as CacheEntry;
      const now = Date.now();
      if (now - s.used > 60_000) {
        s.used = now;
        try {
          utimesSync(join(this.dir, name, 'meta.json'), now / 1000, now / 1000);
        } catch { /* best effort LRU */ }
      }
      this.hits++;
      return meta;
    } catch {
      this.sizes.delete(name);
      return null;
    }
  }

  /** Copy the named build outputs out of a build directory the compiler (untrusted input, in the
   * sandbox) wrote. Only regular files are taken; symlinks and anything else are refused, so a
   * build cannot make this process read or write outside its directory. */
  put(key: string, buildDir: string, artifacts: string[], ok: boolean, message: string, ms: number,
    persist = true): CacheEntry {
    this.misses++;
    if (!ok && !persist) return { key, ok, message, ms, bytes: 0 };
    const name = this.nameOf(key);
    const tmp = join(this.dir, `.${name}-${process.pid}-${Date.now()}`);
    mkdirSync(tmp, { mode: 0o755 });
    let bytes = 0;
    let okOut = ok;
    let msg = message;
    if (ok) {
      try {
        for (const name of expand(buildDir, artifacts)) {
          const src = join(buildDir, name);
          const st = lstatSync(src);
          if (!st.isFile()) throw new Error(`build output ${name} is not a regular file`);
          copyFileSync(src, join(tmp, name));
          bytes += st.size;
        }
      } catch (e) {
        okOut = false;
        msg = `${message}\nrlcf: missing build output: ${(e as Error).message}`.trim();
      }
    }
    const entry: CacheEntry = { key, ok: okOut, message: msg, ms, bytes: bytes + msg.length + 200 };
    writeFileSync(join(tmp, 'meta.json'), JSON.stringify(entry));
    const dest = join(this.dir, name);
    if (existsSync(dest)) {
      rmSync(tmp, { recursive: true, force: true });
      return entry;
    }
    renameSync(tmp, dest);
    this.sizes.set(name, { bytes: entry.bytes, used: Date.now() });
    this.bytes += entry.bytes;
    this.evict(name);
    return entry;
  }

  /** Least recently used first, never a pinned entry (nor `keep`, just written). */
  private evict(keep: string | null): void {
    if (this.bytes <= this.maxBytes) return;
    const order = [...this.sizes.entries()].sort((a, b) => a[1].used - b[1].used);
    for (const [k, s] of order) {
      if (this.bytes <= this.maxBytes * 0.9) break;
      if (k === keep || this.pins.has(k)) continue;
      rmSync(join(this.dir, k), { recursive: true, force: true });
      this.sizes.delete(k);
      this.bytes -= s.bytes;
    }
  }

  get totalBytes(): number {
    return this.bytes;
  }
}

function expand(dir: string, artifacts: string[]): string[] {
  const out: string[] = [];
  for (const a of artifacts) {
    if (a.startsWith('*.')) {
      const ext = a.slice(1);
      const found = readdirSync(dir).filter((n) => n.endsWith(ext));
      if (!found.length) throw new Error(`no ${a} files`);
      out.push(...found);
    } else {
      out.push(a);
    }
  }
  return out;
}
