//! `vulnbridge-sandbox --flavor cloud|dc --port N --seed demo|empty [--rng-seed N]`

use std::process::ExitCode;

use vulnbridge_sandbox::{Flavor, Sandbox, SandboxConfig, Seed};

const USAGE: &str =
    "usage: vulnbridge-sandbox --flavor cloud|dc [--port N] [--seed demo|empty] [--rng-seed N]";

fn parse_args(args: &[String]) -> Result<SandboxConfig, String> {
    let mut flavor = None;
    let mut port = 0u16;
    let mut seed = Seed::Demo;
    let mut rng = 0u64;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--flavor" => {
                flavor = Some(match value()?.as_str() {
                    "cloud" => Flavor::Cloud,
                    "dc" | "datacenter" | "data-center" => Flavor::DataCenter,
                    other => return Err(format!("unknown flavor '{other}': use cloud or dc")),
                })
            }
            "--port" => {
                port = value()?
                    .parse()
                    .map_err(|_| format!("--port needs a number 0-65535\n{USAGE}"))?
            }
            "--seed" => {
                seed = match value()?.as_str() {
                    "demo" => Seed::Demo,
                    "empty" => Seed::Empty,
                    other => return Err(format!("unknown seed '{other}': use demo or empty")),
                }
            }
            "--rng-seed" => {
                rng = value()?
                    .parse()
                    .map_err(|_| format!("--rng-seed needs a number\n{USAGE}"))?
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument '{other}'\n{USAGE}")),
        }
    }
    let flavor = flavor.ok_or_else(|| format!("--flavor is required\n{USAGE}"))?;
    Ok(SandboxConfig::new(flavor)
        .with_port(port)
        .with_seed(seed)
        .with_rng_seed(rng))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse_args(&args) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let sandbox = match Sandbox::start(config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        };
        let c = sandbox.credentials();
        println!(
            "vulnbridge-sandbox ({:?}) listening on {}",
            sandbox.flavor(),
            sandbox.base_url()
        );
        match sandbox.flavor() {
            Flavor::Cloud => {
                println!("  API token (Basic):  {} / {}", c.email, c.api_token);
                println!(
                    "  OAuth 3LO client:   {} / {}",
                    c.oauth_client_id, c.oauth_client_secret
                );
                println!(
                    "  OAuth authorize:    {}/authorize   token: {}/oauth/token",
                    sandbox.base_url(),
                    sandbox.base_url()
                );
                println!(
                    "  cloudId:            {}   gateway: {}",
                    c.cloud_id(),
                    sandbox.gateway_base_url()
                );
            }
            Flavor::DataCenter => {
                println!("  PAT (Bearer):       {}", c.pat);
                println!("  Basic:              {} / {}", c.username, c.password);
                println!(
                    "  OAuth 2.0 client:   {} / {}",
                    c.oauth_client_id, c.oauth_client_secret
                );
            }
        }
        println!("Press Ctrl-C to stop.");
        let _ = tokio::signal::ctrl_c().await;
        sandbox.shutdown().await;
        ExitCode::SUCCESS
    })
}
