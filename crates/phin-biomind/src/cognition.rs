//! The MDN orchestrator, its specialists and the DMN's recursive loop, behind traits
//! (BIOMIND blueprint, "MDN Orchestrator", "DMN Recursive Thinking", "SLM Bridge & Specialist
//! Routing"; docs/biomind.md, part 2).
//!
//! The blueprint hands text to small language models: a parser tags the query (MATH, FACTUAL,
//! SOCIAL, RECALL, PLAN, EXPLAIN, PERSONAL, UNKNOWN), the MDN attends over tag embeddings
//! (`softmax(q·Kᵀ/√d)`) and routes requests to specialists, and the DMN runs up to three
//! recursive cycles (narrative initialisation, counterfactuals, self-state prediction, coherence
//! validation, narrative integration) until its narrative converges. Everything that needs a
//! model sits behind two traits:
//!
//! - [`TextEmbedder`]: text → a unit vector;
//! - [`Specialist`]: a request (text, context vector, temperature, length, seed) → a response
//!   (text, embedding, confidence).
//!
//! The built-ins are deterministic stand-ins so that the crate runs and tests without a model:
//! [`HashEmbedder`] hashes lower-cased words into a signed feature vector (feature hashing: two
//! texts sharing words get similar vectors — no meaning, no synonyms, no word order), the
//! [`KeywordTagger`] tags by word lists, and [`EchoSpecialist`] answers with its own name and
//! the query's words, with a confidence equal to the share of its keywords present. **None of
//! them understands language**; they exist to exercise the control flow, the routing and the
//! numbers around it.
//!
//! **Plugging in a model.** Implement [`TextEmbedder`] over a sentence encoder (e.g. a
//! DistilBERT-class model, returning its pooled, normalised output) and [`Specialist`] over a
//! generator (feed `text` and `context` as the prompt, honour `temperature`, `max_len` and
//! `seed` so runs stay reproducible, return the text, its embedding through the same
//! embedder, and a confidence such as the mean token probability). The orchestrator, the DMN
//! and their tests do not change. Calls are synchronous and happen only in the cognitive loop
//! (every 0.1 s of simulated time), never in the 4 kHz path: a slow model slows the run, not
//! the processor's bit-exactness.

use crate::rng::{mix, softmax, stream, uniform};
use serde::{Deserialize, Serialize};

/// The blueprint's cognitive tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum CognitiveTag {
    /// Arithmetic and mathematics.
    Math,
    /// A factual lookup.
    Factual,
    /// Social interaction.
    Social,
    /// Recall from memory.
    Recall,
    /// Planning.
    Plan,
    /// Explanation.
    Explain,
    /// About the self.
    Personal,
    /// None of the above.
    Unknown,
}

impl CognitiveTag {
    /// All eight, in order.
    pub const ALL: [CognitiveTag; 8] = [
        CognitiveTag::Math,
        CognitiveTag::Factual,
        CognitiveTag::Social,
        CognitiveTag::Recall,
        CognitiveTag::Plan,
        CognitiveTag::Explain,
        CognitiveTag::Personal,
        CognitiveTag::Unknown,
    ];
}

/// Text → a unit vector.
pub trait TextEmbedder {
    /// The dimension of every embedding.
    fn dim(&self) -> usize;
    /// The embedding of `text` (unit length, or all zeros for text without words).
    fn embed(&self, text: &str) -> Vec<f64>;
}

/// A request to a specialist (the blueprint's SLMRequest plus a seed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlmRequest {
    /// The text.
    pub text: String,
    /// The context vector (the DMN's narrative, the workspace's contents).
    pub context: Vec<f64>,
    /// Sampling temperature.
    pub temperature: f64,
    /// Longest answer, tokens.
    pub max_len: usize,
    /// Seed of any sampling.
    pub seed: u64,
}

/// A specialist's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlmResponse {
    /// The text.
    pub text: String,
    /// Its embedding.
    pub embedding: Vec<f64>,
    /// Confidence in [0, 1].
    pub confidence: f64,
}

