//! Helpers: inline and corpus documents, rendering, temporary directories, and assertions
//! about the errors of broken documents.

use looker_codegen::{render_str, CodegenError, Config, Rendered};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The start of every inline document.
pub(crate) const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Robustness, version: 0.0.1}\n";

/// An inline YAML document: `HEAD` followed by `body`.
pub(crate) fn yaml(body: &str) -> String {
    format!("{HEAD}{body}")
}

pub(crate) fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

pub(crate) fn corpus(name: &str) -> String {
    let path = corpus_dir().join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A real Looker document (`Looker.4.0.26.12.oas.json`), from the `looker-specs` crate.
pub(crate) fn real_document(name: &str) -> String {
    let path = looker_specs::dir().join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Renders a document that must render.
#[track_caller]
pub(crate) fn render(file_name: &str, text: &str) -> Rendered {
    render_str(file_name, text).unwrap_or_else(|e| panic!("{file_name} does not render: {e}"))
}

pub(crate) fn render_corpus(name: &str) -> Rendered {
    render(name, &corpus(name))
}

/// The content of one generated file.
#[track_caller]
pub(crate) fn file<'r>(rendered: &'r Rendered, path: &str) -> &'r str {
    rendered
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.content.as_str())
        .unwrap_or_else(|| panic!("no generated file {path}"))
}

/// The repairs reported for a document, as `(repair, pointer)`.
pub(crate) fn repairs(rendered: &Rendered) -> Vec<(&str, &str)> {
    rendered
        .diagnostics
        .iter()
        .map(|d| (d.repair.as_str(), d.pointer.as_str()))
        .collect()
}

/// A fresh directory under the system's temporary directory, removed when dropped.
pub(crate) struct TempDir(pub(crate) PathBuf);

impl TempDir {
    pub(crate) fn new(label: &str) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let label: String = label
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let path = std::env::temp_dir().join(format!(
            "looker-codegen-robustness-{}-{}-{label}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Every file below `dir` (recursively), with its content.
pub(crate) fn files_below(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_below(&path));
        } else {
            found.insert(path.clone(), fs::read(&path).expect("read a file"));
        }
    }
    found
}

/// Writes `bytes` as the document `file_name`, runs `Config::generate` into a fresh output
/// directory, and returns the error it must end in, after checking that nothing was written
/// and that `Config::check` fails the same way.
#[track_caller]
pub(crate) fn generate_fails(file_name: &str, bytes: impl AsRef<[u8]>) -> CodegenError {
    let dir = TempDir::new(file_name);
    let spec = dir.0.join(file_name);
    fs::write(&spec, bytes).expect("write the document");
    let out = dir.0.join("out");
    let config = Config::new(&spec, &out);
    let err = match config.generate() {
        Ok((rendered, _)) => panic!(
            "{file_name} generated {} files instead of failing",
            rendered.files.len()
        ),
        Err(err) => err,
    };
    let written = files_below(&out);
    assert!(
        written.is_empty(),
        "{file_name}: a failed generation wrote {:?}",
        written.keys().collect::<Vec<_>>()
    );
    let check = config.check().expect_err("check fails like generate");
    assert_eq!(check.to_string(), err.to_string());
    err
}

/// Asserts that `err` is a syntax error of `format` at exactly `location`, whose message
/// contains `message`, and that its text names the location.
#[track_caller]
pub(crate) fn assert_syntax(err: &CodegenError, format: &str, location: &str, message: &str) {
    match err {
        CodegenError::Syntax {
            format: f,
            location: l,
            message: m,
        } => {
            assert_eq!((*f, l.as_str()), (format, location), "{err}");
            assert!(m.contains(message), "expected `{message}` in: {err}");
            assert!(err.to_string().contains(location), "{err}");
        }
        other => panic!("expected a {format} syntax error at {location}, got {other:?}"),
    }
}

/// Asserts that `err` is an invalid-document error at exactly `pointer`, whose message
/// contains `message`, and that its text names the pointer.
#[track_caller]
pub(crate) fn assert_invalid(err: &CodegenError, pointer: &str, message: &str) {
    match err {
        CodegenError::Invalid {
            pointer: p,
            message: m,
        } => {
            assert_eq!(p, pointer, "{err}");
            assert!(m.contains(message), "expected `{message}` in: {err}");
            let shown = if pointer.is_empty() { "/" } else { pointer };
            assert!(err.to_string().contains(shown), "{err}");
        }
        other => panic!("expected an invalid document at {pointer}, got {other:?}"),
    }
}

/// Renders an inline YAML document that must fail, and returns its error.
#[track_caller]
pub(crate) fn render_fails(text: &str) -> CodegenError {
    match render_str("inline.yaml", text) {
        Ok(rendered) => panic!(
            "rendered {} files instead of failing:\n{text}",
            rendered.files.len()
        ),
        Err(err) => err,
    }
}

/// Runs `f` on a thread with a 2 MiB stack: a recursion without bound overflows it (and
/// aborts the test binary) long before it would on the main thread.
pub(crate) fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("small-stack".into())
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn a thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Asserts that `f` took less than a few seconds (no quadratic blow-up).
#[track_caller]
pub(crate) fn assert_quick<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = f();
    let took = start.elapsed();
    assert!(took < Duration::from_secs(10), "{what} took {took:?}");
    result
}
