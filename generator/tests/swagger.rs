//! Each released Looker document (the `looker-specs` crate, or `$LOOKER_SPECS_DIR`) renders
//! from its Swagger 2.0 form to the same code as from the OpenAPI 3.0 form Looker published
//! with it: the same files, the same lines once comments are left out.

use looker_codegen::{render_str, Rendered};
use looker_specs::RELEASES as VERSIONS;

fn render(version: &str, form: &str) -> Rendered {
    let path = looker_specs::dir().join(format!("Looker.4.0.{version}.{form}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("Looker's document {}: {e}", path.display()));
    render_str("Looker.json", &text)
        .unwrap_or_else(|e| panic!("{version} {form} does not render: {e}"))
}

/// Each file's name and its lines that are not comments (`//`, `///`, `//!`).
fn code(rendered: &Rendered) -> Vec<(String, Vec<String>)> {
    let mut files: Vec<(String, Vec<String>)> = (rendered.files.iter())
        .map(|file| {
            let lines = (file.content.lines())
                .filter(|line| !line.trim_start().starts_with("//"))
                .map(str::to_owned)
                .collect();
            (file.path.clone(), lines)
        })
        .collect();
    files.sort();
    files
}

fn assert_same_code(version: &str) {
    let swagger = render(version, "swagger");
    let oas = render(version, "oas");
    let (swagger_code, oas_code) = (code(&swagger), code(&oas));
    let names = |files: &[(String, Vec<String>)]| -> Vec<String> {
        files.iter().map(|(name, _)| name.clone()).collect()
    };
    assert_eq!(
        names(&swagger_code),
        names(&oas_code),
        "{version}: file list"
    );
    for ((name, from_swagger), (_, from_oas)) in swagger_code.iter().zip(&oas_code) {
        let first = (from_swagger.iter().zip(from_oas)).position(|(a, b)| a != b);
        let at = first.unwrap_or(from_swagger.len().min(from_oas.len()));
        assert!(
            from_swagger == from_oas,
            "{version}: {name} differs at code line {at}:\n  swagger: {:?}\n  oas:     {:?}",
            from_swagger.get(at),
            from_oas.get(at)
        );
    }
    assert_eq!(swagger.method_count, oas.method_count);
    assert_eq!(swagger.type_count, oas.type_count);
    assert_eq!(swagger.areas, oas.areas);
    assert_eq!(
        swagger
            .diagnostics
            .first()
            .map(|d| (d.repair.as_str(), d.pointer.as_str())),
        Some(("swagger-2-converted", "/swagger"))
    );
}

#[test]
fn swagger_21_0_renders_as_its_openapi_twin() {
    assert_same_code(VERSIONS[0]);
}

#[test]
fn swagger_22_20_renders_as_its_openapi_twin() {
    assert_same_code(VERSIONS[1]);
}

#[test]
fn swagger_24_16_renders_as_its_openapi_twin() {
    assert_same_code(VERSIONS[2]);
}

#[test]
fn swagger_24_18_renders_as_its_openapi_twin() {
    assert_same_code(VERSIONS[3]);
}

#[test]
fn swagger_24_20_renders_as_its_openapi_twin() {
    assert_same_code(VERSIONS[4]);
}

#[test]
fn swagger_26_12_renders_as_its_openapi_twin() {
    assert_same_code(VERSIONS[5]);
}
