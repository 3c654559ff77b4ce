//! Unpacks `documents/*.json.gz` into `OUT_DIR`, once per change of the folder.

use std::io::Read;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=documents");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(error) = unpack_all(Path::new("documents"), &out) {
        eprintln!("error: cannot unpack Looker's documents: {error}");
        std::process::exit(1);
    }
}

fn unpack_all(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(document) = name.strip_suffix(".gz") else {
            continue;
        };
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&path)?).read_to_end(&mut text)?;
        let target = to.join(document);
        // Written under another name, then renamed: a reader never sees half a document.
        let partial = to.join(format!("{document}.partial"));
        std::fs::write(&partial, &text)?;
        std::fs::rename(&partial, &target)?;
    }
    Ok(())
}
