//! The shape of `src/`: which file imports which, read from the source text.
//!
//! A file imports another when it names an item of it: a `use` path or a path in the code that starts
//! with `crate::`, `super::` or `self::`. A `mod child;` line declares and is no import; test code
//! (`#[cfg(test)]` modules and files) is left out, since only production code has to keep the shape.
//!
//! The test fails on any import circle: two files that import each other, directly or through
//! others, and two top-level modules of `core` (or `core` and a front end) that do. Run with
//! `--nocapture` to see the graph's numbers (files, imports, production lines per layer).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One production source file: its module path and the module paths it names.
struct SourceFile {
    module: Vec<String>,
    /// Production code only (test modules cut out, comments blanked).
    code: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The module path of a file under src/ (`core/probe/mod.rs` → `core::probe`).
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

/// Removes `//` comments (and doc comments) and the contents of string literals, so that a
/// doc link or a sentence naming `crate::…` is no import.
fn strip_comments_and_strings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_string = false;
        let mut escaped = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                    out.push('"');
                }
                continue;
            }
            if c == '/' && chars.peek() == Some(&'/') {
                break;
            }
            if c == '"' {
                in_string = true;
            }
            out.push(c);
        }
        out.push('\n');
    }
    out
}

/// Cuts every item that follows `#[cfg(test)]` (a `mod x { … }` block or a `mod x;` line) and
/// returns the names of the `mod x;` files so cut.
fn cut_test_code(code: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut test_files = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        // The item ends at the first `;` before any `{`, or at the `}` matching the first `{`.
        let semi = after.find(';');
        let brace = after.find('{');
        match (semi, brace) {
            (Some(s), b) if b.is_none_or(|b| s < b) => {
                let item = &after[..s];
                if let Some(name) = item.trim().strip_prefix("mod ").or_else(|| {
                    item.trim()
                        .strip_prefix("pub(crate) mod ")
                        .or_else(|| item.trim().strip_prefix("pub mod "))
                }) {
                    test_files.push(name.trim().to_owned());
                }
                rest = &after[s + 1..];
            }
            (_, Some(b)) => {
                let mut depth = 0usize;
                let mut end = after.len();
                for (i, c) in after[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &after[end..];
            }
            _ => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    (out, test_files)
}

/// Every production file under src/ (the library; `main.rs` and `bin/` are the thin executables).
fn production_files() -> Vec<SourceFile> {
    let root = src_dir();
    let mut paths = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "bin") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "main.rs")
            {
                paths.push(path);
            }
        }
    }
    let mut files = Vec::new();
    let mut test_only: BTreeSet<Vec<String>> = BTreeSet::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("a readable source file");
        let relative = path.strip_prefix(&root).expect("below src");
        let module = module_of(relative);
        let (code, test_files) = cut_test_code(&strip_comments_and_strings(&text));
        for name in test_files {
            let mut child = module.clone();
            child.push(name);
            test_only.insert(child);
        }
        files.push(SourceFile { module, code });
    }
    files.retain(|f| !test_only.iter().any(|t| f.module.starts_with(t)));
    files.sort_by(|a, b| a.module.cmp(&b.module));
    files
}

