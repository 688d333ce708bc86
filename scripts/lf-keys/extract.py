# Reads the argument dataclasses `llamafactory-cli train` parses (LF's hparams/*.py and HF's
# TrainingArguments/Seq2SeqTrainingArguments) with `ast`, without importing torch or transformers,
# and prints every key as JSON: name, owning class, type annotation, default, Literal choices, help.
# Usage: python3 extract.py lf <lf-git-dir> <commit>   |   python3 extract.py hf <transformers-pkg-dir>
# Regenerates lib/presets/lf-keys.generated.ts through scripts/lf-keys/generate.mjs.
import ast, json, subprocess, sys

def lf_sources(git_dir, commit):
    names = subprocess.run(["git", "-C", git_dir, "ls-tree", "--name-only", commit, "src/llamafactory/hparams/"],
                           capture_output=True, text=True, check=True).stdout.split()
    return {n: subprocess.run(["git", "-C", git_dir, "show", f"{commit}:{n}"], capture_output=True, text=True, check=True).stdout
            for n in names if n.endswith(".py")}

def classes(sources):
    out = {}
    for src in sources.values():
        for node in ast.parse(src).body:
            if isinstance(node, ast.ClassDef):
                out[node.name] = (node, src)
    return out

def literal_choices(ann):
    found = []
    for n in ast.walk(ann):
        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id == "Literal":
            sl = n.slice.elts if isinstance(n.slice, ast.Tuple) else [n.slice]
            found += [e.value for e in sl if isinstance(e, ast.Constant)]
    # Only all-string Literals are enums here; `Literal[False] | str` style fields are checked by type.
    return found if found and all(isinstance(v, str) for v in found) else None

def field_info(stmt, src):
    info = {"type": ast.get_source_segment(src, stmt.annotation), "default": None, "help": None}
    v = stmt.value
    if isinstance(v, ast.Call) and getattr(v.func, "id", None) == "field":
        for kw in v.keywords:
            if kw.arg == "init" and isinstance(kw.value, ast.Constant) and kw.value.value is False:
                return None  # HfArgumentParser only offers fields that __init__ takes
            if kw.arg in ("default", "default_factory"):
                info["default"] = ast.get_source_segment(src, kw.value)
            if kw.arg == "metadata" and isinstance(kw.value, ast.Dict):
                for k, mv in zip(kw.value.keys, kw.value.values):
                    if isinstance(k, ast.Constant) and k.value == "help":
                        try: info["help"] = ast.literal_eval(mv)
                        except Exception: info["help"] = ast.get_source_segment(src, mv)
                    if isinstance(k, ast.Constant) and k.value == "choices":
                        try:
                            ch = list(ast.literal_eval(mv))
                            if all(isinstance(v, str) for v in ch): info["choices"] = ch
                        except Exception: pass
    elif v is not None:
        info["default"] = ast.get_source_segment(src, v)
    ch = literal_choices(stmt.annotation)
    if ch: info["choices"] = ch
    return info

def collect(cls_name, table, seen, out, stop):
    if cls_name in seen or cls_name not in table or cls_name in stop: return
    seen.add(cls_name)
    node, src = table[cls_name]
    # Python's MRO puts the rightmost base last; fields of the class itself win, so walk bases first.
    for base in reversed(node.bases):
        if isinstance(base, ast.Name): collect(base.id, table, seen, out, stop)
    for stmt in node.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and not stmt.target.id.startswith("_"):
            if "ClassVar" in (ast.get_source_segment(src, stmt.annotation) or ""): continue
            info = field_info(stmt, src)
            if info is None: out.pop(stmt.target.id, None)
            else: out[stmt.target.id] = {"cls": cls_name, **info}

def main():
    if sys.argv[1] == "lf":
        table = classes(lf_sources(sys.argv[2], sys.argv[3]))
        roots = ["ModelArguments", "DataArguments", "TrainingArguments", "FinetuningArguments", "GeneratingArguments"]
    else:
        d = sys.argv[2]
        srcs = {f: open(f"{d}/{f}").read() for f in ["training_args.py", "training_args_seq2seq.py"]}
        table = classes(srcs)
        roots = ["Seq2SeqTrainingArguments"]
    out = {}
    for r in roots:
        part = {}
        collect(r, table, set(), part, stop=set())
        out.update(part)
    print(json.dumps(out, indent=0, sort_keys=True))

main()
