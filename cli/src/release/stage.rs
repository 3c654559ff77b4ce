//! All or nothing: new file contents staged in memory, then written in two phases. First every
//! new content goes to a temporary file beside its target (a failure there removes them and
//! leaves the tree as it was); then the temporary files are renamed over their targets and the
//! removals done, and a failure there puts back what had been replaced or removed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The changes to make, in order.
#[derive(Debug, Default)]
pub struct Staged {
    changes: Vec<Change>,
}

#[derive(Debug)]
enum Change {
    Write { path: PathBuf, content: Vec<u8> },
    Remove { path: PathBuf },
}

/// A change ready to apply: where, its temporary file and what was there before.
struct Prepared {
    target: PathBuf,
    temp: Option<PathBuf>,
    before: Option<(Vec<u8>, fs::Permissions)>,
}

impl Staged {
    /// Writes `content` to `path` (through a symlink, to the file it points to).
    pub fn write(&mut self, path: PathBuf, content: impl Into<Vec<u8>>) {
        self.changes.push(Change::Write {
            path,
            content: content.into(),
        });
    }

    /// Removes the file at `path`.
    pub fn remove(&mut self, path: PathBuf) {
        self.changes.push(Change::Remove { path });
    }

    /// Makes every change, or none: on an error the tree is as it was, unless restoring it
    /// failed too, which the error then says.
    pub fn commit(self) -> Result<(), String> {
        #[cfg(not(test))]
        return self.commit_with(|_| Ok(()));
        #[cfg(test)]
        return self.commit_with(tests::injected_failure);
    }

    /// [`Staged::commit`], calling `before_apply` with each target just before it is replaced
    /// or removed (the tests make it fail there).
    fn commit_with(
        self,
        mut before_apply: impl FnMut(&Path) -> io::Result<()>,
    ) -> Result<(), String> {
        let mut created_dirs = Vec::new();
        let mut prepared = Vec::new();
        for change in &self.changes {
            match prepare(change, &mut created_dirs) {
                Ok(ready) => prepared.push(ready),
                Err(message) => {
                    discard(&prepared, &created_dirs);
                    return Err(message);
                }
            }
        }
        for (done, ready) in prepared.iter().enumerate() {
            let applied = before_apply(&ready.target).and_then(|()| match &ready.temp {
                Some(temp) => fs::rename(temp, &ready.target),
                None => fs::remove_file(&ready.target),
            });
            if let Err(error) = applied {
                let message = format!("cannot write {}: {error}", ready.target.display());
                let unrestored = restore(&prepared[..done]);
                discard(&prepared[done..], &created_dirs);
                return Err(if unrestored.is_empty() {
                    format!("{message}; nothing was changed")
                } else {
                    format!(
                        "{message}; these files could not be put back: {}",
                        unrestored.join(", ")
                    )
                });
            }
        }
        Ok(())
    }
}

/// Checks a change's target, keeps its current content and writes the new one beside it.
fn prepare(change: &Change, created_dirs: &mut Vec<PathBuf>) -> Result<Prepared, String> {
    let (path, content) = match change {
        Change::Write { path, content } => (path, Some(content)),
        Change::Remove { path } => (path, None),
    };
    let failed = |error: io::Error| format!("cannot write {}: {error}", path.display());
    let target = match (fs::symlink_metadata(path), content) {
        (Ok(meta), Some(_)) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(failed)?
        }
        _ => path.clone(),
    };
    let before = match fs::metadata(&target) {
        Ok(meta) if meta.is_file() => {
            Some((fs::read(&target).map_err(failed)?, meta.permissions()))
        }
        Ok(_) => {
            return Err(format!(
                "{} is not a regular file; refusing to replace it",
                target.display()
            ))
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound && content.is_some() => None,
        Err(error) => return Err(failed(error)),
    };
    let Some(content) = content else {
        return Ok(Prepared {
            target,
            temp: None,
            before,
        });
    };
    if let Some(dir) = target.parent() {
        create_dirs(dir, created_dirs).map_err(failed)?;
    }
    let temp = temp_path(&target);
    let written = fs::write(&temp, content).and_then(|()| match &before {
        Some((_, permissions)) => fs::set_permissions(&temp, permissions.clone()),
        None => Ok(()),
    });
    if let Err(error) = written {
        let _ = fs::remove_file(&temp);
        return Err(failed(error));
    }
    Ok(Prepared {
        target,
        temp: Some(temp),
        before,
    })
}

