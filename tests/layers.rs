//! No import circles: the core's modules (src/, the library), the CLI's
//! (src/bin/) and the page's scripts (www/js/) each form layers, where a file
//! uses only files below it.
//!
//! Rust: every `use crate::…` / `use super::…` outside `#[cfg(test)]` is an
//! edge to the file that defines the path, following a `mod.rs`'s `pub use
//! child::Name` re-exports to the child. JS: every `import … from './x.js'`.
//! A cycle among files is reported with its members.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `src/train/sweep/book.rs` → `["train", "sweep", "book"]`; `mod.rs` and `lib.rs` name their folder.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(Path::new(ROOT).join("src")).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The source before its first `#[cfg(test)]` (tests may use anything).
fn non_test(source: &str) -> &str {
    source.split("#[cfg(test)]").next().unwrap()
}

struct Crate {
    files: BTreeMap<Vec<String>, PathBuf>,
}

impl Crate {
    fn is_folder(&self, key: &[String]) -> bool {
        self.files.get(key).is_some_and(|p| matches!(p.file_name().unwrap().to_str(), Some("mod.rs" | "lib.rs")))
    }

    /// The file defining `path` (module names, then maybe an item).
    fn resolve(&self, path: &[String]) -> Option<&PathBuf> {
        for n in (1..=path.len()).rev() {
            let key = &path[..n];
            let Some(file) = self.files.get(key) else { continue };
            if let (Some(item), true) = (path.get(n), self.is_folder(key)) {
                // `pub use child::{…item…}` or `pub use child::*` in the folder's mod.rs
                let source = fs::read_to_string(file).unwrap();
                for line in non_test(&source).lines().map(str::trim) {
                    let Some(rest) = line.strip_prefix("pub use ") else { continue };
                    let Some((child, names)) = rest.split_once("::") else { continue };
                    let names = names.trim_end_matches(';');
                    let listed = names == "*" || names.trim_matches(|c| c == '{' || c == '}').split(',').any(|n| n.trim() == item.as_str());
                    let mut child_key = key.to_vec();
                    child_key.push(child.to_string());
                    if listed && self.files.contains_key(&child_key) {
                        return self.files.get(&child_key);
                    }
                }
            }
            return Some(file);
        }
        None
    }
}

/// `use a::b::{C, d::E};` → the paths `a::b::C` and `a::b::d` (one `use` may span lines).
fn use_paths(source: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = non_test(source);
    while let Some(at) = rest.find("use ") {
        let before = &rest[..at];
        rest = &rest[at + 4..];
        // only `use` at the start of a line (after `pub`/`pub(crate)` and spaces)
        let line_start = before.rsplit('\n').next().unwrap().trim();
        if !(line_start.is_empty() || line_start == "pub" || line_start == "pub(crate)" || line_start == "pub(super)") {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        // one space between words, none around `::`, braces and commas
        let mut stmt = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        for (spaced, tight) in [(" ::", "::"), (":: ", "::"), ("{ ", "{"), (" }", "}"), (" ,", ","), (", ", ",")] {
            stmt = stmt.replace(spaced, tight);
        }
        if !(stmt.starts_with("crate::") || stmt.starts_with("super::")) {
            continue;
        }
        match stmt.split_once("::{") {
            Some((base, items)) => {
                for item in items.trim_end_matches('}').split(',').filter(|i| !i.is_empty()) {
                    let first = item.split("::").next().unwrap().split(" as ").next().unwrap().trim_matches(|c| c == '{' || c == '}');
                    let mut path: Vec<String> = base.split("::").map(String::from).collect();
                    if !first.is_empty() && first != "self" && first != "*" {
                        path.push(first.to_string());
                    }
                    out.push(path);
                }
            }
            None => out.push(stmt.split(" as ").next().unwrap().trim_end_matches("::*").split("::").map(String::from).collect()),
        }
    }
    out
}

fn rust_edges() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mut paths = Vec::new();
    files_under(&Path::new(ROOT).join("src"), "rs", &mut paths);
    paths.retain(|p| !p.components().any(|c| c.as_os_str() == "bin"));
    let krate = Crate { files: paths.iter().map(|p| (module_path(p), p.clone())).collect() };
    let mut edges = BTreeMap::new();
    for (key, file) in &krate.files {
        let source = fs::read_to_string(file).unwrap();
        let mut deps = BTreeSet::new();
        for path in use_paths(&source) {
            let absolute: Vec<String> = match path[0].as_str() {
                "crate" => path[1..].to_vec(),
                _ => {
                    // each `super` is one module up (a folder's mod.rs is its folder's module)
                    let supers = path.iter().take_while(|p| *p == "super").count();
                    let mut here = key[..key.len().saturating_sub(supers)].to_vec();
                    here.extend(path[supers..].iter().cloned());
                    here
                }
            };
            if let Some(target) = krate.resolve(&absolute) {
                if target != file {
                    deps.insert(target.clone());
                }
            }
        }
        edges.insert(file.clone(), deps);
    }
    edges
}

