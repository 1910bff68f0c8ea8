// The reward server: every endpoint's shapes and statuses (Fastify inject and real HTTP), the
// verl-shaped and OpenRLHF-shaped loads, malicious code, bad input, auth and limits, streaming.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/engine.js';
import { buildApp, listen } from '../src/server/app.js';
import { makeSandbox } from './helpers.js';

let sb: Sandbox;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  sb = await makeSandbox({ slots: 2 });
  app = await buildApp({ sandbox: sb, defaultMetrics: false });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await sb?.close();
});

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

const ADD_PROMPT = 'def add(a, b):\n    """Return a + b."""\n';
const ADD_TESTS = 'def check(f):\n    assert f(1, 2) == 3\n    assert f(-1, 1) == 0\ncheck(add)\n';

describe('operations', () => {
  it('healthz, readyz, metrics, OpenAPI', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ ok: true });
    const r = await app.inject('/readyz');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ready: true, slots: 2 });
    const spec = (await app.inject('/docs/json')).json();
    for (const p of ['/v1/grade', '/v1/run', '/run_code', '/submit', '/get_reward', '/api/v2/execute', '/execute_batch']) expect(spec.paths[p]).toBeDefined();
    expect((await app.inject('/docs')).statusCode).toBeLessThan(400);
    await post('/v1/run', { language: 'python', source: 'print(1)' });
    const m = (await app.inject('/metrics')).body;
    expect(m).toMatch(/rlcf_executions_total\{kind="run",status="ok",language="python"\} \d+/);
    expect(m).toContain('rlcf_queue_depth');
    expect(m).toContain('rlcf_execution_seconds_bucket');
    expect(m).toContain('rlcf_http_request_seconds_bucket');
  });

  it('refuses to listen on a non-loopback address without a token', async () => {
    await expect(listen(app, '0.0.0.0', 0, false)).rejects.toThrow(/without authentication/);
  });
});