/// A specialist model.
pub trait Specialist {
    /// Its name.
    fn id(&self) -> &str;
    /// The tags it serves.
    fn tags(&self) -> &[CognitiveTag];
    /// Answers a request.
    fn reason(&mut self, req: &SlmRequest) -> SlmResponse;
}

/// Feature hashing of lower-cased words into `dim` signed buckets, normalised: a deterministic
/// stand-in for a sentence encoder (it measures shared words, not meaning).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct HashEmbedder {
    /// The dimension.
    pub dim: usize,
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
    })
}

impl TextEmbedder for HashEmbedder {
    fn dim(&self) -> usize {
        self.dim
    }

    fn embed(&self, text: &str) -> Vec<f64> {
        let mut v = vec![0.0; self.dim.max(1)];
        for w in words(text) {
            let h = mix(hash(&w));
            let k = (h % v.len() as u64) as usize;
            v[k] += if h >> 63 == 0 { 1.0 } else { -1.0 };
        }
        normalise(&mut v);
        v
    }
}

fn normalise(v: &mut [f64]) {
    let n = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

fn cosine(a: &[f64], b: &[f64]) -> f64 {
    crate::memory::masked_cosine(a, b, &[])
}

/// Tags a query by word lists (the blueprint's `_is_mathematical`, `_is_factual_lookup`, …
/// pattern rules); UNKNOWN when nothing matches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeywordTagger {
    /// Per tag, its words.
    pub lists: Vec<(CognitiveTag, Vec<String>)>,
}

impl Default for KeywordTagger {
    fn default() -> Self {
        let l = |t: CognitiveTag, w: &[&str]| (t, w.iter().map(|s| s.to_string()).collect());
        KeywordTagger {
            lists: vec![
                l(
                    CognitiveTag::Math,
                    &[
                        "plus",
                        "minus",
                        "times",
                        "sum",
                        "equation",
                        "calculate",
                        "number",
                    ],
                ),
                l(
                    CognitiveTag::Factual,
                    &["what", "who", "where", "when", "capital", "fact"],
                ),
                l(
                    CognitiveTag::Social,
                    &["friend", "feel", "they", "people", "thank", "sorry"],
                ),
                l(
                    CognitiveTag::Recall,
                    &["remember", "recall", "earlier", "before", "last"],
                ),
                l(
                    CognitiveTag::Plan,
                    &["plan", "schedule", "next", "steps", "should", "will"],
                ),
                l(
                    CognitiveTag::Explain,
                    &["why", "how", "explain", "because", "reason"],
                ),
                l(CognitiveTag::Personal, &["i", "me", "my", "myself", "mine"]),
            ],
        }
    }
}

impl KeywordTagger {
    /// The tags whose words occur in `text` (UNKNOWN if none).
    pub fn tag(&self, text: &str) -> Vec<CognitiveTag> {
        let ws: Vec<String> = words(text).collect();
        let mut out: Vec<CognitiveTag> = self
            .lists
            .iter()
            .filter(|(_, l)| l.iter().any(|w| ws.contains(w)))
            .map(|(t, _)| *t)
            .collect();
        if out.is_empty() {
            out.push(CognitiveTag::Unknown);
        }
        out
    }
}

/// A deterministic stand-in specialist: answers "`<id>: <the query's words>`", embeds the
/// answer, and is as confident as the share of its keywords in the query (at least 0.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EchoSpecialist {
    /// Its name.
    pub name: String,
    /// Its tags.
    pub served: Vec<CognitiveTag>,
    /// Its keywords.
    pub keywords: Vec<String>,
    /// The embedder it answers with.
    pub embedder: HashEmbedder,
}

impl Specialist for EchoSpecialist {
    fn id(&self) -> &str {
        &self.name
    }

    fn tags(&self) -> &[CognitiveTag] {
        &self.served
    }

    fn reason(&mut self, req: &SlmRequest) -> SlmResponse {
        let ws: Vec<String> = words(&req.text).take(req.max_len).collect();
        let hits = self.keywords.iter().filter(|k| ws.contains(k)).count();
        let conf = (hits as f64 / self.keywords.len().max(1) as f64).max(0.1);
        let text = format!("{}: {}", self.name, ws.join(" "));
        SlmResponse {
            embedding: self.embedder.embed(&text),
            text,
            confidence: conf.min(1.0),
        }
    }
}

