//! Step 4 of the pipeline: the model rendered as Rust source text, laid out as rustfmt would.
//!
//! Layout of the output directory, made for review: one file per API area (Looker tag) for
//! models and one for methods, so that a new Looker release touches few files.
//! `mod.rs` files name the spec version and hash; the area files name only the command that
//! regenerates them, so a version bump does not rewrite every file.

mod code;
mod docs;
mod methods;
mod models;
mod rust_types;

use crate::error::CodegenError;
use crate::model::{Api, Operation, TypeDef, SHARED_AREA};
use code::{string_literal, Code};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The command named in every generated file's header.
pub const REGENERATE_COMMAND: &str = "cargo codegen generate";

/// One generated file: a path relative to the output directory and its content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub content: String,
}

/// Renders the whole API; `spec_hash` identifies the document in the headers. Area files are
/// rendered on all cores; the output does not depend on how many there are.
pub fn emit(api: &Api, spec_hash: &str) -> Result<Vec<GeneratedFile>, CodegenError> {
    let mut model_areas: BTreeMap<&str, Vec<&TypeDef>> = BTreeMap::new();
    for def in &api.types {
        model_areas.entry(def.area.as_str()).or_default().push(def);
    }
    let mut method_areas: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        method_areas.entry(op.area.as_str()).or_default().push(op);
    }
    let public_model_areas: BTreeSet<&str> = model_areas.keys().copied().collect();
    let public_method_areas: BTreeSet<&str> = api
        .operations
        .iter()
        .filter(|op| methods::declares_public_items(op))
        .map(|op| op.area.as_str())
        .collect();

    let mut files = vec![
        root_file(api, spec_hash),
        area_index(
            "models",
            model_areas.keys(),
            &public_model_areas,
            "Models: the request and response types of the API, by area.",
        )?,
        area_index(
            "methods",
            method_areas.keys(),
            &public_method_areas,
            "Request builders and result enums of the API's methods, by area; the methods themselves are on [`LookerSdk`](crate::LookerSdk).",
        )?,
    ];
    let jobs: Vec<AreaFile> = model_areas
        .into_iter()
        .map(|(area, defs)| AreaFile::Models(area, defs))
        .chain(
            method_areas
                .into_iter()
                .map(|(area, ops)| AreaFile::Methods(area, ops)),
        )
        .collect();
    files.extend(render_in_parallel(&jobs)?);
    Ok(files)
}

/// One area file to render.
enum AreaFile<'a> {
    Models(&'a str, Vec<&'a TypeDef>),
    Methods(&'a str, Vec<&'a Operation>),
}

impl AreaFile<'_> {
    fn render(&self) -> Result<GeneratedFile, CodegenError> {
        let mut code = Code::new();
        let (path, kind) = match self {
            AreaFile::Models(area, defs) => {
                code.line("#[allow(unused_imports)]");
                code.line("use serde::{Deserialize, Serialize};");
                code.blank();
                code.line("#[allow(unused_imports)]");
                code.line("use super::*;");
                for def in defs {
                    models::type_def(&mut code, def)?;
                }
                (area, "models")
            }
            AreaFile::Methods(area, ops) => {
                code.line("#[allow(unused_imports)]");
                code.line("use crate::models::*;");
                methods::area(&mut code, ops)?;
                (area, "methods")
            }
        };
        Ok(file(
            format!("{kind}/{path}.rs"),
            &area_header(path, kind),
            code,
        ))
    }
}

/// Renders `jobs` on every available core, returning the files in the order of `jobs`.
fn render_in_parallel(jobs: &[AreaFile]) -> Result<Vec<GeneratedFile>, CodegenError> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let mut rendered: Vec<(usize, Result<GeneratedFile, CodegenError>)> =
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let index = next.fetch_add(1, Ordering::Relaxed);
                            let Some(job) = jobs.get(index) else { break };
                            done.push((index, job.render()));
                        }
                        done
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|handle| {
                    handle.join().unwrap_or_else(|_| {
                        vec![(
                            usize::MAX,
                            Err(CodegenError::Emit {
                                file: "<worker>".to_owned(),
                                message: "a rendering thread panicked".to_owned(),
                            }),
                        )]
                    })
                })
                .collect()
        });
    rendered.sort_by_key(|(index, _)| *index);
    rendered.into_iter().map(|(_, file)| file).collect()
}

fn root_file(api: &Api, spec_hash: &str) -> GeneratedFile {
    let mut code = Code::new();
    code.line("pub mod methods;");
    code.blank();
    code.line("pub mod models;");
    code.blank();
    code.line("/// The version of the API document this SDK was generated from.");
    code.line(format_args!(
        "pub const SPEC_VERSION: &str = {};",
        string_literal(&api.version)
    ));
    code.blank();
    code.line(
        "/// The path of the API below the Looker host, from the document's `servers`: every",
    );
    code.line("/// request goes to `base_url`, then this path, then the operation's path.");
    code.line(format_args!(
        "pub const API_PATH: &str = {};",
        string_literal(&api.base_path)
    ));
    let header = format!(
        "// @generated by looker-codegen from {title} {version} (spec fnv1a-64 {spec_hash}).\n\
         // Do not edit: `cargo build` regenerates it, or run `{REGENERATE_COMMAND}`.\n\
         //! Machine-written part of the SDK: models and methods of {title} {version}.\n",
        title = api.title,
        version = api.version,
    );
    file("mod.rs".to_owned(), &header, code)
}

/// `mod` declarations of an area directory, each gated by its feature, and re-exports of the
/// areas with public items.
fn area_index<'a>(
    dir: &str,
    areas: impl Iterator<Item = &'a &'a str>,
    public: &BTreeSet<&str>,
    doc: &str,
) -> Result<GeneratedFile, CodegenError> {
    let mut code = Code::new();
    let gate = |area: &str| {
        if area == SHARED_AREA {
            String::new()
        } else {
            format!("#[cfg(looker_area = {})]", string_literal(area))
        }
    };
    for area in areas {
        code.blank();
        code.attr(&gate(area));
        code.line(format_args!("mod {};", rust_types::ident(area)?));
    }
    for area in public {
        code.blank();
        code.attr(&gate(area));
        code.line("#[allow(unused_imports)]");
        code.line(format_args!("pub use {}::*;", rust_types::ident(area)?));
    }
    let header = format!(
        "// @generated by looker-codegen. Do not edit: `cargo build` regenerates it, or run `{REGENERATE_COMMAND}`.\n//! {doc}\n"
    );
    Ok(file(format!("{dir}/mod.rs"), &header, code))
}

fn area_header(area: &str, kind: &str) -> String {
    format!(
        "// @generated by looker-codegen: the {kind} of the `{area}` area. Do not edit: `cargo build`\n\
         // regenerates it, or run `{REGENERATE_COMMAND}`. The spec version is in generated/mod.rs.\n\
         #![allow(deprecated)]\n"
    )
}

/// A generated file: its header, a blank line, then the code.
fn file(path: String, header: &str, code: Code) -> GeneratedFile {
    let body = code.finish();
    GeneratedFile {
        content: format!("{header}\n{}", body.trim_start_matches('\n')),
        path,
    }
}
