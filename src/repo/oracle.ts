// `rlcf eval --bench swe:<instances> --model <provider>`: a model writes the patches, in SWE-bench's
// "oracle" retrieval setting (the problem statement and the files the gold patch touches, as they
// are at base_commit, with line numbers, one shot), and `swe eval` grades them. The patch is taken
// from the answer as SWE-bench's inference does (extract_diff: a <patch> block, else a ```diff
// fence, else the text from the first diff header); an answer with no usable diff is still
// submitted, and fails to apply (an error, not a crash).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelProvider } from '../models/types.js';
import { diffFiles } from './evaluate.js';
import type { Prediction, SweInstance } from './formats.js';
import { type EvalRunResult, instanceSnapshot, runSweEval } from './run.js';
import { generationKey } from './store-run.js';

export function oraclePrompt(inst: SweInstance, snapshotDir: string): string {
  const files = [...new Set([...diffFiles(inst.patch).modified])];
  let code = '';
  for (const f of files) {
    const p = join(snapshotDir, f);
    if (!existsSync(p)) continue;
    const lines = readFileSync(p, 'utf8').split('\n');
    code += `[start of ${f}]\n${lines.map((l, i) => `${i + 1} ${l}`).join('\n')}\n[end of ${f}]\n`;
  }
  return `You will be provided with a partial code base and an issue statement explaining a problem to resolve.
<issue>
${inst.problem_statement}
</issue>
<code>
${code}</code>
Here is an example of a patch file. It consists of changes to the code base. It specifies the file names, the line numbers of each change, and the removed and added lines. A single patch file can contain changes to multiple files.
<patch>
--- a/file.py
+++ b/file.py
@@ -1,3 +1,3 @@
 def f(x):
-    return x
+    return x + 1
</patch>

I need you to solve the provided issue by generating a single patch file that I can apply directly to this repository using git apply. Please respond with a single patch file in the format shown above.
Respond below:`;
}

/** The diff in a model's answer (SWE-bench's extract_diff: <patch>, ```diff, ``` fences, else raw) */
export function extractDiff(text: string): string {
  const patch = /<patch>\n?([\s\S]*?)<\/patch>/.exec(text);
  if (patch) return ensureNewline(patch[1]);
  const diff = /```(?:diff|patch)\n([\s\S]*?)```/.exec(text) ?? /```\w*\n([\s\S]*?)```/.exec(text);
  if (diff) return ensureNewline(diff[1]);
  const at = text.search(/^(diff --git |--- (a\/|\/dev\/null))/m);
  return at >= 0 ? ensureNewline(text.slice(at)) : text;
}
const ensureNewline = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);

export interface OracleRunOptions {
  instances: SweInstance[];
  model: ModelProvider;
  runId: string;
  reportDir?: string;
  reposDir?: string;
  maxWorkers?: number;
  timeout_s?: number;
  temperature?: number;
  max_tokens?: number;
  stateDir?: string;
  onGenerated?: (id: string) => void;
  /** answers already given for the same prompt (the store's generation cache) */
  cache?: { get(k: string): string | null; put(k: string, g: { text: string; latency_ms?: number }): void };
  onInstance?: Parameters<typeof runSweEval>[0]['onInstance'];
}

export async function oracleEval(o: OracleRunOptions): Promise<EvalRunResult & { predictionsFile: string; answers: Map<string, string>; predictions: Prediction[] }> {
  const reportDir = resolve(o.reportDir ?? '.');
  mkdirSync(reportDir, { recursive: true });
  const answers = new Map<string, string>();
  const preds: Prediction[] = await Promise.all(o.instances.map(async (inst) => {
    const snap = instanceSnapshot(inst, o.reposDir, o.stateDir);
    const prompt = oraclePrompt(inst, snap.dir);
    const key = generationKey(o.model.id, prompt, o.temperature, o.max_tokens);
    let text = o.cache?.get(key) ?? null;
    if (text === null) {
      const [g] = await o.model.generate({ prompt, style: 'instruction', n: 1, temperature: o.temperature ?? 0, max_tokens: o.max_tokens,
        task_id: inst.instance_id });
      text = g?.text ?? '';
      o.cache?.put(key, { text, latency_ms: g?.latency_ms });
    }
    answers.set(inst.instance_id, text);
    o.onGenerated?.(inst.instance_id);
    return { instance_id: inst.instance_id, model_name_or_path: o.model.id, model_patch: text ? extractDiff(text) : '' };
  }));
  // the predictions file a swebench user would have made (re-runnable with rlcf swe eval or swebench)
  const predictionsFile = join(reportDir, `predictions.${o.runId}.jsonl`);
  writeFileSync(predictionsFile, preds.map((p) => JSON.stringify(p)).join('\n') + '\n');
  const r = await runSweEval({ instances: o.instances, predictions: preds, runId: o.runId, reportDir, reposDir: o.reposDir,
    maxWorkers: o.maxWorkers, timeout_s: o.timeout_s, stateDir: o.stateDir, onInstance: o.onInstance });
  return { ...r, predictionsFile, answers, predictions: preds };
}
