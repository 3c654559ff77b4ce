//! Step 5 of the pipeline: write generated files atomically, and only those that changed.

use crate::emit::{GeneratedFile, MARKER};
use crate::error::CodegenError;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// What writing did, by relative path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

/// Writes `files` below `out_dir`: each changed file through a temporary file and a rename,
/// unchanged files untouched, generated files no longer produced removed.
pub fn write_all(out_dir: &Path, files: &[GeneratedFile]) -> Result<WriteReport, CodegenError> {
    let mut report = WriteReport::default();
    for file in files {
        let target = out_dir.join(&file.path);
        if fs::read(&target).is_ok_and(|old| old == file.content.as_bytes()) {
            report.unchanged.push(file.path.clone());
            continue;
        }
        write_atomically(&target, file.content.as_bytes())?;
        report.written.push(file.path.clone());
    }
    for stale in leftover_files(out_dir, files) {
        let target = out_dir.join(&stale);
        fs::remove_file(&target).map_err(|source| CodegenError::Write {
            path: target,
            source,
        })?;
        report.removed.push(stale);
    }
    Ok(report)
}

/// The paths whose content on disk differs from `files` (missing, changed or left over).
pub fn stale_files(out_dir: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let mut stale: Vec<String> = files
        .iter()
        .filter(|f| fs::read(out_dir.join(&f.path)).map_or(true, |old| old != f.content.as_bytes()))
        .map(|f| f.path.clone())
        .collect();
    stale.extend(leftover_files(out_dir, files));
    stale
}

/// Writes one file through a temporary file and a rename: readers see the old or the new
/// content, never a half-written file. A symlink is written through (the file it points to is
/// replaced, the link stays); a target that exists and is not a regular file (a device such as
/// `/dev/null`, a FIFO, a socket, a directory) is refused, never renamed over.
pub fn write_atomically(target: &Path, content: &[u8]) -> Result<(), CodegenError> {
    let error = |path: &Path| {
        let path = path.to_owned();
        move |source| CodegenError::Write { path, source }
    };
    let resolved = regular_file_target(target).map_err(error(target))?;
    let target = resolved.as_path();
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir).map_err(error(dir))?;
    }
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = target.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    fs::write(&temp, content).map_err(error(&temp))?;
    fs::rename(&temp, target).map_err(|source| {
        let _ = fs::remove_file(&temp);
        CodegenError::Write {
            path: target.to_owned(),
            source,
        }
    })
}

/// Where writing `target` must go: `target` itself when it does not exist or is a regular file,
/// the file a symlink finally points to, or an error for anything else.
fn regular_file_target(target: &Path) -> std::io::Result<PathBuf> {
    let resolved = match fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(target.to_owned()),
        Err(e) => return Err(e),
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(target)?,
        Ok(_) => target.to_owned(),
    };
    let meta = fs::metadata(&resolved)?;
    if meta.is_file() {
        Ok(resolved)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "{} is not a regular file; refusing to replace it",
                resolved.display()
            ),
        ))
    }
}

/// Generated `.rs` files below `out_dir` (recognised by their first line) not in `files`.
fn leftover_files(out_dir: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut found = Vec::new();
    collect_rs(out_dir, out_dir, &mut found);
    found.sort();
    found
        .into_iter()
        .filter(|(relative, _)| !wanted.contains(relative.as_str()))
        .filter(|(_, path)| fs::read_to_string(path).is_ok_and(|text| text.starts_with(MARKER)))
        .map(|(relative, _)| relative)
        .collect()
}

fn collect_rs(root: &Path, dir: &Path, found: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rs(root, &path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            if let Ok(relative) = path.strip_prefix(root) {
                let relative = relative.to_string_lossy().replace('\\', "/");
                found.push((relative, path));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, content: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            content: format!("{MARKER}\n{content}"),
        }
    }

    #[test]
    fn writes_changed_keeps_unchanged_removes_leftovers() {
        let dir = std::env::temp_dir().join(format!("looker-codegen-write-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let first = [file("mod.rs", "a"), file("models/x.rs", "x")];
        let report = write_all(&dir, &first).unwrap();
        assert_eq!(report.written, ["mod.rs", "models/x.rs"]);
        fs::write(dir.join("models/hand.rs"), "// written by a person").unwrap();

        let second = [file("mod.rs", "a"), file("models/y.rs", "y")];
        assert_eq!(stale_files(&dir, &second), ["models/y.rs", "models/x.rs"]);
        let report = write_all(&dir, &second).unwrap();
        assert_eq!(report.unchanged, ["mod.rs"]);
        assert_eq!(report.written, ["models/y.rs"]);
        assert_eq!(report.removed, ["models/x.rs"]);
        assert!(
            dir.join("models/hand.rs").exists(),
            "only generated files are removed"
        );
        assert!(stale_files(&dir, &second).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn writes_go_through_symlinks_and_never_replace_what_is_not_a_file() {
        let dir = std::env::temp_dir().join(format!("looker-codegen-links-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let real = dir.join("Cargo.real.toml");
        fs::write(&real, "old").unwrap();
        let link = dir.join("Cargo.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert_eq!(
            fs::read_to_string(&real).unwrap(),
            "new",
            "the file pointed to is written"
        );
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link stays"
        );

        let null = Path::new("/dev/null");
        let error = write_atomically(null, b"text").unwrap_err();
        assert!(
            error.to_string().contains("is not a regular file"),
            "{error}"
        );
        assert!(
            !fs::metadata(null).unwrap().is_file(),
            "/dev/null is still a device"
        );
        let link_to_null = dir.join("null-link");
        std::os::unix::fs::symlink(null, &link_to_null).unwrap();
        assert!(write_atomically(&link_to_null, b"text").is_err());
        assert!(write_atomically(&dir, b"text").is_err(), "a directory");
        fs::remove_dir_all(&dir).unwrap();
    }
}
