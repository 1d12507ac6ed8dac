//! Where a finding is, one variant per finding family.

use serde::{Deserialize, Serialize};

/// A package as scanners name it: `name@version` in an ecosystem, with fix versions.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PackageRef {
    /// `npm`, `PyPI`, `Go`, `deb`, `apk`, `maven`, … as the tool spelled it.
    pub ecosystem: Option<String>,
    pub name: String,
    /// The installed version. Absent for formats that do not carry it (npm audit v2,
    /// Dependabot, CycloneDX ranges).
    pub version: Option<String>,
    /// Versions that fix the finding, in the tool's order (may be empty).
    pub fixed_versions: Vec<String>,
    /// Package URL (`pkg:npm/lodash@4.17.15`) when the tool gives one.
    pub purl: Option<String>,
}

/// Where a finding is. Serialized with a `"type"` tag (`"code"`, `"url"`, …).
///
/// A secret found in code is a [`Location::Code`] location.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Location {
    /// A file in a repository or file system (SAST, secrets, IaC).
    Code {
        /// Path as the tool gave it (relative paths stay relative).
        file: String,
        start_line: Option<u32>,
        end_line: Option<u32>,
        column: Option<u32>,
        /// The offending source text, when the tool includes it.
        snippet: Option<String>,
        /// Commit the finding was seen in (secret scanners).
        commit: Option<String>,
    },
    /// A web endpoint (DAST).
    Url {
        url: String,
        method: Option<String>,
        param: Option<String>,
    },
    /// A dependency declared in a manifest or lockfile (SCA).
    Package {
        package: PackageRef,
        /// Manifest, lockfile or directory where the package was found.
        manifest: Option<String>,
    },
    /// A container image, optionally the layer and package inside it.
    Image {
        image: String,
        layer: Option<String>,
        package: Option<PackageRef>,
    },
    /// A host or IP address (incidents, network scanners).
    Host {
        host: Option<String>,
        ip: Option<String>,
        port: Option<u16>,
    },
    /// The format did not say where the finding is.
    #[default]
    Unknown,
}

impl Location {
    /// The package concerned, for package and image locations.
    pub fn package(&self) -> Option<&PackageRef> {
        match self {
            Location::Package { package, .. } => Some(package),
            Location::Image { package, .. } => package.as_ref(),
            _ => None,
        }
    }

    /// A one-line human rendering: `src/app.py:12`, `GET https://x/y [q]`, `lodash@4.17.15`…
    pub fn display(&self) -> String {
        match self {
            Location::Code {
                file, start_line, ..
            } => match start_line {
                Some(line) => format!("{file}:{line}"),
                None => file.clone(),
            },
            Location::Url { url, method, param } => {
                let mut s = String::new();
                if let Some(m) = method {
                    s.push_str(m);
                    s.push(' ');
                }
                s.push_str(url);
                if let Some(p) = param {
                    s.push_str(&format!(" [{p}]"));
                }
                s
            }
            Location::Package { package, manifest } => {
                let mut s = package_label(package);
                if let Some(m) = manifest {
                    s.push_str(&format!(" ({m})"));
                }
                s
            }
            Location::Image { image, package, .. } => match package {
                Some(p) => format!("{image}: {}", package_label(p)),
                None => image.clone(),
            },
            Location::Host { host, ip, port } => {
                let base = host.clone().or_else(|| ip.clone()).unwrap_or_default();
                match port {
                    Some(p) => format!("{base}:{p}"),
                    None => base,
                }
            }
            Location::Unknown => String::new(),
        }
    }
}

fn package_label(p: &PackageRef) -> String {
    match &p.version {
        Some(v) => format!("{}@{v}", p.name),
        None => p.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_render_for_humans() {
        let code = Location::Code {
            file: "src/app.py".into(),
            start_line: Some(12),
            end_line: None,
            column: None,
            snippet: None,
            commit: None,
        };
        assert_eq!(code.display(), "src/app.py:12");
        let url = Location::Url {
            url: "https://shop.example/search".into(),
            method: Some("GET".into()),
            param: Some("q".into()),
        };
        assert_eq!(url.display(), "GET https://shop.example/search [q]");
        let image = Location::Image {
            image: "alpine:3.18".into(),
            layer: None,
            package: Some(PackageRef {
                name: "openssl".into(),
                version: Some("3.1.0".into()),
                ..PackageRef::default()
            }),
        };
        assert_eq!(image.display(), "alpine:3.18: openssl@3.1.0");
        assert_eq!(image.package().map(|p| p.name.as_str()), Some("openssl"));
    }

    #[test]
    fn location_serializes_with_a_type_tag() {
        let json = serde_json::to_value(Location::Url {
            url: "https://a".into(),
            method: None,
            param: None,
        })
        .expect("serialize");
        assert_eq!(json["type"], "url");
        let back: Location = serde_json::from_value(json).expect("deserialize");
        assert!(matches!(back, Location::Url { .. }));
    }
}
