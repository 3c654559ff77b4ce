//! Long-running work the SDK awaits in one call: decided from the document, like paging. An
//! operation that starts such work (`create_dashboard_render_task`, `create_query_task`,
//! `start_pdt_build`, `async_deploy_ref_to_production`) gets a method on its request builder
//! that returns the runtime's `Task` of its family, when the document has every operation the
//! runtime calls for that family (it finds them in the API description by these ids).

use std::collections::BTreeSet;

use super::Operation;

/// A kind of long-running work; its runtime counterpart is `rt::wait::{runtime_type}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TaskFamily {
    /// Render tasks (PDF, PNG, JPG of dashboards, dashboard elements, Looks, queries).
    Render,
    /// Async query tasks.
    QueryTask,
    /// PDT builds.
    PdtBuild,
    /// Deploys to production.
    Deploy,
}

impl TaskFamily {
    const ALL: [TaskFamily; 4] = [
        TaskFamily::Render,
        TaskFamily::QueryTask,
        TaskFamily::PdtBuild,
        TaskFamily::Deploy,
    ];

    /// The operations that start the work.
    fn starts(self) -> &'static [&'static str] {
        match self {
            TaskFamily::Render => &[
                "create_dashboard_render_task",
                "create_dashboard_element_render_task",
                "create_look_render_task",
                "create_query_render_task",
                "create_lookml_dashboard_render_task",
            ],
            TaskFamily::QueryTask => &["create_query_task"],
            TaskFamily::PdtBuild => &["start_pdt_build"],
            TaskFamily::Deploy => &["async_deploy_ref_to_production"],
        }
    }

    /// The operations the runtime calls while it waits (all must be in the document).
    fn needs(self) -> &'static [&'static str] {
        match self {
            TaskFamily::Render => &["render_task", "render_task_results"],
            TaskFamily::QueryTask => &["query_task", "query_task_results", "kill_query"],
            TaskFamily::PdtBuild => &["check_pdt_build", "stop_pdt_build"],
            TaskFamily::Deploy => &["async_deploy_status"],
        }
    }

    /// The runtime's marker type (`rt::wait::Render`).
    pub fn runtime_type(self) -> &'static str {
        match self {
            TaskFamily::Render => "Render",
            TaskFamily::QueryTask => "QueryResults",
            TaskFamily::PdtBuild => "PdtBuild",
            TaskFamily::Deploy => "Deploy",
        }
    }

    /// The request builder's method that awaits the work.
    pub fn method(self) -> &'static str {
        match self {
            TaskFamily::Render => "rendered",
            TaskFamily::QueryTask => "results",
            TaskFamily::PdtBuild => "until_built",
            TaskFamily::Deploy => "until_deployed",
        }
    }

    /// What the method does, for its documentation.
    pub fn doc(self) -> &'static str {
        match self {
            TaskFamily::Render => {
                "Starts the render and awaits the rendered document (`Content`: media type and \
                 bytes; or `.download_to(path)`, `.write_to(writer)`): polls `render_task` until \
                 `success`, then `render_task_results`. Looker cannot stop a render task: on the \
                 deadline or a cancel it runs to its end on the server."
            }
            TaskFamily::QueryTask => {
                "Starts the query task and awaits its results (`Content`, in the task's \
                 `result_format`): polls `query_task` until `complete`, then `query_task_results` \
                 (a `202` is \"not yet\"). On the deadline or a cancel the query is killed \
                 (`kill_query`)."
            }
            TaskFamily::PdtBuild => {
                "Starts the PDT build and awaits its end (`Finished`): polls `check_pdt_build` \
                 until the build's status is `complete`. On the deadline or a cancel the build is \
                 stopped (`stop_pdt_build`)."
            }
            TaskFamily::Deploy => {
                "Starts the deploy and awaits its end (`Finished`): polls `async_deploy_status` \
                 until `SUCCESS` or `FAILED`. Looker cannot stop a deploy."
            }
        }
    }
}

/// The family each operation of `ops` starts, set on it where the document has every
/// operation the family needs.
pub fn mark(ops: &mut [Operation]) {
    let present: BTreeSet<String> = ops.iter().map(|op| op.operation_id.clone()).collect();
    for op in ops.iter_mut() {
        op.task = TaskFamily::ALL.into_iter().find(|family| {
            family.starts().contains(&op.operation_id.as_str())
                && family.needs().iter().all(|id| present.contains(*id))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_names_distinct_operations_and_methods() {
        let mut seen = BTreeSet::new();
        for family in TaskFamily::ALL {
            for id in family.starts().iter().chain(family.needs()) {
                assert!(seen.insert(*id), "{id} in two families");
            }
        }
        let methods: BTreeSet<_> = TaskFamily::ALL.iter().map(|f| f.method()).collect();
        assert_eq!(methods.len(), TaskFamily::ALL.len());
    }
}