/// The CLI binary's modules (`src/bin/mtl_lab.rs` and the files under
/// `src/bin/mtl_lab/` it declares): `use crate::x::…` or `use super::x::…` is an
/// edge to `x.rs`, or to the root when `x` is none of its modules. The root
/// dispatches to its modules, so it counts as using every one of them: a module
/// that imports from the root closes a circle.
fn cli_edges() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let root = Path::new(ROOT).join("src/bin/mtl_lab.rs");
    let dir = Path::new(ROOT).join("src/bin/mtl_lab");
    let mut modules = Vec::new();
    files_under(&dir, "rs", &mut modules);
    let mut edges = BTreeMap::from([(root.clone(), modules.iter().cloned().collect::<BTreeSet<_>>())]);
    for file in &modules {
        let source = fs::read_to_string(file).unwrap();
        let deps = use_paths(&source)
            .iter()
            .filter_map(|path| {
                let target = dir.join(format!("{}.rs", path.get(1)?));
                Some(if target.exists() { target } else { root.clone() })
            })
            .filter(|target| target != file)
            .collect();
        edges.insert(file.clone(), deps);
    }
    edges
}

fn js_edges() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let dir = Path::new(ROOT).join("www/js");
    let mut paths = Vec::new();
    files_under(&dir, "js", &mut paths);
    let mut edges = BTreeMap::new();
    for file in paths {
        let source = fs::read_to_string(&file).unwrap();
        let deps = source.split("from './").skip(1).filter_map(|rest| rest.split_once('\'').map(|(name, _)| dir.join(name))).collect();
        edges.insert(file, deps);
    }
    edges
}

/// The files that lie on a cycle, one group per strongly connected component.
fn cycles(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    // reachability by search from each file: small graphs, simple code
    let reach = |from: &PathBuf| {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&PathBuf> = edges.get(from).into_iter().flatten().collect();
        while let Some(f) = todo.pop() {
            if seen.insert(f.clone()) {
                todo.extend(edges.get(f).into_iter().flatten());
            }
        }
        seen
    };
    let reachable: BTreeMap<&PathBuf, BTreeSet<PathBuf>> = edges.keys().map(|f| (f, reach(f))).collect();
    let mut groups: Vec<Vec<PathBuf>> = Vec::new();
    for (f, r) in &reachable {
        if !r.contains(*f) || groups.iter().any(|g| g.contains(f)) {
            continue;
        }
        let group = reachable.iter().filter(|(g, gr)| r.contains(**g) && gr.contains(*f)).map(|(g, _)| (*g).clone()).collect();
        groups.push(group);
    }
    groups
}

/// Fails if `edges` (the files under `place`) hold a circle, or if the scan saw
/// fewer than `min_files` files and `min_edges` imports (a scan that read nothing
/// would find no circle either).
fn assert_no_circles(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>, place: &str, min_files: usize, min_edges: usize) {
    let count: usize = edges.values().map(BTreeSet::len).sum();
    assert!(edges.len() > min_files && count > min_edges, "the scan found too little: {} files, {count} edges", edges.len());
    let found: Vec<String> = cycles(edges)
        .iter()
        .map(|g| g.iter().map(|p| p.strip_prefix(ROOT).unwrap().display().to_string()).collect::<Vec<_>>().join(" ↔ "))
        .collect();
    assert!(found.is_empty(), "import circles in {place}:\n{}", found.join("\n"));
}

#[test]
fn the_core_has_no_import_circles() {
    assert_no_circles(&rust_edges(), "src/", 50, 150);
}

#[test]
fn the_cli_has_no_import_circles() {
    assert_no_circles(&cli_edges(), "src/bin/", 5, 15);
}

#[test]
fn the_page_scripts_have_no_import_circles() {
    assert_no_circles(&js_edges(), "www/js/", 10, 20);
}

#[test]
fn the_scan_sees_a_circle() {
    // two files that use each other, as train/config.rs and train/weighting.rs once did
    let a = PathBuf::from("a.rs");
    let b = PathBuf::from("b.rs");
    let c = PathBuf::from("c.rs");
    let edges = BTreeMap::from([
        (a.clone(), BTreeSet::from([b.clone()])),
        (b.clone(), BTreeSet::from([a.clone(), c.clone()])),
        (c.clone(), BTreeSet::new()),
    ]);
    assert_eq!(cycles(&edges), vec![vec![a, b]]);
    let paths = use_paths("use super::weighting::LossWeighting;\npub use crate::data::{\n    correlated::TASKS,\n    FunnelConfig,\n};\nlet x = 1; // use crate::nope;\n");
    assert_eq!(
        paths,
        vec![vec!["super", "weighting", "LossWeighting"], vec!["crate", "data", "correlated"], vec!["crate", "data", "FunnelConfig"]]
    );
}
