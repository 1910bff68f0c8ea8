"""Trainer bridges: a TRL GRPOTrainer reward function and a verl custom reward function."""
from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

from .client import Client, default_client


def _text(completion: Any) -> str:
    """TRL completions are strings, or (conversational) lists of {role, content} messages."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        return str(completion.get("content") or "")
    if isinstance(completion, (list, tuple)):
        parts = [m.get("content") or "" for m in completion if isinstance(m, dict) and m.get("role", "assistant") == "assistant"]
        return "\n".join(str(p) for p in parts)
    return str(completion)


def _task(tests: Any, language: str, extra: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """A dataset column value → an inline task: a JSON string or dict that is already a task
    ({tests, language?...}) or a reference ({benchmark, id}), or bare tests (verl/APPS ground truth,
    a JudgeSpec, an assert program)."""
    if isinstance(tests, str):
        s = tests.strip()
        if s.startswith("{"):
            try:
                tests = json.loads(s)
            except ValueError:
                pass
    if isinstance(tests, dict) and ("tests" in tests or "benchmark" in tests):
        t = dict(tests)
        t.setdefault("language", language)
        return t
    t = {"language": language, "tests": tests}
    if extra:
        t.update(extra)
    return t


def trl_reward(tests_column: str = "tests", language: str = "python", reward: Union[str, Dict[str, Any]] = "fraction",
               client: Optional[Client] = None, url: Optional[str] = None, token: Optional[str] = None,
               language_column: Optional[str] = "language", none_on_error: bool = True,
               name: Optional[str] = None) -> Callable[..., List[Optional[float]]]:
    """A reward function for TRL's GRPOTrainer: ``fn(prompts, completions, **kwargs) -> list[float|None]``.

    The dataset column ``tests_column`` (a kwarg list TRL passes through) holds each row's tests:
    verl/APPS ground truth ``{"inputs": [...], "outputs": [...], "fn_name"?}``, a JudgeSpec, an assert
    program, an inline task ``{"language", "tests", ...}`` or ``{"benchmark", "id"}`` (as JSON or dict).
    The whole batch is graded in one request.

    ``None`` (with ``none_on_error``, the default) marks one completion the server could not score
    (its sandbox failed: ``status == "sandbox_error"``), so that TRL leaves it out of the reward.
    When the request itself fails (the server is unreachable after the client's logged retries, or
    answers with an error), the function raises :class:`RlcfError`: a batch of ``None`` would let
    training go on without any reward signal.
    """
    c = client or (Client(url, token) if (url or token) else None)

    def rlcf_reward(prompts: Sequence[Any], completions: Sequence[Any], **kwargs: Any) -> List[Optional[float]]:
        cli = c or default_client()
        col = kwargs.get(tests_column)
        if col is None:
            raise ValueError(f"rlcf trl_reward: the dataset has no {tests_column!r} column (columns passed: {sorted(kwargs)})")
        langs = kwargs.get(language_column) if language_column else None
        items = []
        for i, comp in enumerate(completions):
            lang = langs[i] if langs is not None and langs[i] else language
            items.append({"id": str(i), "completion": _text(comp), "task": _task(col[i], lang)})
        graded = cli.grade(items, reward=reward)  # RlcfError propagates: no reward is not a reward of None
        return [None if (none_on_error and g.get("status") == "sandbox_error") else float(g["reward"]) for g in graded]

    rlcf_reward.__name__ = name or f"rlcf_{reward if isinstance(reward, str) else 'custom'}".replace(":", "_")
    return rlcf_reward


def compute_score(data_source: str, solution_str: str, ground_truth: Any, extra_info: Optional[Dict[str, Any]] = None,
                  **kwargs: Any) -> Dict[str, Any]:
    """verl custom reward function (``custom_reward_function.path=.../rlcf_client/trainers.py``,
    ``name=compute_score``). ``ground_truth`` is verl's ``{inputs, outputs, fn_name?}`` JSON (or any
    task form :func:`trl_reward` accepts). Reward preset: ``extra_info["rlcf_reward"]`` or
    ``$RLCF_REWARD`` (default ``first_n`` = verl's fraction of the first 10 tests). Raises
    :class:`RlcfError` when the server cannot be reached or answers with an error (after the
    client's logged retries): a score of 0 would be trained on as a wrong answer."""
    import os

    info = extra_info or {}
    preset = info.get("rlcf_reward") or kwargs.get("reward") or os.environ.get("RLCF_REWARD") or "first_n"
    lang = info.get("language") or kwargs.get("language") or "python"
    item = {"id": str(info.get("index", 0)), "completion": solution_str, "task": _task(ground_truth, lang)}
    g = default_client().grade([item], reward=preset)[0]
    return {"score": float(g["reward"]), "acc": bool(g["passed"]), "pass_fraction":
            (g["passed_tests"] / g["total_tests"]) if g.get("total_tests") else 0.0}
