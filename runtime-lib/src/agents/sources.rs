//! Where candidate agents come from, in priority order (PLATFORM.md §2.3): an explicit list
//! (programmatic, or a TOML/JSON file), then `PARALLAX_LOCAL_AGENTS`, then etcd.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::client::endpoint_uri;
use super::error::AgentError;
use super::etcd::EtcdDiscovery;
use super::types::AgentDescriptor;

/// Environment variable: a static agent list, `id:name:host:port:cap1,cap2;…`.
pub const ENV_LOCAL_AGENTS: &str = "PARALLAX_LOCAL_AGENTS";
/// Environment variable: etcd endpoints, comma-separated (`localhost:2379,…`).
pub const ENV_ETCD_ENDPOINTS: &str = "PARALLAX_ETCD_ENDPOINTS";

/// The documented form of one `PARALLAX_LOCAL_AGENTS` entry.
const LOCAL_FORM: &str = "expected id:name:host:port[:cap1,cap2]";

/// Parses `PARALLAX_LOCAL_AGENTS`.
///
/// Entries are separated by `;` (also `|` or newlines, as some reference docs wrote them);
/// each is `id:name:host:port:cap1,cap2` (the documented form, which the reference parser
/// got wrong — PLATFORM.md Appendix #2), or `id:name:host:port` without capabilities. The
/// host may be an IPv6 literal in brackets (`a:A:[::1]:50061:x`). Empty entries are skipped;
/// a malformed entry is an error naming it.
pub fn parse_local_agents(spec: &str) -> Result<Vec<AgentDescriptor>, AgentError> {
    let mut agents = Vec::new();
    let mut seen = HashSet::new();
    let entries = spec.split([';', '|', '\n']).map(str::trim).filter(|e| !e.is_empty());
    for (i, entry) in entries.enumerate() {
        let error = |reason: String| AgentError::LocalAgents {
            index: i + 1,
            entry: entry.to_owned(),
            reason,
        };
        let agent = parse_local_entry(entry).map_err(error)?;
        if !seen.insert(agent.id.clone()) {
            return Err(AgentError::LocalAgents {
                index: i + 1,
                entry: entry.to_owned(),
                reason: format!("duplicate agent id `{}`", agent.id),
            });
        }
        agents.push(agent);
    }
    Ok(agents)
}

