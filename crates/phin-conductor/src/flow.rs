//! The coordination equation and its parts, as pure functions of their inputs
//! (neural-conductor-theory.md, "Mathematical Model of Neural Orchestration"):
//!
//! ```text
//! R(t) = S(t) × C(t) × P(t) × (1 − A(t))          transmit iff R > 0.1
//! ```
//!
//! - S, the synchronisation coefficient, is the windowed n:m coherence of the two layers'
//!   phases (see [`crate::coherence`] for why not the document's cos Δφ);
//! - C, the chemical modifier, comes from [`crate::chemistry`];
//! - P = urgency × importance × attention focus ([`priority`]);
//! - A, the attenuation, is the document's `AttenuationCalculator` ([`attenuation`]), clamped
//!   to [0, 0.95].
//!
//! The 7×7 flow matrix of "Layer Coordination Dynamics" is [`FlowMatrix`]: the conductor uses
//! its non-zero entries as the routing graph. [`FlowMatrix::properties`] checks the four
//! properties the document claims for it; two of them are false, and the report says so.

use crate::error::{check_range, ConductorError, Result};
use crate::layers::ConductorLayer;
use serde::{Deserialize, Serialize};

/// The flow rate R = S·C·P·(1 − A) ("The Coordination Equation").
///
/// Not clamped: the document's own parts give R outside its stated ranges (S = cos Δφ is
/// negative half of the time, P is unbounded), and the conductor reports R as computed.
pub fn flow_rate(s: f64, c: f64, p: f64, a: f64) -> f64 {
    s * c * p * (1.0 - a)
}

/// The transmission rule of `conductInformation`: transmit iff `flow_rate > threshold`
/// (strictly; the document's threshold is 0.1, so R = 0.1 is blocked and 0.1 + ε passes).
pub fn transmits(flow_rate: f64, threshold: f64) -> bool {
    flow_rate > threshold
}

/// The priority weight P = urgency × importance × attention focus ("Priority Weight P(t)").
/// Urgency is in [0, ∞), importance and focus in [0, 1]; the conductor's messages are checked
/// on creation, so this is the plain product.
pub fn priority(urgency: f64, importance: f64, attention_focus: f64) -> f64 {
    urgency * importance * attention_focus
}

/// The constants of the document's `AttenuationCalculator`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttenuationParams {
    /// λ of the distance term `1 − exp(−λ·distance)`: 0.1.
    pub distance_lambda: f64,
    /// Gain of the interference term `interference × 0.1`: 0.1.
    pub interference_gain: f64,
    /// Gain of the complexity term `(complexity − 0.5) × 0.05`: 0.05.
    pub complexity_gain: f64,
    /// The complexity at which the complexity term is 0: 0.5.
    pub complexity_center: f64,
    /// The load above which the load term starts, `max(0, load − 0.8) × 0.2`: 0.8.
    pub load_knee: f64,
    /// Gain of the load term: 0.2.
    pub load_gain: f64,
    /// Upper clamp of the total, `Math.min(0.95, …)`: 0.95.
    pub max_total: f64,
    /// Lower clamp of the total: 0. The document has none, so its total goes negative for a
    /// short distance and a simple message (distance 1, complexity 0 gives 0.095 − 0.025 =
    /// 0.07, but complexity 0 at distance 0 would give −0.025); the issue clamps to [0, 0.95].
    pub min_total: f64,
}

impl Default for AttenuationParams {
    fn default() -> Self {
        AttenuationParams {
            distance_lambda: 0.1,
            interference_gain: 0.1,
            complexity_gain: 0.05,
            complexity_center: 0.5,
            load_knee: 0.8,
            load_gain: 0.2,
            max_total: 0.95,
            min_total: 0.0,
        }
    }
}

impl AttenuationParams {
    /// Checks every field.
    pub fn validate(&self, prefix: &str) -> Result<()> {
        let f = |n: &str| format!("{prefix}.{n}");
        check_range(&f("distance_lambda"), self.distance_lambda, 0.0, 10.0)?;
        check_range(&f("interference_gain"), self.interference_gain, 0.0, 10.0)?;
        check_range(&f("complexity_gain"), self.complexity_gain, 0.0, 10.0)?;
        check_range(&f("complexity_center"), self.complexity_center, 0.0, 1.0)?;
        check_range(&f("load_knee"), self.load_knee, 0.0, 1.0)?;
        check_range(&f("load_gain"), self.load_gain, 0.0, 10.0)?;
        check_range(&f("max_total"), self.max_total, 0.0, 1.0)?;
        check_range(&f("min_total"), self.min_total, 0.0, self.max_total)?;
        Ok(())
    }
}