describe('/v1/grade and /v1/run', () => {
  it('grades inline assert, stdio and function tasks and builtin references, with rewards', async () => {
    const r = await post('/v1/grade', {
      items: [
        { id: 'a', completion: '    return a + b\n', task: { language: 'python', prompt: ADD_PROMPT, entry_point: 'add', tests: ADD_TESTS } },
        { id: 'b', completion: '    return a - b\n', task: { language: 'python', prompt: ADD_PROMPT, entry_point: 'add', tests: ADD_TESTS } },
        { id: 'c', completion: '```python\nprint(sum(map(int, input().split())))\n```', task: { language: 'python',
          tests: { kind: 'stdio', cases: [{ stdin: '1 2', stdout: '3' }, { stdin: '2 2', stdout: '4' }, { stdin: '1 1', stdout: '3' }] } } },
        { id: 'd', completion: 'def sq(x):\n    return x * x\n', task: { tests: { kind: 'function', fn_name: 'sq', cases: [{ args: [3], expected: 9 }, { args: [4], expected: 15 }] } } },
        { id: 'e', completion: '```python\nimport sys\nsys.exit(0)\n```', task: { benchmark: 'builtin', id: 'skip-sum' } },
        { id: 'f', completion: 'def f(:\n', task: { tests: { inputs: ['1\n'], outputs: ['1\n'] } } },
      ],
      options: { reward: 'fraction' },
    });
    expect(r.statusCode).toBe(200);
    const { items, summary } = r.json();
    const by = Object.fromEntries(items.map((x: { id: string }) => [x.id, x]));
    expect(by.a).toMatchObject({ passed: true, status: 'ok', reward: 1, code: '    return a + b\n' });
    expect(by.b).toMatchObject({ passed: false, reward: 0 });
    expect(by.c).toMatchObject({ passed: false, passed_tests: 2, total_tests: 3 });
    expect(by.c.reward).toBeCloseTo(2 / 3);
    expect(by.c.tests).toHaveLength(3);
    expect(by.c.tests[2]).toMatchObject({ passed: false, status: 'wrong_answer' });
    expect(by.c.code).toBe('print(sum(map(int, input().split())))');
    expect(by.d).toMatchObject({ passed_tests: 1, total_tests: 2, reward: 0.5 });
    expect(by.e.passed).toBe(false);
    expect(by.f.status).toBe('runtime_error');
    expect(summary).toMatchObject({ n: 6 });
  });

  it('reward presets and stop-at-first-failure', async () => {
    const task = { language: 'python', tests: { kind: 'stdio', cases: [{ stdin: '', stdout: '1' }, { stdin: '', stdout: '2' }] } };
    const grade = async (completion: string, reward: unknown, extra: object = {}) =>
      (await post('/v1/grade', { items: [{ completion, task }], options: { reward, ...extra } })).json().items[0];
    expect((await grade('```python\nprint(1)\n```', 'coderl')).reward).toBe(-0.3);
    expect((await grade('```python\nraise SystemError\n```', 'coderl')).reward).toBe(-0.6);
    expect((await grade('```python\nprint(1)\n```', 'codeforces')).reward).toBeCloseTo(0.05);
    expect((await grade('no code here', 'codeforces')).reward).toBeLessThan(0);
    expect((await grade('```python\nprint(1)\n```', { preset: 'custom', weights: { wrong_answer: -2, fraction: 1 } })).reward).toBe(-1.5);
    const stop = await grade('```python\nprint(3)\n```', 'binary', { stop_at_first_failure: true });
    expect(stop.tests).toHaveLength(1);
    const cpp = await post('/v1/grade', { items: [{ completion: '```cpp\nint main( {\n```', task: { language: 'cpp', tests: { kind: 'stdio', cases: [{ stdin: '', stdout: '1' }] } } }], options: { reward: 'coderl' } });
    expect(cpp.json().items[0]).toMatchObject({ status: 'compile_error', reward: -1 });
  }, 60_000);

  it('streams ndjson items as they finish', async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, completion: `    return a + b${i === 2 ? ' + 1' : ''}\n`, task: { prompt: ADD_PROMPT, tests: ADD_TESTS } }));
    const res = await fetch(`${base}/v1/grade`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' }, body: JSON.stringify({ items }) });
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines.slice(0, 5).map((l) => l.id).sort()).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(lines[5].summary).toMatchObject({ n: 5, passed: 4 });
  });

  it('/v1/run returns the verdict fields', async () => {
    const r = await post('/v1/run', { language: 'python', source: 'import sys\nprint(input()[::-1]); sys.exit(3)', stdin: 'abc' });
    expect(r.json()).toMatchObject({ status: 'runtime_error', exit_code: 3, stdout: 'cba\n' });
  });

  it('400 naming the field for bad tasks', async () => {
    let r = await post('/v1/grade', { items: [{ completion: 'x', task: { language: 'cobol', tests: 'assert 1' } }] });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ field: 'items[0].task.language' });
    r = await post('/v1/grade', { items: [{ completion: 'x', task: { benchmark: 'humaneval', id: 'HumanEval/0' } }] });
    expect(r.json()).toMatchObject({ statusCode: 400, field: 'items[0].task.benchmark' });
    r = await post('/v1/grade', { items: [{ completion: 5, task: {} }] });
    expect(r.json()).toMatchObject({ statusCode: 400, field: 'items[0].completion' });
    r = await post('/v1/grade', { items: [{ completion: 'x', task: { tests: { kind: 'stdio' } } }] });
    expect(r.json()).toMatchObject({ statusCode: 400, field: 'items[0].task.tests.cases' });
    r = await post('/v1/grade', { items: [{ completion: 'x', task: { tests: 'assert 1' } }], options: { reward: 'nope' } });
    expect(r.json()).toMatchObject({ statusCode: 400, field: 'options.reward' });
  });
});

