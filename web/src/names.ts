// Short display names for models and benchmarks. A run stores what it was asked for, e.g.
//   openai:http://127.0.0.1:8000/v1#Qwen/Qwen2.5-Coder-7B-Instruct   samples:/data/runs/qwen-7b/samples.jsonl
//   humaneval:/home/me/data/HumanEval.jsonl.gz
// The part that tells two runs apart is at the end (the model, the samples file and its folder), the
// endpoint or the dataset's path is the same for every run: pages show the end, the title the whole.

const PATHLIKE = /^(\/|\.{1,2}\/|~\/|[A-Za-z]:\\)/;

/** The last `n` segments of a path. */
function tail(path: string, n: number): string {
  const parts = path.split(/[/\\]+/).filter(Boolean);
  return parts.slice(-n).join('/');
}

/** The short name of a model id: no provider prefix, no endpoint, a path's last segments. */
export function shortModel(id: string): string {
  const m = /^([\w.-]+):(.*)$/s.exec(id);
  if (!m) return id;
  const [, provider, rest] = m;
  // samples files: the folder usually names the model, the file the benchmark
  if (provider === 'samples') return `samples: ${PATHLIKE.test(rest) ? tail(rest, 2) : rest}`;
  // openai:<base_url>#<model>: the endpoint is the same for every run against one server
  const name = rest.includes('#') ? rest.slice(rest.lastIndexOf('#') + 1) : rest;
  return PATHLIKE.test(name) ? tail(name, 1) : name;
}

/** `humaneval:/path/HumanEval.jsonl.gz` → humaneval; plain tasks (`tasks:<file>`, sample and synth
 * runs) → tasks: <file name>; a bare path → its file name; a name as is. */
export function shortBench(b: string): string {
  const m = /^([\w.+-]+):(.+)$/s.exec(b);
  if (m && m[1] === 'tasks') return `tasks: ${tail(m[2], 1)}`;
  if (m && !/^[A-Za-z]$/.test(m[1])) return m[1]; // not a Windows drive letter
  return PATHLIKE.test(b) ? tail(b, 1) : b;
}