/// An attenuation and its four components, as the document's calculator returns it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attenuation {
    /// The total, clamped to [`AttenuationParams::min_total`] … `max_total`.
    pub total: f64,
    /// `1 − exp(−λ·distance)`.
    pub distance: f64,
    /// `interference × 0.1`.
    pub interference: f64,
    /// `(complexity − 0.5) × 0.05` (negative for simple messages).
    pub complexity: f64,
    /// `max(0, load − 0.8) × 0.2`.
    pub load: f64,
}

/// The document's `calculateAttenuation`: distance (layer steps), interference, complexity and
/// load (each 0 … 1) to the attenuation A and its components.
pub fn attenuation(
    p: &AttenuationParams,
    distance: f64,
    interference: f64,
    complexity: f64,
    load: f64,
) -> Attenuation {
    let distance_term = 1.0 - (-p.distance_lambda * distance).exp();
    let interference_term = interference * p.interference_gain;
    let complexity_term = (complexity - p.complexity_center) * p.complexity_gain;
    let load_term = (load - p.load_knee).max(0.0) * p.load_gain;
    let sum = distance_term + interference_term + complexity_term + load_term;
    Attenuation {
        total: sum.clamp(p.min_total, p.max_total),
        distance: distance_term,
        interference: interference_term,
        complexity: complexity_term,
        load: load_term,
    }
}

/// The distance between two layers, in layer steps: the difference of their positions in the
/// document's order (Sensory 1 … Output 7), 1 … 6. The document's `getLayerDistance` is not
/// defined; this is the reading its matrix suggests (neighbours in the order carry the largest
/// flows).
pub fn layer_distance(a: ConductorLayer, b: ConductorLayer) -> f64 {
    (a.index() as f64 - b.index() as f64).abs()
}

/// The 7×7 coordination matrix of "Layer Coordination Dynamics": `m[i][j]` is the flow rate
/// from layer i to layer j, rows and columns in [`ConductorLayer::ALL`] order.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FlowMatrix(pub [[f64; 7]; 7]);

impl Default for FlowMatrix {
    /// The document's matrix, exactly.
    fn default() -> Self {
        FlowMatrix([
            [0.0, 0.8, 0.1, 0.0, 0.0, 0.0, 0.0],
            [0.1, 0.0, 0.7, 0.2, 0.0, 0.0, 0.0],
            [0.0, 0.2, 0.0, 0.6, 0.3, 0.0, 0.0],
            [0.0, 0.1, 0.3, 0.0, 0.5, 0.2, 0.0],
            [0.0, 0.0, 0.1, 0.4, 0.0, 0.6, 0.1],
            [0.0, 0.0, 0.0, 0.2, 0.4, 0.0, 0.7],
            [0.0, 0.0, 0.0, 0.1, 0.2, 0.3, 0.0],
        ])
    }
}

/// The document's four claims about its matrix, each checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatrixProperties {
    /// "Diagonal = 0 (no self-loops)".
    pub diagonal_zero: bool,
    /// Sum above the diagonal.
    pub upper_sum: f64,
    /// Sum below the diagonal.
    pub lower_sum: f64,
    /// "Upper triangular dominance (forward flow)": upper sum above lower sum.
    pub upper_dominant: bool,
    /// Each row's sum.
    pub row_sums: [f64; 7],
    /// "Row sums < 1 (information loss at each layer)": true only if every row sum is below 1.
    pub row_sums_below_one: bool,
    /// "Non-zero backward flows (feedback mechanisms)": some entry below the diagonal.
    pub backward_flows: bool,
    /// The spectral radius (largest |eigenvalue|, by power iteration on the non-negative
    /// matrix): below 1 would make repeated flow lose information, as "row sums < 1" intends.
    pub spectral_radius: f64,
    /// The claims that do not hold, one sentence each.
    pub contradictions: Vec<String>,
}