describe('SandboxFusion /run_code and /submit', () => {
  it('exact response shapes', async () => {
    const ok = (await post('/run_code', { code: 'print(input())', language: 'python', stdin: 'hi', compile_timeout: 10, run_timeout: 10, memory_limit_MB: 1024, files: {}, fetch_files: [] })).json();
    expect(ok).toEqual({
      status: 'Success', message: '', compile_result: null, executor_pod_name: null, files: {},
      run_result: { status: 'Finished', execution_time: expect.any(Number), cpu_time: expect.any(Number), return_code: 0, stdout: 'hi\n', stderr: '' },
    });
    const fail = (await post('/run_code', { code: 'import sys; sys.exit(2)', language: 'python', stdin: null })).json();
    expect(fail).toMatchObject({ status: 'Failed', run_result: { status: 'Finished', return_code: 2 } });
    const tle = (await post('/run_code', { code: 'while True: pass', language: 'python', run_timeout: 0.5 })).json();
    expect(tle).toMatchObject({ status: 'Failed', run_result: { status: 'TimeLimitExceeded', return_code: null } });
    const ce = (await post('/run_code', { code: 'int main( {', language: 'cpp' })).json();
    expect(ce).toMatchObject({ status: 'Failed', run_result: null, compile_result: { status: 'Finished', return_code: 1 } });
    const files = (await post('/run_code', { code: 'print(open("data.txt").read())', language: 'python', files: { 'data.txt': Buffer.from('xyz').toString('base64') } })).json();
    expect(files.run_result.stdout).toBe('xyz\n');
    const bad = await post('/run_code', { code: 'x', language: 'klingon' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('language');
  }, 60_000);

  it('verl-shaped load: one /run_code per test case, 64 concurrent over HTTP', async () => {
    const code = 'a, b = map(int, input().split())\nprint(a + b)';
    const reqs = Array.from({ length: 64 }, (_, i) => fetch(`${base}/run_code`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ compile_timeout: 10, run_timeout: 10, code, stdin: `${i} ${i}`, memory_limit_MB: 1024, language: 'python', files: {}, fetch_files: [] }),
    }).then((r) => r.json()));
    const out = await Promise.all(reqs);
    out.forEach((o, i) => {
      expect(o.status).toBe('Success');
      expect(o.run_result.stdout.replace(/\n$/, '')).toBe(String(2 * i));
    });
  }, 60_000);

  it('/submit with provided_data', async () => {
    const r = (await post('/submit', { dataset: 'x', id: 7, completion: '```python\nprint(int(input()) * 2)\n```',
      config: { language: 'python', provided_data: { id: 7, test: [{ input: { stdin: '2' }, output: { stdout: '4' } }, { input: { stdin: '5' }, output: { stdout: '11' } }] }, extra: { run_all_cases: true } } })).json();
    expect(r).toMatchObject({ id: 7, accepted: false, extracted_code: 'print(int(input()) * 2)', extracted_type: 'fenced' });
    expect(r.tests.map((t: { passed: boolean }) => t.passed)).toEqual([true, false]);
    expect(r.tests[0].exec_info).toMatchObject({ status: 'Success', run_result: { status: 'Finished' } });
  });
});

describe('OpenRLHF /get_reward', () => {
  it('scores a batch with labels carrying the tests as JSON', async () => {
    const prompt = 'Write a program that doubles a number.\n';
    const label = JSON.stringify({ inputs: ['2\n', '5\n'], outputs: ['4\n', '10\n'] });
    const r = await post('/get_reward', {
      query: [`${prompt}\`\`\`python\nprint(int(input())*2)\n\`\`\``, `${prompt}\`\`\`python\nprint(4)\n\`\`\``, `${prompt}nothing`],
      prompts: [prompt, prompt, prompt], labels: [label, label, label],
    });
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.rewards).toEqual([1, 0.5, 0]);
    expect(j.scores).toEqual([1, 0.5, 0]);
    expect(j.extra_logs.pass).toEqual([1, 0, 0]);
    const coderl = await post('/get_reward?reward=coderl', { query: `${prompt}\`\`\`python\nprint(4)\n\`\`\``, prompts: prompt, labels: label });
    expect(coderl.json().rewards).toEqual([-0.3]);
    const bad = await post('/get_reward', { query: ['x'], prompts: ['x'], labels: ['not json'] });
    expect(bad.json()).toMatchObject({ statusCode: 400, field: 'labels[0]' });
  });
});

