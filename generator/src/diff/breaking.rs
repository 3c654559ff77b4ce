//! The kinds of break a [`Breaking`](super::Breaking) entry reports.

use std::fmt;

/// What kind of break a [`Breaking`](super::Breaking) entry is. `Display` (and
/// [`BreakingKind::as_str`]) gives its name in kebab case (`method-removed`), as the reports
/// write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BreakingKind {
    /// A method of `LookerSdk` is gone.
    MethodRemoved,
    /// A method is gone because its operation was renamed: call the new one.
    MethodRenamed,
    /// A method returns a request builder of another name.
    BuilderRenamed,
    /// A method or constructor takes a new required argument.
    ArgumentAdded,
    /// A method or constructor no longer takes an argument.
    ArgumentRemoved,
    /// An argument's type changed, or the arguments were reordered.
    ArgumentChanged,
    /// Awaiting a method's request gives another type.
    OutputChanged,
    /// A type (model, builder, result enum) or a method's output is gone.
    TypeRemoved,
    /// A type became another kind of item (a struct an enum, say).
    TypeKindChanged,
    /// A type alias names another type.
    AliasChanged,
    /// A struct field is gone.
    FieldRemoved,
    /// A struct field's type changed.
    FieldTypeChanged,
    /// An enum variant is gone.
    VariantRemoved,
    /// An enum variant's payload changed.
    VariantChanged,
    /// A setter of a model or request builder is gone.
    SetterRemoved,
    /// A setter takes another type.
    SetterChanged,
    /// A request builder's `stream()` is gone: the operation no longer pages.
    PagerRemoved,
    /// A request builder's `stream()` gives items of another type.
    PagerChanged,
    /// A model's `new` is gone: the type is now only received.
    ConstructorRemoved,
    /// A trait implementation (`Default`, `Deserialize`) is gone.
    TraitRemoved,
    /// A Cargo feature (an API area) is gone.
    FeatureRemoved,
}

impl BreakingKind {
    /// The kind's name in kebab case (`method-removed`): what `Display` writes.
    pub fn as_str(self) -> &'static str {
        match self {
            BreakingKind::MethodRemoved => "method-removed",
            BreakingKind::MethodRenamed => "method-renamed",
            BreakingKind::BuilderRenamed => "builder-renamed",
            BreakingKind::ArgumentAdded => "argument-added",
            BreakingKind::ArgumentRemoved => "argument-removed",
            BreakingKind::ArgumentChanged => "argument-changed",
            BreakingKind::OutputChanged => "output-changed",
            BreakingKind::TypeRemoved => "type-removed",
            BreakingKind::TypeKindChanged => "type-kind-changed",
            BreakingKind::AliasChanged => "alias-changed",
            BreakingKind::FieldRemoved => "field-removed",
            BreakingKind::FieldTypeChanged => "field-type-changed",
            BreakingKind::VariantRemoved => "variant-removed",
            BreakingKind::VariantChanged => "variant-changed",
            BreakingKind::SetterRemoved => "setter-removed",
            BreakingKind::SetterChanged => "setter-changed",
            BreakingKind::PagerRemoved => "pager-removed",
            BreakingKind::PagerChanged => "pager-changed",
            BreakingKind::ConstructorRemoved => "constructor-removed",
            BreakingKind::TraitRemoved => "trait-removed",
            BreakingKind::FeatureRemoved => "feature-removed",
        }
    }
}

impl fmt::Display for BreakingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::BreakingKind as K;

    #[test]
    fn names_are_distinct_kebab_case_and_displayed() {
        let all = [
            K::MethodRemoved,
            K::MethodRenamed,
            K::BuilderRenamed,
            K::ArgumentAdded,
            K::ArgumentRemoved,
            K::ArgumentChanged,
            K::OutputChanged,
            K::TypeRemoved,
            K::TypeKindChanged,
            K::AliasChanged,
            K::FieldRemoved,
            K::FieldTypeChanged,
            K::VariantRemoved,
            K::VariantChanged,
            K::SetterRemoved,
            K::SetterChanged,
            K::PagerRemoved,
            K::PagerChanged,
            K::ConstructorRemoved,
            K::TraitRemoved,
            K::FeatureRemoved,
        ];
        let mut names: Vec<&str> = all.iter().map(|k| k.as_str()).collect();
        for (kind, name) in all.iter().zip(&names) {
            assert_eq!(kind.to_string(), *name);
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
    }
}
