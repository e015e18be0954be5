//! STAND-IN (plain code-point counting) so the wasm layer and the extension can be built and tested
//! before the text-engine branch lands; that branch replaces this whole module.
use crate::networks::NetworkProfile;
use crate::span::Span;
use serde::Serialize;
#[derive(Debug, Clone, Serialize)]
pub struct Count { pub network: String, pub length: usize, pub limit: usize, pub remaining: i64, pub valid: bool, pub byte_length: usize, pub permillage: usize }
pub fn count(text: &str, p: &NetworkProfile) -> Count {
    let length = text.chars().count();
    Count { network: p.id.clone(), length, limit: p.limit, remaining: p.limit as i64 - length as i64, valid: length > 0 && length <= p.limit, byte_length: text.len(), permillage: length * 1000 / p.limit }
}
#[derive(Debug, Clone, Default, Serialize)]
pub struct Entities { pub hashtags: Vec<Entity>, pub mentions: Vec<Entity>, pub urls: Vec<Entity>, pub cashtags: Vec<Entity> }
#[derive(Debug, Clone, Serialize)]
pub struct Entity { pub text: String, #[serde(flatten)] pub span: Span }
pub fn entities(_text: &str) -> Entities { Entities::default() }
#[derive(Default)] pub struct SplitOptions;
#[derive(Serialize)] pub struct Part { pub text: String, pub count: Count }
pub fn split(text: &str, p: &NetworkProfile, _o: &SplitOptions) -> Result<Vec<Part>, String> { Ok(vec![Part { text: text.into(), count: count(text, p) }]) }