describe('Piston and open-r1', () => {
  it('/api/v2/runtimes and /api/v2/execute', async () => {
    const rt = (await app.inject('/api/v2/runtimes')).json();
    expect(rt.find((x: { language: string }) => x.language === 'python')).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/), aliases: expect.any(Array) });
    const r = (await post('/api/v2/execute', { language: 'python', version: '*', files: [{ content: 'import sys\nprint(input())\nsys.exit(1)' }], stdin: 'x' })).json();
    expect(r).toMatchObject({ language: 'python', run: { stdout: 'x\n', code: 1, status: 'RE', signal: null } });
    const unknown = await post('/api/v2/execute', { language: 'brainfuck', version: '*', files: [{ content: '+' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/runtime is unknown/);
  });

  it('/execute_batch returns E2B-shaped executions', async () => {
    const r = (await post('/execute_batch', { scripts: ['x = 3\nprint("log")\nx / 4', 'raise ValueError("no")'], languages: ['python'], timeout: 10, request_timeout: 30 })).json();
    expect(r[0]).toEqual({ execution: { results: [{ text: '0.75', is_main_result: true }], logs: { stdout: ['log\n'], stderr: [] }, error: null, execution_count: 1 }, exception_str: null });
    expect(r[1].execution.error).toMatchObject({ name: 'ValueError', value: 'no' });
  });
});