fn parse_local_entry(entry: &str) -> Result<AgentDescriptor, String> {
    let mut head = entry.splitn(3, ':');
    let id = head.next().unwrap_or_default().trim();
    let name = head.next().map(str::trim);
    let rest = head.next().map(str::trim);
    let (Some(name), Some(rest)) = (name, rest) else {
        return Err(format!("too few fields; {LOCAL_FORM}"));
    };
    if id.is_empty() || id.contains(char::is_whitespace) {
        return Err(format!("invalid id `{id}`; {LOCAL_FORM}"));
    }
    if name.is_empty() {
        return Err(format!("empty name; {LOCAL_FORM}"));
    }
    let (host, after_host) = if let Some(v6) = rest.strip_prefix('[') {
        let Some(close) = v6.find(']') else {
            return Err(format!("unclosed `[` in IPv6 host; {LOCAL_FORM}"));
        };
        let host = &rest[..close + 2];
        let after = &v6[close + 1..];
        let Some(after) = after.strip_prefix(':') else {
            return Err(format!("missing `:port` after {host}; {LOCAL_FORM}"));
        };
        (host, after)
    } else {
        match rest.split_once(':') {
            Some((host, after)) => (host.trim(), after),
            None => return Err(format!("missing port after host `{rest}`; {LOCAL_FORM}")),
        }
    };
    if host.is_empty() {
        return Err(format!("empty host; {LOCAL_FORM}"));
    }
    let (port_text, caps_text) = match after_host.split_once(':') {
        Some((port, caps)) => (port.trim(), Some(caps)),
        None => (after_host.trim(), None),
    };
    let port: u16 = match port_text.parse() {
        Ok(p) if p > 0 => p,
        _ => {
            return Err(format!("`{port_text}` is not a port number (1-65535); {LOCAL_FORM}"));
        }
    };
    let capabilities = match caps_text {
        Some(caps) if caps.contains(':') => {
            return Err(format!("too many `:`-separated fields; {LOCAL_FORM}"));
        }
        Some(caps) => {
            caps.split(',').map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned).collect()
        }
        None => Vec::new(),
    };
    let mut agent = AgentDescriptor::new(id, name, format!("{host}:{port}"), Vec::<String>::new());
    agent.capabilities = capabilities;
    Ok(agent)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgentFile {
    agents: Vec<AgentDescriptor>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsonAgentFile {
    List(Vec<AgentDescriptor>),
    Table(AgentFile),
}

/// Loads an explicit agent list: TOML (`[[agents]]` tables) or JSON (an array of agents, or
/// `{"agents": [...]}`), chosen by the `.toml`/`.json` extension, else by trying JSON then
/// TOML. Each agent needs `id`, `name` and `endpoint`; `capabilities`, `expertise`,
/// `historicalConfidence` and `labels` are optional. Unknown keys, duplicate ids and
/// invalid endpoints are errors.
pub fn load_agent_file(path: &Path) -> Result<Vec<AgentDescriptor>, AgentError> {
    let fail = |reason: String| AgentError::AgentFile { path: path.to_owned(), reason };
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let agents = match ext.as_deref() {
        Some("toml") => parse_toml(&text).map_err(fail)?,
        Some("json") => parse_json(&text).map_err(fail)?,
        _ => match parse_json(&text) {
            Ok(agents) => agents,
            Err(json_err) => parse_toml(&text).map_err(|toml_err| {
                fail(format!("neither JSON ({json_err}) nor TOML ({toml_err})"))
            })?,
        },
    };
    validate_list(&agents).map_err(fail)?;
    Ok(agents)
}

fn parse_toml(text: &str) -> Result<Vec<AgentDescriptor>, String> {
    toml::from_str::<AgentFile>(text).map(|f| f.agents).map_err(|e| e.to_string())
}

fn parse_json(text: &str) -> Result<Vec<AgentDescriptor>, String> {
    match serde_json::from_str::<JsonAgentFile>(text) {
        Ok(JsonAgentFile::List(agents)) => Ok(agents),
        Ok(JsonAgentFile::Table(file)) => Ok(file.agents),
        Err(_) => {
            // Re-parse as the documented table form for a precise message.
            serde_json::from_str::<AgentFile>(text).map(|f| f.agents).map_err(|e| e.to_string())
        }
    }
}

fn validate_list(agents: &[AgentDescriptor]) -> Result<(), String> {
    let mut seen = HashSet::new();
    for (i, agent) in agents.iter().enumerate() {
        if agent.id.trim().is_empty() {
            return Err(format!("agent #{} has an empty id", i + 1));
        }
        endpoint_uri(&agent.endpoint).map_err(|e| format!("agent `{}`: {e}", agent.id))?;
        if !seen.insert(agent.id.as_str()) {
            return Err(format!("duplicate agent id `{}`", agent.id));
        }
    }
    Ok(())
}

/// Which sources to consult, highest priority first.
#[derive(Debug, Clone, Default)]
pub struct SourceConfig {
    /// Agents given programmatically (highest priority).
    pub agents: Option<Vec<AgentDescriptor>>,
    /// An explicit agent-list file (TOML or JSON).
    pub agents_file: Option<PathBuf>,
    /// The value of `PARALLAX_LOCAL_AGENTS`.
    pub local_agents: Option<String>,
    /// etcd endpoints (`PARALLAX_ETCD_ENDPOINTS` or an explicit URL).
    pub etcd_endpoints: Vec<String>,
}

impl SourceConfig {
    /// `PARALLAX_LOCAL_AGENTS` and `PARALLAX_ETCD_ENDPOINTS` from the environment (empty
    /// values count as unset).
    pub fn from_env() -> Self {
        let local_agents = std::env::var(ENV_LOCAL_AGENTS).ok().filter(|v| !v.trim().is_empty());
        let etcd_endpoints =
            std::env::var(ENV_ETCD_ENDPOINTS).map(|v| split_endpoints(&v)).unwrap_or_default();
        SourceConfig { agents: None, agents_file: None, local_agents, etcd_endpoints }
    }
}

/// Splits a comma-separated endpoint list, dropping empty items.
pub fn split_endpoints(list: &str) -> Vec<String> {
    list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// The source candidates come from, resolved by priority.
#[derive(Debug, Clone)]
pub enum AgentSource {
    /// An explicit list (programmatic or from a file).
    List(Vec<AgentDescriptor>),
    /// `PARALLAX_LOCAL_AGENTS`.
    LocalEnv(Vec<AgentDescriptor>),
    /// etcd, kept current by a watch.
    Etcd(Arc<EtcdDiscovery>),
    /// No source is configured.
    None,
}

impl AgentSource {
    /// Resolves `config` by priority: programmatic list, then file, then
    /// `PARALLAX_LOCAL_AGENTS`, then etcd (which is connected to, read and watched).
    pub async fn resolve(config: &SourceConfig) -> Result<AgentSource, AgentError> {
        if let Some(agents) = &config.agents {
            validate_list(agents).map_err(|reason| AgentError::AgentFile {
                path: PathBuf::from("<explicit list>"),
                reason,
            })?;
            return Ok(AgentSource::List(agents.clone()));
        }
        if let Some(path) = &config.agents_file {
            return Ok(AgentSource::List(load_agent_file(path)?));
        }
        if let Some(spec) = &config.local_agents {
            return Ok(AgentSource::LocalEnv(parse_local_agents(spec)?));
        }
        if !config.etcd_endpoints.is_empty() {
            let discovery = EtcdDiscovery::connect(&config.etcd_endpoints).await?;
            return Ok(AgentSource::Etcd(Arc::new(discovery)));
        }
        Ok(AgentSource::None)
    }

    /// The current candidates, in source order (etcd: key order).
    pub fn agents(&self) -> Vec<AgentDescriptor> {
        match self {
            AgentSource::List(agents) | AgentSource::LocalEnv(agents) => agents.clone(),
            AgentSource::Etcd(discovery) => discovery.agents(),
            AgentSource::None => Vec::new(),
        }
    }

    /// A short description for logs and errors.
    pub fn describe(&self) -> String {
        match self {
            AgentSource::List(a) => format!("explicit list ({} agents)", a.len()),
            AgentSource::LocalEnv(a) => format!("{ENV_LOCAL_AGENTS} ({} agents)", a.len()),
            AgentSource::Etcd(d) => format!("etcd {}", d.endpoints().join(",")),
            AgentSource::None => "no agent source configured".to_owned(),
        }
    }
}
