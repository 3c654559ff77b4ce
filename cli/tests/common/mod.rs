//! Runs the real `looker-codegen` binary in a temporary working directory, with a deadline.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The longest any one run of the binary may take.
const DEADLINE: Duration = Duration::from_secs(60);

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// A fresh, empty working directory (no looker.ini), removed when dropped.
pub struct WorkDir(PathBuf);

impl WorkDir {
    pub fn new(name: &str) -> Self {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "looker-codegen-cli-{name}-{}-{n}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create the working directory");
        WorkDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Runs `looker-codegen args` in `dir` with only the `LOOKERSDK_*` variables of `env` (those
/// of the test process are removed); kills it and fails after [`DEADLINE`].
pub fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let logs = dir.join(".run-logs");
    fs::create_dir_all(&logs).expect("log directory");
    let stdout_path = logs.join("stdout");
    let stderr_path = logs.join("stderr");
    let mut command = Command::new(env!("CARGO_BIN_EXE_looker-codegen"));
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout_path).expect("stdout file"))
        .stderr(fs::File::create(&stderr_path).expect("stderr file"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("LOOKERSDK_") {
            command.env_remove(name);
        }
    }
    command.envs(env.iter().copied());
    let mut child = command.spawn().expect("the binary starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the binary") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("looker-codegen {args:?} ran longer than {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |path: &Path| fs::read_to_string(path).expect("output of the binary");
    let run = Run {
        code: status.code(),
        stdout: read(&stdout_path),
        stderr: read(&stderr_path),
    };
    let _ = fs::remove_dir_all(&logs);
    run
}