describe('hostile input', () => {
  it('malicious code never takes the server down', async () => {
    const evil = [
      'import os\nwhile True:\n    os.fork()',
      'import sys\nwhile True: sys.stdout.write("x" * 65536)',
      'import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(1, signal.SIGKILL)',
      'x = bytearray(1 << 34)',
    ];
    const out = await Promise.all(evil.map((code) => post('/run_code', { code, language: 'python', run_timeout: 2 })));
    for (const r of out) expect(r.statusCode).toBe(200);
    const ok = await fetch(`${base}/run_code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'print(42)', language: 'python' }) });
    expect((await ok.json()).run_result.stdout).toBe('42\n');
  }, 90_000);

  it('bad input gets 4xx JSON errors and the server keeps serving', async () => {
    const send = (body: string | Buffer, ct = 'application/json') => fetch(`${base}/v1/grade`, { method: 'POST', headers: { 'content-type': ct }, body });
    const cases: [string | Buffer, number][] = [
      ['{"items": [', 400], ['', 400], ['[]', 400], ['{"items": "x"}', 400], ['{"items": [{"completion": 1, "task": {}}]}', 400],
      [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), 400], ['{"items": []}', 400], ['null', 400],
      [JSON.stringify({ items: [{ completion: 'x', task: { language: 'cobol', tests: 'a' } }] }), 400],
      [JSON.stringify({ items: [{ completion: 'x', task: { tests: { kind: 'nope' } } }] }), 400],
    ];
    for (const [body, code] of cases) {
      const r = await send(body);
      expect(r.status, String(body)).toBe(code);
      const j = await r.json();
      expect(j.statusCode).toBe(code);
      expect(typeof j.error).toBe('string');
    }
    const huge = await send(`{"items":[{"completion":"${'x'.repeat(33 << 20)}","task":{}}]}`);
    expect(huge.status).toBe(413);
    expect((await huge.json()).statusCode).toBe(413);
    const xml = await send('<a/>', 'application/xml');
    expect(xml.status).toBe(415);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    for (let i = 0; i < 50; i++) {
      const junk = Buffer.from(Array.from({ length: 64 }, () => Math.floor(Math.random() * 256)));
      expect((await send(junk)).status).toBeLessThan(500);
    }
    expect((await (await fetch(`${base}/healthz`)).json()).ok).toBe(true);
  }, 60_000);
});

describe('auth and limits', () => {
  it('bearer token, rate limit and per-token concurrency', async () => {
    const a = await buildApp({ sandbox: sb, token: ['s3cret'], rateLimit: 2, rateBurst: 3, concurrency: 1, defaultMetrics: false });
    try {
      const body = { language: 'python', source: 'print(1)' };
      const no = await a.inject({ method: 'POST', url: '/v1/run', payload: body });
      expect(no.statusCode).toBe(401);
      expect(no.json().error).toMatch(/bearer/);
      expect((await a.inject({ method: 'POST', url: '/v1/run', payload: body, headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
      expect((await a.inject('/healthz')).statusCode).toBe(200);
      const auth = { authorization: 'Bearer s3cret' };
      const slow = { language: 'python', source: 'import time; time.sleep(0.5)' };
      const [r1, r2] = await Promise.all([
        a.inject({ method: 'POST', url: '/v1/run', payload: slow, headers: auth }),
        new Promise((r) => setTimeout(r, 100)).then(() => a.inject({ method: 'POST', url: '/v1/run', payload: body, headers: auth })),
      ]);
      expect(r1.statusCode).toBe(200);
      expect(r2.statusCode).toBe(429);
      expect(r2.json().error).toMatch(/concurrency/);
      let limited = 0;
      for (let i = 0; i < 5; i++) if ((await a.inject({ method: 'POST', url: '/v1/run', payload: body, headers: auth })).statusCode === 429) limited++;
      expect(limited).toBeGreaterThan(0);
      // the SandboxFusion route says "retry later" with 504, the only status verl's client retries
      let sf = await a.inject({ method: 'POST', url: '/run_code', payload: { code: 'print(1)', language: 'python' }, headers: auth });
      for (let i = 0; i < 10 && sf.statusCode === 200; i++) {
        sf = await a.inject({ method: 'POST', url: '/run_code', payload: { code: 'print(1)', language: 'python' }, headers: auth });
      }
      expect(sf.statusCode).toBe(504);
      expect(sf.headers['retry-after']).toBeTruthy();
    } finally {
      await a.close();
    }
  }, 30_000);
});

describe('graceful shutdown', () => {
  it('finishes in-flight work, then refuses new work', async () => {
    const a = await buildApp({ sandbox: sb, defaultMetrics: false });
    const url = await a.listen({ host: '127.0.0.1', port: 0 });
    const slow = fetch(`${url}/v1/run`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'python', source: 'import time; time.sleep(0.6); print("done")' }) });
    await new Promise((r) => setTimeout(r, 200));
    const closing = a.close();
    const r = await slow;
    expect(r.status).toBe(200);
    expect((await r.json()).stdout).toBe('done\n');
    await closing;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 30_000);
});

describe('the viewer under rlcf serve', () => {
  it('is mounted at /ui over the eval store when one is given', async () => {
    const { Store } = await import('../src/store/store.js');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const store = new Store(join(mkdtempSync(join(tmpdir(), 'rlcf-serve-ui-')), 'ui.db'));
    const a = await buildApp({ sandbox: sb, defaultMetrics: false, store });
    try {
      const r = await a.inject({ method: 'GET', url: '/ui/api/runs' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ total: 0, runs: [] });
      // without a store there is no /ui
      expect((await app.inject({ method: 'GET', url: '/ui/api/runs' })).statusCode).toBe(404);
    } finally {
      await a.close();
      store.close();
    }
  });
});
