"""A small OpenAI-compatible server over a transformers checkpoint, for CPU loops and tests where
vLLM or llama.cpp is not at hand. Standard library HTTP + transformers; one request at a time.

    python hf_server.py --model <hf dir> --port 8811 [--served-model-name policy] [--host 127.0.0.1]

Endpoints (non-streaming): GET /v1/models; POST /v1/chat/completions (the tokenizer's chat
template); POST /v1/completions, including `echo` + `logprobs` with max_tokens 0, the request
lm-evaluation-harness sends to score a continuation (per-token log-probabilities of the prompt).
Honours n, max_tokens, temperature (0 = greedy), top_p, stop, seed; reports token usage.
"""
import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def build(model_dir: str):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    # one thread unless told otherwise: on a shared CPU, OpenMP threads that spin waiting for each
    # other made generation 8x slower here than one thread (RLCF_TORCH_THREADS to change)
    torch.set_num_threads(int(os.environ.get("RLCF_TORCH_THREADS", "1")))
    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    model.eval()
    return torch, tok, model


class Engine:
    def __init__(self, model_dir: str):
        self.torch, self.tok, self.model = build(model_dir)
        self.lock = threading.Lock()

    def _cut(self, text: str, stop):
        for s in stop or []:
            i = text.find(s)
            if s and i >= 0:
                return text[:i], True
        return text, False

    def generate(self, prompt_ids, body):
        torch = self.torch
        n = int(body.get("n") or 1)
        max_tokens = int(body.get("max_tokens") or body.get("max_completion_tokens") or 256)
        temp = float(body.get("temperature") if body.get("temperature") is not None else 1.0)
        top_p = float(body.get("top_p") or 1.0)
        stop = body.get("stop")
        stop = [stop] if isinstance(stop, str) else stop
        if body.get("seed") is not None:
            torch.manual_seed(int(body["seed"]))
        ids = torch.tensor([prompt_ids])
        out = []
        completion_tokens = 0
        with self.lock, torch.no_grad():
            for _ in range(n):
                kw = dict(max_new_tokens=max_tokens, pad_token_id=self.tok.pad_token_id or self.tok.eos_token_id)
                if stop:  # stop generating at a stop string, not only cut the text afterwards
                    kw.update(stop_strings=list(stop), tokenizer=self.tok)
                kw.update(dict(do_sample=True, temperature=temp, top_p=top_p) if temp > 0 else dict(do_sample=False))
                g = self.model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), **kw)[0][len(prompt_ids):]
                completion_tokens += len(g)
                text = self.tok.decode(g, skip_special_tokens=True)
                text, stopped = self._cut(text, stop)
                hit_eos = len(g) < max_tokens
                out.append((text, "stop" if stopped or hit_eos else "length"))
        return out, completion_tokens

    def score(self, prompt: str, next_token: bool = False):
        """log p(token_i | tokens before it) for every token of the prompt (the first gets None), and
        the greedy next token with its log-probability when asked."""
        torch = self.torch
        ids = self.tok(prompt, add_special_tokens=False)["input_ids"]
        if self.tok.bos_token_id is not None and getattr(self.tok, "add_bos_token", False):
            ids = [self.tok.bos_token_id] + ids
        with self.lock, torch.no_grad():
            logits = self.model(input_ids=torch.tensor([ids])).logits[0]
        lp = torch.log_softmax(logits.float(), dim=-1)
        tokens, token_lps, tops, offsets = [], [], [], []
        pos = 0
        for i, t in enumerate(ids):
            piece = self.tok.decode([t])
            tokens.append(piece)
            offsets.append(pos)
            pos += len(piece)
            if i == 0:
                token_lps.append(None)
                tops.append(None)
                continue
            row = lp[i - 1]
            token_lps.append(float(row[t]))
            best = int(torch.argmax(row))
            tops.append({self.tok.decode([best]): float(row[best])})
        nxt = None
        if next_token:
            best = int(torch.argmax(lp[-1]))
            nxt = (self.tok.decode([best]), float(lp[-1][best]))
        return {"tokens": tokens, "token_logprobs": token_lps, "top_logprobs": tops, "text_offset": offsets}, len(ids), nxt