/// The built-in specialists: one per tag family (math, factual, social, planning, the
/// "DistilBERT" general one for the rest), each an [`EchoSpecialist`].
pub fn builtin_specialists(dim: usize) -> Vec<Box<dyn Specialist>> {
    let t = KeywordTagger::default();
    let words_of = |tags: &[CognitiveTag]| -> Vec<String> {
        t.lists
            .iter()
            .filter(|(tag, _)| tags.contains(tag))
            .flat_map(|(_, l)| l.clone())
            .collect()
    };
    let make = |name: &str, tags: Vec<CognitiveTag>| -> Box<dyn Specialist> {
        Box::new(EchoSpecialist {
            name: name.into(),
            keywords: words_of(&tags),
            served: tags,
            embedder: HashEmbedder { dim },
        })
    };
    use CognitiveTag::*;
    vec![
        make("math", vec![Math]),
        make("factual", vec![Factual, Recall]),
        make("social", vec![Social, Personal]),
        make("planning", vec![Plan]),
        make("general", vec![Explain, Unknown]),
    ]
}

/// Constants of the MDN and the DMN.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CognitionParams {
    /// DMN: most recursive cycles (blueprint: 3).
    pub max_cycles: usize,
    /// DMN: converged when the narrative's cosine change is below this.
    pub convergence: f64,
    /// DMN: how far one integration moves the narrative toward the prediction.
    pub integration_rate: f64,
    /// MDN: temperature of the requests.
    pub temperature: f64,
    /// MDN: longest answer.
    pub max_len: usize,
}

impl Default for CognitionParams {
    fn default() -> Self {
        CognitionParams {
            max_cycles: 3,
            convergence: 0.01,
            integration_rate: 0.5,
            temperature: 0.7,
            max_len: 64,
        }
    }
}

/// What one query produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueryResult {
    /// The tags.
    pub tags: Vec<CognitiveTag>,
    /// The MDN's attention over the eight tags.
    pub attention: Vec<f64>,
    /// Each routed specialist's id and response.
    pub responses: Vec<(String, SlmResponse)>,
    /// DMN cycles run.
    pub dmn_cycles: usize,
    /// The DMN converged before its last cycle.
    pub converged: bool,
    /// The narrative's coherence (cosine with the self-state prediction) per cycle.
    pub coherence: Vec<f64>,
    /// The narrative after the query (unit vector).
    pub narrative: Vec<f64>,
}

/// The MDN orchestrator and the DMN's narrative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cognition {
    params: CognitionParams,
    tagger: KeywordTagger,
    keys: Vec<Vec<f64>>,
    narrative: Vec<f64>,
    queries: u64,
    seed: u64,
}

impl Cognition {
    /// A fresh orchestrator for embeddings of `dim`, its tag keys seeded.
    pub fn new(params: CognitionParams, dim: usize, seed: u64) -> Self {
        let mut rng = stream(seed, 0, 0xC061);
        let keys = (0..CognitiveTag::ALL.len())
            .map(|_| {
                let mut v: Vec<f64> = (0..dim.max(1)).map(|_| uniform(&mut rng) - 0.5).collect();
                normalise(&mut v);
                v
            })
            .collect();
        Cognition {
            params,
            tagger: KeywordTagger::default(),
            keys,
            narrative: vec![0.0; dim.max(1)],
            queries: 0,
            seed,
        }
    }

    /// The narrative now.
    pub fn narrative(&self) -> &[f64] {
        &self.narrative
    }

