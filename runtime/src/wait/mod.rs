//! Looker's long-running work, awaited in one call: renders, async queries, PDT builds and
//! deploys. Generated request builders of the operations that start such work get a method
//! that returns a [`Task`] (where the document has the operations it needs):
//!
//! | started by | method | awaited | when it is cancelled or times out |
//! | --- | --- | --- | --- |
//! | `create_dashboard_render_task`, `create_dashboard_element_render_task`, `create_look_render_task`, `create_query_render_task` | `.rendered()` (also `.download_to(path)`, `.write_to(w)`) | [`Content`](crate::Content) | Looker cannot stop a render: it runs to its end |
//! | `create_query_task` | `.results()` | [`Content`](crate::Content) | killed (`kill_query`) |
//! | `start_pdt_build` | `.until_built()` | [`Finished`] | stopped (`stop_pdt_build`) |
//! | `async_deploy_ref_to_production` | `.until_deployed()` | [`Finished`] | Looker cannot stop a deploy |
//!
//! The wait polls by a [`WaitPolicy`] (growing interval, jitter, deadline), treats a `202` as
//! "not yet" (honouring its `Retry-After`), retries a `429` by the client's retry policy like
//! any call, and ends with the result or an [`Error::Task`](crate::Error::Task): Looker's
//! failure and message, the deadline with the last status, or a cancel through a
//! [`CancelHandle`]. Dropping the future before it ends stops the work on the server at best
//! (the stop request is spawned, nobody learns its outcome); cancel through the handle and
//! await the task to know. [`Waiter`] is the wait on its own, for work the SDK has no call for.

mod cancel;
mod families;
mod follow;
mod policy;
mod task;
mod waiter;

pub use cancel::CancelHandle;
pub use families::{Deploy, PdtBuild, QueryResults, Render};
pub use policy::WaitPolicy;
pub use task::{Family, Finished, Task};
pub use waiter::{WaitOptions, Waiter};
