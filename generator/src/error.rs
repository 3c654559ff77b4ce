//! The generator's error type: every failure names where in the document it happened.

use std::fmt;
use std::path::PathBuf;

/// A failure of the generator, with the place it concerns.
#[derive(Debug)]
pub enum CodegenError {
    /// The document could not be read from disk.
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The document is not valid JSON or YAML (`location` is `line L column C`).
    Syntax {
        format: &'static str,
        location: String,
        message: String,
    },
    /// The document is well-formed but not a usable OpenAPI document at `pointer`.
    Invalid { pointer: String, message: String },
    /// A generated file could not be written.
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A thread of the generator panicked (a bug of the generator) or could not be started.
    Internal { message: String },
}

impl CodegenError {
    /// An `Invalid` error at a JSON pointer.
    pub fn invalid(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        CodegenError::Invalid {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            CodegenError::Syntax {
                format,
                location,
                message,
            } => write!(f, "not valid {format} at {location}: {message}"),
            CodegenError::Invalid { pointer, message } => {
                let at = if pointer.is_empty() { "/" } else { pointer };
                write!(f, "invalid document at {at}: {message}")
            }
            CodegenError::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
            CodegenError::Internal { message } => write!(f, "generator failure: {message}"),
        }
    }
}

impl std::error::Error for CodegenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CodegenError::Read { source, .. } | CodegenError::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer_push(pointer: &str, token: &str) -> String {
    let escaped = token.replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{escaped}")
}
