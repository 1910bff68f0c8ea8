// RepoBench's own functions (github.com/Leolty/repobench, v1.1), run by python3 in the tests to
// check rlcf's TypeScript ports against them: run.py get_first_line_not_comment and data/utils.py
// construct_prompt. (Not a test file: the tests import it.)

// run.py get_first_line_not_comment from github.com/Leolty/repobench (v1.1), verbatim but for the
// docstring and comments
export const UPSTREAM_FIRST_LINE = String.raw`def get_first_line_not_comment(code:str, language:str="python"):
    assert language in ["python", "java"], "language must be one of [python, java]"
    code = code.lstrip('\n')
    lines = code.split('\n')
    in_multiline_comment = False
    if language == "python":
        for line in lines:
            if not line.strip():
                continue
            if not in_multiline_comment and (line.strip().startswith('"""') or line.strip().startswith("'''")):
                in_multiline_comment = True
                continue
            if in_multiline_comment and (line.strip().endswith('"""') or line.strip().endswith("'''")):
                in_multiline_comment = False
                continue
            if in_multiline_comment:
                continue
            if line.strip().startswith('#'):
                continue
            return line
    elif language == "java":
        for line in lines:
            if not line.strip():
                continue
            if not in_multiline_comment and line.strip().startswith('/*'):
                in_multiline_comment = True
                continue
            if in_multiline_comment and line.strip().endswith('*/'):
                in_multiline_comment = False
                continue
            if in_multiline_comment:
                continue
            if line.strip().startswith('//'):
                continue
            return line
    return lines[0]`;

// data/utils.py construct_prompt from github.com/Leolty/repobench (v1.1), verbatim but for the
// tokenizer: whitespace words, the same as the TypeScript side of the test uses
export const UPSTREAM_CONSTRUCT_PROMPT = `import json, re, sys
class Tok:
    def encode(self, s):
        return s.split()
def construct_prompt(data, language="python", tokenizer=None, max_token_nums=15800):
    comment_symbol = "#" if language == "python" else "//"
    cross_file_prompt = f"{comment_symbol} Repo Name: {data['repo_name']}\\n"
    for snippet in data['context']:
        cross_file_prompt += f"{comment_symbol} Path: {snippet['path']}\\n{snippet['snippet']}" + "\\n\\n"
    in_file_prompt = f"{comment_symbol} Path: {data['file_path']}\\n{data['import_statement']}\\n{data['cropped_code'].rstrip()}\\n"
    if tokenizer is not None and max_token_nums is not None:
        cross_file_prompt_token_nums = len(tokenizer.encode(cross_file_prompt))
        in_file_prompt_token_nums = len(tokenizer.encode(in_file_prompt))
        exceed_token_nums = cross_file_prompt_token_nums + in_file_prompt_token_nums - max_token_nums
        if exceed_token_nums > 0:
            cross_file_prompt_lines = cross_file_prompt.split("\\n")
            for i in range(len(cross_file_prompt_lines)-1, -1, -1):
                exceed_token_nums -= len(tokenizer.encode(cross_file_prompt_lines[i]))
                if exceed_token_nums < 0:
                    break
            cross_file_prompt = "\\n".join(cross_file_prompt_lines[:i]) + "\\n\\n"
    prompt = cross_file_prompt + in_file_prompt
    prompt = re.sub(r'\\n{4,}', '\\n\\n', prompt)
    return prompt
a = json.load(sys.stdin)
if isinstance(a, list):
    print(json.dumps([construct_prompt(x['row'], language=x['language'], tokenizer=Tok(), max_token_nums=x['max']) for x in a]))
else:
    sys.stdout.write(construct_prompt(a['row'], language=a.get('language', 'python'), tokenizer=Tok(), max_token_nums=a['max']))`;

