// The warm TypeScript checker (ts-server.ts): runs in its own sandbox and type-checks one program
// per request through TypeScript 7's API (its native `tsc --api` process, a child of this one),
// so that a check costs the checker's work on the submission, not a tsc start that reads, parses
// and binds the lib .d.ts files again: the API session keeps those parsed (a parse cache keyed by
// file content) while each request is a new project with a new program and a new checker.
//
// argv: the API module (typescript/dist/api/sync/api.js), the native tsc, the build directory, tsc's
// options (JSON: typescript.ts TYPECHECK_OPTIONS). Requests on stdin, one per line, tab-separated:
// id, request directory, the program's file name in it. The project's tsconfig.json is written
// beside the request directory, not in it (<dir>.tsconfig.json, removed after the check): the
// program's directory holds only the program, as the tsc process's does, so that a program naming
// `./tsconfig.json` gets tsc's answer. Answers on stdout: "id\tok|error\t<base64 of the messages as tsc prints them>\t<rss kB
// of the tsc process>", or "id\tfail\t<base64 of why>" (the caller then runs the tsc process).
//
// Nothing of one request reaches the next: the previous project is closed, and every snapshot is
// taken with `invalidateAll`, so no file content read for an earlier request (a program that
// another one names through `/// <reference path>` or an import) is served from a cache: each
// request sees the disk as it is, where the host has already removed the earlier request's files.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { createInterface } from 'node:readline';

const [apiModule, tscExe, buildDir, optionsJson] = process.argv.slice(2);
const compilerOptions = JSON.parse(optionsJson);
const { API } = await import(apiModule);
const api = new API({ tsserverPath: tscExe, cwd: buildDir });
const CATEGORY = ['warning', 'error', 'suggestion', 'message'];
const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const out = (s) => process.stdout.write(`${s}\n`);
let previous = null;

/** tsc's diagnostics, in tsc's order (GetDiagnosticsOfAnyProgram): syntax errors alone when there
 * are any, else program and global diagnostics, and the semantic ones when those are empty. */
function diagnosticsOf(program) {
  const config = program.getConfigFileParsingDiagnostics();
  let all = [...config, ...program.getSyntacticDiagnostics(), ...program.getProgramDiagnostics()];
  if (all.length === config.length) {
    all.push(...program.getGlobalDiagnostics());
    if (all.length === config.length) all.push(...program.getSemanticDiagnostics());
  }
  return all;
}

/** One diagnostic as tsc prints it without --pretty: `file(line,col): error TS1234: text`, the
 * message chain indented two spaces per level. */
function format(d, dir, texts) {
  let s = '';
  if (d.fileName) {
    let text = texts.get(d.fileName);
    if (text === undefined) {
      try {
        text = readFileSync(d.fileName, 'utf8');
      } catch {
        text = '';
      }
      texts.set(d.fileName, text);
    }
    const before = text.slice(0, d.pos);
    const line = before.split('\n').length;
    const col = d.pos - (before.lastIndexOf('\n') + 1) + 1;
    s += `${relative(dir, d.fileName)}(${line},${col}): `;
  }
  s += `${CATEGORY[d.category] ?? 'error'} TS${d.code}: ${d.text}`;
  const chain = (list, indent) => {
    for (const c of list ?? []) {
      s += `\n${'  '.repeat(indent)}${c.text}`;
      chain(c.messageChain, indent + 1);
    }
  };
  chain(d.messageChain, 1);
  return s;
}

/** tsc's SortAndDeduplicateDiagnostics: by file, position, code and text; equal ones once. */
function sortUnique(list) {
  const key = (d) => [d.fileName ?? '', String(d.pos).padStart(10, '0'), String(d.end).padStart(10, '0'), String(d.code).padStart(6, '0')];
  const sorted = [...list].sort((a, b) => {
    const ka = key(a), kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  });
  return sorted.filter((d, i) => i === 0 || JSON.stringify(d) !== JSON.stringify(sorted[i - 1]));
}

function rssKb() {
  try {
    const pid = api.client?.channel?.child?.pid;
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  } catch {
    return 0;
  }
}

out('READY');
for await (const line of createInterface({ input: process.stdin })) {
  const [id, dir, file] = line.split('\t');
  const config = `${dir}.tsconfig.json`;
  try {
    writeFileSync(config, JSON.stringify({ compilerOptions, files: [`./${basename(dir)}/${file}`] }));
    const snap = api.updateSnapshot({ openProjects: [config], ...(previous ? { closeProjects: [previous] } : {}),
      fileChanges: { invalidateAll: true } });
    previous = config;
    try {
      const project = snap.getProject(config);
      if (!project) throw new Error('no project for the request');
      const diags = sortUnique(diagnosticsOf(project.program));
      const texts = new Map();
      const msg = diags.map((d) => format(d, dir, texts)).join('\n');
      out(`${id}\t${diags.length ? 'error' : 'ok'}\t${b64(msg)}\t${rssKb()}`);
    } finally {
      snap.dispose();
    }
  } catch (e) {
    out(`${id}\tfail\t${b64(String(e?.stack ?? e))}`);
  } finally {
    rmSync(config, { force: true });
  }
}
api.close();
