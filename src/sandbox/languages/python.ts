import type { LanguageDescriptor } from './types.js';
import { BASE_ENV, ToolchainMissing } from './types.js';
import { memo, output, which } from './discover.js';

const HINT = 'Install Python 3 (Debian: apt-get install python3) or set RLCF_PYTHON to an interpreter.';

// Python runs in the slot agent's forked child (fork-server): no compile, no exec, no interpreter
// start per task. The agent itself is this interpreter.
const discover = memo(() => {
  const cand = process.env.RLCF_PYTHON || which('python3');
  if (!cand) throw new ToolchainMissing('python', 'python3 not found on PATH', HINT);
  let info: { exe: string; prefix: string; base: string; version: string; path: string[]; bare: string[]; include: string; ext: string | null };
  try {
    // one interpreter start: sys.path without site (-S, as the agent runs), then with what site adds;
    // include/ext: what the agent's C hot path is compiled against (pyfast.ts)
    info = JSON.parse(output(cand, ['-I', '-S', '-c',
      'import sys,json;bare=list(sys.path);import site;site.main();import sysconfig;' +
      'print(json.dumps({"exe":sys.executable,"prefix":sys.prefix,"base":sys.base_prefix,' +
      '"version":sys.version.split()[0],"path":sys.path,"bare":bare,"include":sysconfig.get_paths()["include"],' +
      '"ext":sysconfig.get_config_var("EXT_SUFFIX")}))']));
  } catch (e) {
    throw new ToolchainMissing('python', `${cand} does not run (${(e as Error).message.split('\n')[0]})`, HINT);
  }
  // the agent runs with -S (see site_like in agent/agent.py) and adds what site would have added
  const site = info.path.filter((p) => !info.bare.includes(p));
  return {
    version: `python ${info.version}`,
    binds: [...new Set([info.base, info.prefix])],
    paths: { python: info.exe, home: info.base, site: JSON.stringify(site), include: info.include, extSuffix: info.ext ?? '' },
  };
});

export const python: LanguageDescriptor = {
  id: 'python',
  aliases: ['py', 'python3', 'py3'],
  displayName: 'Python 3',
  fenceTags: ['python', 'python2'],
  extensions: ['.py'],
  compiled: false,
  hello: 'a, b = map(int, input().split())\nprint(a + b, "python")\n',
  hint: HINT,
  discover,
  fileName: () => 'main.py',
  run: (_tc, ctx) => ({ kind: 'python', source: ctx.source, env: { ...BASE_ENV, PYTHONHASHSEED: '0' },
    ...(ctx.sub.harness ? { harness: ctx.sub.harness } : {}) }),
  rlimitAs: true,
  memoryErrors: [/^MemoryError\b/m],
};