def make_handler(engine: Engine, served: str):
    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):  # quiet: one line per request is noise in the loop's serve.log
            pass

        def send(self, code, obj):
            b = json.dumps(obj).encode()
            self.send_response(code)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(b)))
            self.end_headers()
            self.wfile.write(b)

        def do_GET(self):
            if self.path.split("?")[0] in ("/v1/models", "/models"):
                return self.send(200, {"object": "list", "data": [{"id": served, "object": "model", "owned_by": "rlcf"}]})
            if self.path == "/health":
                return self.send(200, {"ok": True})
            self.send(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self):
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
            except ValueError as e:
                return self.send(400, {"error": {"message": f"bad JSON: {e}"}})
            path = self.path.split("?")[0]
            try:
                if path == "/v1/chat/completions":
                    return self.chat(body)
                if path == "/v1/completions":
                    return self.completions(body)
            except Exception as e:  # a failed request must not take the server down
                return self.send(500, {"error": {"message": f"{type(e).__name__}: {e}"}})
            self.send(404, {"error": {"message": f"no route {path}"}})

        def chat(self, body):
            msgs = body.get("messages") or []
            ids = engine.tok.apply_chat_template(msgs, add_generation_prompt=True, tokenize=True)
            if isinstance(ids, dict) or hasattr(ids, "keys"):
                ids = ids["input_ids"]
            outs, ct = engine.generate(list(ids), body)
            self.send(200, {
                "id": f"chatcmpl-{time.time_ns()}", "object": "chat.completion", "created": int(time.time()), "model": served,
                "choices": [{"index": i, "message": {"role": "assistant", "content": t}, "finish_reason": f} for i, (t, f) in enumerate(outs)],
                "usage": {"prompt_tokens": len(ids), "completion_tokens": ct, "total_tokens": len(ids) + ct},
            })

        def completions(self, body):
            prompts = body.get("prompt")
            prompts = prompts if isinstance(prompts, list) else [prompts]
            choices, pt, ct = [], 0, 0
            for p in prompts:
                if not isinstance(p, str):
                    return self.send(400, {"error": {"message": "prompt must be a string or a list of strings"}})
                if body.get("echo") and body.get("logprobs") is not None and int(body.get("max_tokens") or 0) <= 1:
                    # scoring (lm-eval's local-completions sends max_tokens 0 or 1): the prompt's
                    # per-token log-probabilities, and the one greedy token when asked for
                    lp, n, nxt = engine.score(p, int(body.get("max_tokens") or 0) == 1)
                    pt += n
                    text = p
                    if nxt is not None:
                        text += nxt[0]
                        ct += 1
                        for k, v in (("tokens", nxt[0]), ("token_logprobs", nxt[1]), ("top_logprobs", {nxt[0]: nxt[1]}), ("text_offset", len(p))):
                            lp[k].append(v)
                    choices.append({"index": len(choices), "text": text, "logprobs": lp, "finish_reason": "length"})
                    continue
                ids = engine.tok(p, add_special_tokens=True)["input_ids"]
                pt += len(ids)
                outs, c = engine.generate(ids, body)
                ct += c
                for t, f in outs:
                    choices.append({"index": len(choices), "text": (p + t) if body.get("echo") else t, "logprobs": None, "finish_reason": f})
            self.send(200, {"id": f"cmpl-{time.time_ns()}", "object": "text_completion", "created": int(time.time()), "model": served,
                            "choices": choices, "usage": {"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct}})

    return H


def main() -> int:
    ap = argparse.ArgumentParser(description="OpenAI-compatible server over a transformers checkpoint (CPU)")
    ap.add_argument("--model", required=True)
    ap.add_argument("--port", type=int, default=8811)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--served-model-name", default="policy")
    a = ap.parse_args()
    t0 = time.time()
    engine = Engine(a.model)
    srv = ThreadingHTTPServer((a.host, a.port), make_handler(engine, a.served_model_name))
    print(f"hf_server: {a.model} as {a.served_model_name} on http://{a.host}:{a.port}/v1 (loaded in {time.time() - t0:.1f}s)", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
