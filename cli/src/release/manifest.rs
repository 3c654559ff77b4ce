//! The SDK's `Cargo.toml` edited as TOML (`toml_edit`): the `[package]` version and the
//! generated features block, every comment and the layout of the rest kept as they are.

use looker_codegen::{features_block, FEATURES_BEGIN, FEATURES_END};
use toml_edit::{Array, DocumentMut, Item, Key, Table, Value};

/// The feature that enables every API area, first in the generated block.
const ALL_AREAS: &str = "all-areas";

/// A manifest read for editing.
pub struct Manifest {
    doc: DocumentMut,
}

impl Manifest {
    /// Parses a manifest; `name` names it in errors.
    pub fn parse(name: &str, text: &str) -> Result<Manifest, String> {
        let doc = text
            .parse::<DocumentMut>()
            .map_err(|e| format!("{name} is not TOML: {e}"))?;
        Ok(Manifest { doc })
    }

    /// The `version` of `[package]`, a plain string.
    pub fn package_version(&self) -> Result<&str, String> {
        let item = self
            .doc
            .get("package")
            .and_then(|package| package.get("version"))
            .ok_or("no `version = \"...\"` in [package]")?;
        item.as_str()
            .filter(|version| !version.is_empty())
            .ok_or_else(|| {
                format!(
                    "[package] version is `{}`, not a plain \"x.y.z\" string",
                    item.to_string().trim()
                )
            })
    }

    /// Sets the `version` of `[package]`, keeping the spacing and comment around the value.
    pub fn set_package_version(&mut self, version: &str) -> Result<(), String> {
        self.package_version()?;
        let value = self
            .doc
            .get_mut("package")
            .and_then(|package| package.get_mut("version"))
            .and_then(Item::as_value_mut)
            .ok_or("no `version = \"...\"` in [package]")?;
        let decor = value.decor().clone();
        *value = Value::from(version);
        *value.decor_mut() = decor;
        Ok(())
    }