/// Creates `dir` and its missing parents, noting the ones it created.
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> io::Result<()> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|ancestor| !ancestor.as_os_str().is_empty() && !ancestor.exists())
        .collect();
    for ancestor in missing.into_iter().rev() {
        fs::create_dir(ancestor)?;
        created.push(ancestor.to_owned());
    }
    Ok(())
}

/// Puts back what `applied` replaced or removed, latest first; the targets that could not be.
fn restore(applied: &[Prepared]) -> Vec<String> {
    let mut unrestored = Vec::new();
    for change in applied.iter().rev() {
        let restored = match &change.before {
            Some((content, permissions)) => {
                let temp = temp_path(&change.target);
                fs::write(&temp, content)
                    .and_then(|()| fs::set_permissions(&temp, permissions.clone()))
                    .and_then(|()| fs::rename(&temp, &change.target))
            }
            None => fs::remove_file(&change.target),
        };
        if restored.is_err() {
            unrestored.push(change.target.display().to_string());
        }
    }
    unrestored
}

/// Removes the temporary files not renamed yet and the directories created for them.
fn discard(prepared: &[Prepared], created_dirs: &[PathBuf]) {
    for temp in prepared.iter().filter_map(|change| change.temp.as_ref()) {
        let _ = fs::remove_file(temp);
    }
    for dir in created_dirs.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::cell::RefCell;

    thread_local! {
        /// The target whose replacement [`Staged::commit`] fails on this thread, in tests.
        static FAIL_AT: RefCell<Option<PathBuf>> = const { RefCell::new(None) };
    }

    /// Makes [`Staged::commit`] on this thread fail just before replacing `target`.
    pub fn fail_at(target: Option<PathBuf>) {
        FAIL_AT.with(|fail_at| *fail_at.borrow_mut() = target);
    }

    pub(super) fn injected_failure(target: &Path) -> io::Result<()> {
        let fail = FAIL_AT.with(|fail_at| fail_at.borrow().as_deref() == Some(target));
        if fail {
            return Err(io::Error::other("injected failure"));
        }
        Ok(())
    }

    fn dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("looker-stage-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("a"), "a0").unwrap();
        fs::write(dir.join("sub/b"), "b0").unwrap();
        fs::write(dir.join("gone"), "g0").unwrap();
        dir
    }

    fn staged(dir: &Path) -> Staged {
        let mut staged = Staged::default();
        staged.write(dir.join("a"), "a1");
        staged.remove(dir.join("gone"));
        staged.write(dir.join("new/deeper/c"), "c1");
        staged.write(dir.join("sub/b"), "b1");
        staged
    }

    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut stack = vec![dir.to_owned()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let content = if path.is_dir() {
                    stack.push(path.clone());
                    "<dir>".to_owned()
                } else {
                    fs::read_to_string(&path).unwrap()
                };
                found.push((path.display().to_string(), content));
            }
        }
        found.sort();
        found
    }

    #[test]
    fn commits_every_change() {
        let dir = dir("all");
        staged(&dir).commit().unwrap();
        assert_eq!(fs::read_to_string(dir.join("a")).unwrap(), "a1");
        assert_eq!(fs::read_to_string(dir.join("sub/b")).unwrap(), "b1");
        assert_eq!(fs::read_to_string(dir.join("new/deeper/c")).unwrap(), "c1");
        assert!(!dir.join("gone").exists());
        assert_eq!(listing(&dir).len(), 6, "no temporary file left");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failure_while_renaming_puts_everything_back() {
        let dir = dir("rename");
        let before = listing(&dir);
        // The last target turns into a directory after the others were replaced or removed.
        let last = dir.join("sub/b");
        let error = staged(&dir)
            .commit_with(|target| {
                if target == last {
                    fs::remove_file(target)?;
                    fs::create_dir(target)?;
                    fs::write(target.join("x"), "in the way")?;
                }
                Ok(())
            })
            .unwrap_err();
        assert!(error.contains("nothing was changed"), "{error}");
        fs::remove_dir_all(&last).unwrap();
        fs::write(&last, "b0").unwrap();
        assert_eq!(listing(&dir), before);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failure_while_staging_writes_nothing() {
        let dir = dir("stage");
        fs::create_dir(dir.join("sub/b2")).unwrap();
        let before = listing(&dir);
        let mut staged = staged(&dir);
        staged.write(dir.join("sub/b2"), "a directory is in the way");
        let error = staged.commit().unwrap_err();
        assert!(error.contains("not a regular file"), "{error}");
        assert_eq!(listing(&dir), before);
        fs::remove_dir_all(&dir).unwrap();
    }
}