impl FlowMatrix {
    /// Entry (from, to).
    pub fn get(&self, from: ConductorLayer, to: ConductorLayer) -> f64 {
        self.0[from.index()][to.index()]
    }

    /// The layers `from` has an edge to (non-zero entry), in layer order.
    pub fn successors(&self, from: ConductorLayer) -> Vec<ConductorLayer> {
        ConductorLayer::ALL
            .into_iter()
            .filter(|&to| to != from && self.get(from, to) > 0.0)
            .collect()
    }

    /// Every entry finite and in [0, 1], and the diagonal zero.
    pub fn validate(&self, field: &str) -> Result<()> {
        for (i, row) in self.0.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                check_range(&format!("{field}[{i}][{j}]"), v, 0.0, 1.0)?;
                if i == j && v != 0.0 {
                    return Err(ConductorError::out_of_range(
                        format!("{field}[{i}][{j}]"),
                        v,
                        "0 (no self-loops)",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The fewest edges from every layer to `to` (`None` where there is no path), by
    /// breadth-first search backwards from `to`.
    pub fn hops_to(&self, to: ConductorLayer) -> [Option<u32>; 7] {
        let mut d = [None; 7];
        d[to.index()] = Some(0);
        let mut frontier = vec![to];
        let mut k = 0;
        while !frontier.is_empty() {
            k += 1;
            let mut next = Vec::new();
            for &t in &frontier {
                for from in ConductorLayer::ALL {
                    if d[from.index()].is_none() && self.get(from, t) > 0.0 {
                        d[from.index()] = Some(k);
                        next.push(from);
                    }
                }
            }
            frontier = next;
        }
        d
    }

    /// Checks the document's four claims.
    pub fn properties(&self) -> MatrixProperties {
        let m = &self.0;
        let mut upper = 0.0;
        let mut lower = 0.0;
        let mut diag = true;
        for (i, row) in m.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                if i < j {
                    upper += v;
                } else if i > j {
                    lower += v;
                } else if v != 0.0 {
                    diag = false;
                }
            }
        }
        let row_sums: [f64; 7] = std::array::from_fn(|i| m[i].iter().sum());
        let below_one = row_sums.iter().all(|&s| s < 1.0);
        let radius = spectral_radius(m);
        let mut contradictions = Vec::new();
        if !diag {
            contradictions.push("the diagonal is not zero".to_string());
        }
        if upper <= lower {
            contradictions.push(format!(
                "forward flow does not dominate: upper sum {upper:.1} ≤ lower sum {lower:.1}"
            ));
        }
        if !below_one {
            let over: Vec<String> = ConductorLayer::ALL
                .iter()
                .zip(row_sums)
                .filter(|(_, s)| *s >= 1.0)
                .map(|(l, s)| format!("{} {s:.1}", l.name()))
                .collect();
            contradictions.push(format!(
                "\"row sums < 1\" is false: {} (a layer passes on more than it receives)",
                over.join(", ")
            ));
        }
        if radius >= 1.0 {
            contradictions.push(format!(
                "the spectral radius is {radius:.3} ≥ 1, so flow repeated through the matrix \
                 grows instead of losing information at each layer"
            ));
        }
        MatrixProperties {
            diagonal_zero: diag,
            upper_sum: upper,
            lower_sum: lower,
            upper_dominant: upper > lower,
            row_sums,
            row_sums_below_one: below_one,
            backward_flows: (0..7).any(|i| (0..i).any(|j| m[i][j] > 0.0)),
            spectral_radius: radius,
            contradictions,
        }
    }
}

/// Largest |eigenvalue| of a non-negative matrix by power iteration on (M + I) (the shift makes
/// the iteration converge for periodic matrices; the Perron root of M is that of M + I minus 1).
fn spectral_radius(m: &[[f64; 7]; 7]) -> f64 {
    let mut v = [1.0f64; 7];
    let mut lambda = 0.0;
    for _ in 0..10_000 {
        let mut w = [0.0f64; 7];
        for i in 0..7 {
            w[i] = v[i] + (0..7).map(|j| m[i][j] * v[j]).sum::<f64>();
        }
        let norm = w.iter().cloned().fold(0.0, f64::max);
        if norm == 0.0 {
            return 0.0;
        }
        for x in &mut w {
            *x /= norm;
        }
        let done = (norm - lambda).abs() < 1e-14;
        lambda = norm;
        v = w;
        if done {
            break;
        }
    }
    lambda - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_is_strict() {
        // Acceptance 3: R = 0.1 is blocked, 0.1 + 1e-9 passes.
        assert!(!transmits(0.1, 0.1));
        assert!(transmits(0.1 + 1e-9, 0.1));
        assert!(!transmits(-0.5, 0.1));
        assert_eq!(flow_rate(1.0, 0.5, 2.0, 0.25), 0.75);
        assert_eq!(priority(2.0, 0.5, 0.5), 0.5);
    }

    #[test]
    fn attenuation_follows_the_documents_table_and_clamps() {
        // Acceptance 3: distances 1..6 at no interference, complexity 0.5, load ≤ 0.8 give
        // 1 − e^(−0.1 d): 0.095, 0.181, 0.259, 0.330, 0.393, 0.451 (the document's base term).
        let p = AttenuationParams::default();
        let table = [0.0952, 0.1813, 0.2592, 0.3297, 0.3935, 0.4512];
        for (d, want) in (1..=6).zip(table) {
            let a = attenuation(&p, d as f64, 0.0, 0.5, 0.5);
            assert!((a.total - want).abs() < 5e-5, "d = {d}: {}", a.total);
            assert_eq!(a.total, a.distance);
        }
        // The other terms as written.
        let a = attenuation(&p, 1.0, 0.5, 0.9, 1.0);
        assert!((a.interference - 0.05).abs() < 1e-12);
        assert!((a.complexity - 0.02).abs() < 1e-12);
        assert!((a.load - 0.04).abs() < 1e-12);
        // Capped at 0.95 …
        let a = attenuation(&p, 6.0, 5.0, 1.0, 1.0);
        assert_eq!(a.total, 0.95);
        // … and never negative (the document's formula gives −0.025 here).
        let a = attenuation(&p, 0.0, 0.0, 0.0, 0.0);
        assert_eq!(a.total, 0.0);
        assert!(a.complexity < 0.0);
    }

    #[test]
    fn the_documents_matrix_contradicts_two_of_its_claims() {
        let props = FlowMatrix::default().properties();
        assert!(props.diagonal_zero);
        assert!(props.upper_dominant);
        assert!((props.upper_sum - 4.8).abs() < 1e-9);
        assert!((props.lower_sum - 2.4).abs() < 1e-9);
        assert!(props.backward_flows);
        assert!(!props.row_sums_below_one);
        let want = [0.9, 1.0, 1.1, 1.1, 1.2, 1.3, 0.6];
        for (s, w) in props.row_sums.iter().zip(want) {
            assert!((s - w).abs() < 1e-9);
        }
        assert!(
            (props.spectral_radius - 1.081).abs() < 0.001,
            "{}",
            props.spectral_radius
        );
        assert_eq!(props.contradictions.len(), 2, "{:?}", props.contradictions);
        // A contractive matrix passes every claim.
        let mut m = FlowMatrix::default();
        for row in &mut m.0 {
            for v in row.iter_mut() {
                *v *= 0.5;
            }
        }
        assert!(m.properties().contradictions.is_empty());
    }

    #[test]
    fn the_graph_reaches_every_layer() {
        let m = FlowMatrix::default();
        for to in ConductorLayer::ALL {
            assert!(m.hops_to(to).iter().all(Option::is_some), "{to}");
        }
        let d = m.hops_to(ConductorLayer::Output);
        assert_eq!(d[ConductorLayer::Sensory.index()], Some(3));
        assert_eq!(
            m.successors(ConductorLayer::Sensory),
            [ConductorLayer::Pattern, ConductorLayer::Emotional]
        );
        let mut bad = m;
        bad.0[2][2] = 0.5;
        assert!(bad.validate("flow.matrix").is_err());
        bad.0[2][2] = 0.0;
        bad.0[0][1] = 1.5;
        assert_eq!(
            bad.validate("flow.matrix").unwrap_err().field(),
            "flow.matrix[0][1]"
        );
    }
}