/// Expands one `use` tree (`a::{b, c::{d, e}}`) into its paths.
fn expand_use(tree: &str) -> Vec<String> {
    let tree: String = tree
        .replace(" as ", "@")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
        if let Some(open) = tree.find('{') {
            let head = &tree[..open];
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let mut depth = 0;
            let mut start = 0;
            let mut parts = Vec::new();
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        parts.push(&inner[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            parts.push(&inner[start..]);
            for part in parts.into_iter().filter(|p| !p.is_empty()) {
                expand(&format!("{prefix}{head}"), part, out);
            }
        } else {
            let path = tree.split('@').next().unwrap_or(tree);
            out.push(format!("{prefix}{path}"));
        }
    }
    let mut out = Vec::new();
    expand("", &tree, &mut out);
    out
}

/// The paths a file names: its `use` trees expanded, and every `crate::`/`super::`/`self::` path
/// written in the code.
fn named_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut without_uses = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before_ok = at == 0
            || !rest[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
        let after = &rest[at + 4..];
        let Some(end) = after.find(';') else { break };
        if before_ok {
            without_uses.push_str(&rest[..at]);
            paths.extend(expand_use(&after[..end]));
        } else {
            without_uses.push_str(&rest[..at + 4 + end]);
        }
        rest = &after[end..];
    }
    without_uses.push_str(rest);
    for start in ["crate::", "super::", "self::"] {
        let mut rest = without_uses.as_str();
        while let Some(at) = rest.find(start) {
            let boundary = at == 0
                || !rest[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
            let tail: String = rest[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            if boundary {
                paths.push(tail.trim_end_matches(':').to_owned());
            }
            rest = &rest[at + start.len()..];
        }
    }
    paths
}

/// Resolves a named path to the module path of the file that holds it, if it is in the crate.
fn resolve(from: &[String], path: &str, modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let (base, rest): (Vec<String>, &[&str]) = match segments.first() {
        Some(&"crate") => (Vec::new(), &segments[1..]),
        Some(&"self") => (from.to_vec(), &segments[1..]),
        Some(&"super") => {
            let mut base = from.to_vec();
            let mut rest = &segments[..];
            while rest.first() == Some(&"super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        _ => return None,
    };
    let mut best = base.clone();
    let mut current = base;
    for segment in rest {
        current.push((*segment).to_owned());
        if modules.contains(&current) {
            best = current.clone();
        } else {
            break;
        }
    }
    modules.contains(&best).then_some(best)
}

struct Graph {
    files: Vec<SourceFile>,
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

fn graph() -> Graph {
    let files = production_files();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| f.module.clone()).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in &files {
        let targets = edges.entry(file.module.clone()).or_default();
        for path in named_paths(&file.code) {
            if let Some(target) = resolve(&file.module, &path, &modules)
                && target != file.module
                && !target.is_empty()
            {
                targets.insert(target);
            }
        }
    }
    Graph { files, edges }
}

/// The strongly connected components with more than one member (Tarjan's algorithm).
fn circles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on_stack: BTreeSet<&'a Vec<String>>,
        next: usize,
        found: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Vec<String>) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(targets) = s.edges.get(v) {
            for w in targets {
                let Some((w, _)) = s.edges.get_key_value(w) else {
                    continue;
                };
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let low = s.low[v].min(s.low[w]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.found
}

/// The top-level unit a module belongs to: `core::probe`, `core::settings`, `ui`, `cli`, …
fn unit(module: &[String]) -> Vec<String> {
    match module.first().map(String::as_str) {
        Some("core") => module.iter().take(2).cloned().collect(),
        _ => module.iter().take(1).cloned().collect(),
    }
}

fn show(component: &[Vec<String>]) -> String {
    component
        .iter()
        .map(|m| m.join("::"))
        .collect::<Vec<_>>()
        .join(" ↔ ")
}

#[test]
fn no_two_files_import_each_other() {
    let graph = graph();
    let found = circles(&graph.edges);
    let imports: usize = graph.edges.values().map(BTreeSet::len).sum();
    println!(
        "{} production files, {} file-to-file imports, {} circles",
        graph.files.len(),
        imports,
        found.len()
    );
    let mut lines: BTreeMap<String, usize> = BTreeMap::new();
    for file in &graph.files {
        let layer = match unit(&file.module).join("::") {
            top if top.is_empty() => "lib".to_owned(),
            layer => layer,
        };
        *lines.entry(layer).or_default() +=
            file.code.lines().filter(|l| !l.trim().is_empty()).count();
    }
    for (layer, count) in &lines {
        println!("  {layer:<22} {count:>6} lines of production code");
    }
    for component in &found {
        println!("circle: {}", show(component));
    }
    assert!(
        found.is_empty(),
        "files that import each other (directly or round a circle):\n{}",
        found.iter().map(|c| show(c)).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn no_two_modules_import_each_other() {
    let graph = graph();
    let mut units: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (from, targets) in &graph.edges {
        let entry = units.entry(unit(from)).or_default();
        for target in targets {
            if unit(target) != unit(from) {
                entry.insert(unit(target));
            }
        }
    }
    let found = circles(&units);
    for component in &found {
        println!("module circle: {}", show(component));
    }
    assert!(
        found.is_empty(),
        "modules that import each other:\n{}",
        found.iter().map(|c| show(c)).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_reader_sees_imports_and_skips_test_code() {
    let code = "use crate::core::{a, b::{c, d as e}};\n\
                // use crate::core::hidden;\n\
                fn f() { crate::core::x::y(); let s = \"crate::core::z\"; }\n\
                #[cfg(test)]\nmod tests { use crate::core::t; }\n";
    let (code, _) = cut_test_code(&strip_comments_and_strings(code));
    let paths = named_paths(&code);
    for wanted in [
        "crate::core::a",
        "crate::core::b::c",
        "crate::core::b::d",
        "crate::core::x::y",
    ] {
        assert!(paths.iter().any(|p| p == wanted), "{wanted} in {paths:?}");
    }
    for unwanted in ["hidden", "core::z", "core::t"] {
        assert!(
            !paths.iter().any(|p| p.contains(unwanted)),
            "{unwanted} in {paths:?}"
        );
    }
}