    /// Replaces the generated features block with the one for `areas` (sorted, unique): the
    /// keys from the one whose comment is the block's first line to the one before its last
    /// line. Without a block, a new `[features]` table at the end holds one; a `[features]`
    /// table without the block is an error (where the block would go is a guess).
    pub fn set_features(&mut self, areas: &[String]) -> Result<(), String> {
        if !self.doc.contains_key("features") {
            let mut table = Table::new();
            table.insert(
                "default",
                Item::Value(Value::Array(Array::from_iter([ALL_AREAS]))),
            );
            self.doc.insert("features", Item::Table(table));
            let trailing = self.doc.trailing().as_str().unwrap_or_default().to_owned();
            self.doc.set_trailing(format!("{FEATURES_END}\n{trailing}"));
            // The block's first line goes on its first key, below.
            insert_block(self.features()?, "", areas, Vec::new());
            return Ok(());
        }
        let table = self.features()?;
        let keys: Vec<String> = table.iter().map(|(key, _)| key.to_owned()).collect();
        let prefix = |table: &Table, key: &str| -> String {
            table
                .key(key)
                .and_then(|key| key.leaf_decor().prefix())
                .and_then(|prefix| prefix.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let start = keys
            .iter()
            .position(|key| prefix(table, key).contains(FEATURES_BEGIN))
            .ok_or_else(|| {
                format!(
                    "[features] has no generated block (from `{FEATURES_BEGIN}` to \
                     `{FEATURES_END}`): add those two lines where the areas go"
                )
            })?;
        let end = keys[start + 1..]
            .iter()
            .position(|key| prefix(table, key).contains(FEATURES_END))
            .map_or(keys.len(), |offset| start + 1 + offset);
        let first = prefix(table, &keys[start]);
        let above = &first[..first.find(FEATURES_BEGIN).unwrap_or_default()];
        let mut below = Vec::new();
        for key in &keys[end..] {
            below.extend(table.remove_entry(key));
        }
        for key in &keys[start..end] {
            table.remove(key);
        }
        insert_block(table, above, areas, below);
        Ok(())
    }

    /// The manifest as text, after checking that its generated block is exactly the one the
    /// generator writes for `areas` (what `cargo codegen check` compares).
    pub fn to_text(&self, areas: &[String]) -> Result<String, String> {
        let text = self.doc.to_string();
        let block = features_block(areas);
        let found = text.find(FEATURES_BEGIN).and_then(|start| {
            let end = text[start..].find(FEATURES_END)? + start + FEATURES_END.len();
            Some(&text[start..end])
        });
        if found != Some(block.as_str()) {
            return Err(format!(
                "the edited manifest's features block is not the generator's:\n{}",
                found.unwrap_or("(none)")
            ));
        }
        Ok(text)
    }

    fn features(&mut self) -> Result<&mut Table, String> {
        self.doc
            .get_mut("features")
            .and_then(Item::as_table_mut)
            .ok_or_else(|| "[features] is not a table".to_owned())
    }
}

/// Appends the block's keys to `table` (`above` is what stood above the block's first line),
/// then the entries that followed the old block.
fn insert_block(table: &mut Table, above: &str, areas: &[String], below: Vec<(Key, Item)>) {
    let mut all = Key::new(ALL_AREAS);
    all.leaf_decor_mut()
        .set_prefix(format!("{above}{FEATURES_BEGIN}\n"));
    let list = Array::from_iter(areas.iter().map(String::as_str));
    table.insert_formatted(&all, Item::Value(Value::Array(list)));
    for area in areas {
        table.insert(area, Item::Value(Value::Array(Array::new())));
    }
    for (key, item) in below {
        table.insert_formatted(&key, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str =
        "[workspace]\nversion = \"9.9.9\"\n\n[package] # the SDK\nname = \"x\"\n\
                            description = \"version = \\\"0.0.1\\\"\"\n\
                            version  =  \"0.1.3\" # bumped\n\n\
                            [dependencies]\nversion = \"1\"\n";

    fn areas(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn reads_and_sets_the_package_version_only() {
        let mut manifest = Manifest::parse("Cargo.toml", MANIFEST).unwrap();
        assert_eq!(manifest.package_version().unwrap(), "0.1.3");
        manifest
            .set_package_version("0.2.0+looker.24.18.48")
            .unwrap();
        assert_eq!(
            manifest.doc.to_string(),
            MANIFEST.replace("\"0.1.3\" # bumped", "\"0.2.0+looker.24.18.48\" # bumped")
        );
        for bad in [
            "[package]\nname = \"x\"\n",
            "[dependencies]\nversion = \"1\"\n",
            "[package]\nversion = { workspace = true }\n",
            "[package]\nversion.workspace = true\n",
            "[package]\nversion = \"\"\n",
        ] {
            let mut manifest = Manifest::parse("Cargo.toml", bad).unwrap();
            assert!(manifest.package_version().is_err(), "{bad}");
            assert!(manifest.set_package_version("1.0.0").is_err(), "{bad}");
        }
        assert!(Manifest::parse("Cargo.toml", "[package\n").is_err());
    }

    #[test]
    fn the_features_block_is_the_generators_and_the_rest_is_kept() {
        let block = features_block(&areas(&["api_auth", "connection"]));
        let text = format!(
            "[package]\nname = \"x\"\n\n[features]\ndefault = [\"all-areas\"]\n# TLS\n\
             rustls = []\n\n{block}\n# after\nextra = [] # kept\n\n[lints.rust]\nx = 1\n"
        );
        for names in [&["connection"][..], &["a", "b", "connection"], &[]] {
            let mut manifest = Manifest::parse("Cargo.toml", &text).unwrap();
            manifest.set_features(&areas(names)).unwrap();
            let new = features_block(&areas(names));
            assert_eq!(
                manifest.to_text(&areas(names)).unwrap(),
                text.replace(&block, &new),
                "{names:?}"
            );
        }
        // The block last in the file, as in the SDK's manifest.
        let last = format!("[package]\nname = \"x\"\n\n[features]\nrustls = []\n{block}\n");
        let mut manifest = Manifest::parse("Cargo.toml", &last).unwrap();
        manifest.set_features(&areas(&["b"])).unwrap();
        assert_eq!(
            manifest.to_text(&areas(&["b"])).unwrap(),
            last.replace(&block, &features_block(&areas(&["b"])))
        );
    }

    #[test]
    fn a_manifest_without_the_block_gets_one_or_an_error() {
        let mut manifest = Manifest::parse("Cargo.toml", "[package]\nname = \"x\"\n").unwrap();
        manifest.set_features(&areas(&["a"])).unwrap();
        assert_eq!(
            manifest.to_text(&areas(&["a"])).unwrap(),
            format!(
                "[package]\nname = \"x\"\n\n[features]\ndefault = [\"all-areas\"]\n{}\n",
                features_block(&areas(&["a"]))
            )
        );
        let mut manifest = Manifest::parse("Cargo.toml", "[features]\nx = []\n").unwrap();
        assert!(manifest.set_features(&areas(&["a"])).is_err());
    }

    #[test]
    fn the_sdks_own_manifest_is_edited_as_the_generator_splices_it() {
        let text = include_str!("../../../Cargo.toml");
        let declared = looker_codegen::declared_areas(text);
        let mut manifest = Manifest::parse("Cargo.toml", text).unwrap();
        manifest.set_features(&declared).unwrap();
        assert_eq!(manifest.to_text(&declared).unwrap(), text);
        let more = areas(&["alert", "connection", "user"]);
        manifest.set_features(&more).unwrap();
        let edited = manifest.to_text(&more).unwrap();
        assert_eq!(
            edited,
            text.replace(&features_block(&declared), &features_block(&more))
        );
    }
}
