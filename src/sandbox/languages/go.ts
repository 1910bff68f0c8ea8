import type { LanguageDescriptor } from './types.js';
import { BASE_ENV, ToolchainMissing } from './types.js';
import { memo, output, outsideUsr, prefixOf, which } from './discover.js';

const HINT = 'Install Go (https://go.dev/dl, or Debian: apt-get install golang).';

const discover = memo(() => {
  const go = which('go', ['/usr/local/go/bin']);
  if (!go) throw new ToolchainMissing('go', 'go not found on PATH', HINT);
  const goroot = output(go, ['env', 'GOROOT']).trim() || prefixOf(go);
  const version = output(`${goroot}/bin/go`, ['version']).trim();
  return { version, binds: outsideUsr([goroot]), paths: { go: `${goroot}/bin/go`, goroot } };
});

// Programs are built into a static binary (CGO off) at compile time; test files (`_test.go`,
// MultiPL-E) are built with `go test -c` so that running them needs no Go toolchain and no
// `go test` parent process to outlive a timeout.

/** A test binary proves completion through a TestMain of the test's package (another file of it):
 * the secret is printed once m.Run() has returned 0. An os.Exit anywhere else (a package init(), a
 * test) never gets there; a program that defines TestMain itself does not compile. */
const PROOF_FILE = 'rlcf_proof_test.go';
function proofTestMain(source: string): string {
  const pkg = /^\s*package\s+([A-Za-z_]\w*)/m.exec(source)?.[1] ?? 'main';
  return `package ${pkg}

import (
\t"os"
\t"testing"
)

func TestMain(m *testing.M) {
\tcode := m.Run()
\tif code == 0 {
\t\tf := os.NewFile(3, "rlcf-proof")
\t\tsecret := make([]byte, 256)
\t\tn, _ := f.Read(secret)
\t\tf.Close()
\t\tif n > 0 {
\t\t\tos.Stdout.Write(append(append([]byte("\\n"), secret[:n]...), '\\n'))
\t\t}
\t}
\tos.Exit(code)
}
`;
}
export const GO_LDFLAGS = '-ldflags=-s -w';

export const go: LanguageDescriptor = {
  id: 'go',
  // go_test (SandboxFusion) and go_test.go (MultiPL-E samples) name Go test files
  aliases: ['golang', 'go_test', 'go_test.go'],
  displayName: 'Go',
  fenceTags: ['go'],
  extensions: ['.go'],
  compiled: true,
  hello: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar a, b int\n\tfmt.Scan(&a, &b)\n\tfmt.Println(a+b, "go")\n}\n',
  hint: HINT,
  discover,
  fileName: (sub) => (sub.mode === 'test' ? 'main_test.go' : 'main.go'),
  compile: (tc, file, sub) => ({
    // -ldflags=-s -w: no symbol table or DWARF to write (~1/3 of a small program's build; panics
    // still name their functions, from the runtime's own tables)
    argv: sub.mode === 'test'
      ? [tc.paths.go, 'test', '-c', '-o', 'main.test', GO_LDFLAGS, ...(sub.flags ?? []), file, ...(sub.proof ? [PROOF_FILE] : [])]
      : [tc.paths.go, 'build', '-o', 'main', GO_LDFLAGS, ...(sub.flags ?? []), file],
    ...(sub.proof && sub.mode === 'test' ? { files: { [PROOF_FILE]: proofTestMain(sub.source) } } : {}),
    env: {
      ...BASE_ENV, GOROOT: tc.paths.goroot, GOCACHE: '/gocache', GOPATH: '/tmp/gopath',
      GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOPROXY: 'off', GOFLAGS: '-buildvcs=false', GO111MODULE: 'auto',
      GOTELEMETRY: 'off',
    },
    artifacts: [sub.mode === 'test' ? 'main.test' : 'main'],
  }),
  run: (_tc, ctx) => ({
    kind: 'exec',
    argv: ctx.sub.mode === 'test'
      ? [`${ctx.artifactDir}/main.test`, ...(ctx.sub.args ?? [])]
      : [`${ctx.artifactDir}/main`, ...(ctx.sub.args ?? [])],
    env: { ...BASE_ENV, GOMAXPROCS: '2' },
  }),
  rlimitAs: false,
  memoryErrors: [/fatal error: runtime: out of memory/, /runtime: cannot allocate memory/],
  proof: { available: (sub) => sub.mode === 'test' },
  testFailure: /FAIL/,
};