    /// One query: tag, attend, route to every specialist serving a tag, then the DMN's
    /// recursive loop over the answers.
    pub fn query(
        &mut self,
        text: &str,
        embedder: &dyn TextEmbedder,
        specialists: &mut [Box<dyn Specialist>],
    ) -> QueryResult {
        let p = self.params;
        self.queries += 1;
        let q = embedder.embed(text);
        let tags = self.tagger.tag(text);
        // MDN attention: softmax(q·Kᵀ/√d), with the query's own tags' keys boosted (a tag
        // present adds 1 to its logit).
        let d = (q.len().max(1) as f64).sqrt();
        let logits: Vec<f64> = CognitiveTag::ALL
            .iter()
            .zip(&self.keys)
            .map(|(t, k)| {
                q.iter().zip(k).map(|(a, b)| a * b).sum::<f64>() / d
                    + f64::from(u8::from(tags.contains(t)))
            })
            .collect();
        let attention = softmax(&logits, 1.0);
        let mut responses = Vec::new();
        for s in specialists.iter_mut() {
            if s.tags().iter().any(|t| tags.contains(t)) {
                let req = SlmRequest {
                    text: text.to_string(),
                    context: self.narrative.clone(),
                    temperature: p.temperature,
                    max_len: p.max_len,
                    seed: mix(self.seed ^ self.queries),
                };
                let r = s.reason(&req);
                responses.push((s.id().to_string(), r));
            }
        }
        // DMN: initialise from the query and the old narrative; each cycle predicts the self
        // state as the confidence-weighted mean of the answers (the counterfactual branches),
        // scores coherence, integrates, and stops when the narrative stops moving.
        let mut narrative: Vec<f64> = q
            .iter()
            .zip(&self.narrative)
            .map(|(a, b)| a + 0.5 * b)
            .collect();
        normalise(&mut narrative);
        let mut prediction = vec![0.0; narrative.len()];
        for (_, r) in &responses {
            for (x, y) in prediction.iter_mut().zip(&r.embedding) {
                *x += r.confidence * y;
            }
        }
        normalise(&mut prediction);
        let mut coherence = Vec::new();
        let mut cycles = 0;
        let mut converged = false;
        while cycles < p.max_cycles {
            cycles += 1;
            coherence.push(cosine(&narrative, &prediction));
            let mut next: Vec<f64> = narrative
                .iter()
                .zip(&prediction)
                .map(|(a, b)| a + p.integration_rate * b)
                .collect();
            normalise(&mut next);
            let change = 1.0 - cosine(&next, &narrative);
            narrative = next;
            if change < p.convergence {
                converged = cycles < p.max_cycles || change < p.convergence;
                break;
            }
        }
        self.narrative = narrative.clone();
        QueryResult {
            tags,
            attention,
            responses,
            dmn_cycles: cycles,
            converged,
            coherence,
            narrative,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_tagged_routed_and_narrated_deterministically() {
        let e = HashEmbedder { dim: 32 };
        let run = || {
            let mut c = Cognition::new(CognitionParams::default(), 32, 7);
            let mut s = builtin_specialists(32);
            let a = c.query("calculate the sum of my numbers", &e, &mut s);
            let b = c.query("why should I plan the next steps", &e, &mut s);
            (a, b)
        };
        let (a, b) = run();
        assert!(a.tags.contains(&CognitiveTag::Math) && a.tags.contains(&CognitiveTag::Personal));
        let ids: Vec<&str> = a.responses.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(ids, ["math", "social"]);
        assert!(b.tags.contains(&CognitiveTag::Plan) && b.tags.contains(&CognitiveTag::Explain));
        assert!((a.attention.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(a.dmn_cycles >= 1 && a.dmn_cycles <= 3);
        assert!(
            b.coherence.windows(2).all(|w| w[1] >= w[0] - 1e-12),
            "{:?}",
            b.coherence
        );
        assert_eq!(run(), (a, b.clone()));
        // Shared words give similar embeddings; none gives orthogonal-ish ones.
        let x = e.embed("the red apple");
        assert!(cosine(&x, &e.embed("a red apple")) > 0.6); // two of three words shared: 2/3
        assert_eq!(e.embed("   ").iter().sum::<f64>(), 0.0);
        assert_eq!(
            KeywordTagger::default().tag("zzz"),
            vec![CognitiveTag::Unknown]
        );
    }
}
