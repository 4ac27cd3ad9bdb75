//! The per-port report of a run: for every compared word, how many ticks were compared and how
//! many agreed, the first divergent tick, the largest difference and, for Q4.14 words, the RMS
//! difference as a real number. It is what a user holding their own RTL against phin's model (or
//! two RTL trees against each other) reads to learn which ports agree and how often.

use crate::lockstep::is_q14;
use phin_core::Signal;
use serde::Serialize;
use std::fmt::Write;

/// How one compared signal fared over a run.
#[derive(Clone, Debug, Serialize)]
pub struct SignalStats {
    /// The signal's name on the reference side (phin's model, or the first RTL tree).
    pub name: String,
    /// Its name on the compared side when it differs (a port renamed with a port map).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_name: Option<String>,
    /// A port word of the top (else a register; the report lists the two apart).
    pub port: bool,
    /// Width in bits.
    pub width: u32,
    /// Signed.
    pub signed: bool,
    /// Samples compared: the reset state and every counted tick after it.
    pub compared: u64,
    /// Samples at which the two sides agreed.
    pub agreeing: u64,
    /// The first tick at which they differed (0 is the reset state).
    pub first_divergent_tick: Option<u64>,
    /// The largest absolute difference of the two values, in LSBs (signed values compared as
    /// signed).
    pub max_abs_diff: u64,
    /// For a Q4.14 word (18-bit signed): the root-mean-square difference over every compared
    /// sample, as a real number (LSB = 2⁻¹⁴).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rms_diff: Option<f64>,
    #[serde(skip)]
    differing: u64,
    #[serde(skip)]
    sum_sq: f64,
}

impl SignalStats {
    /// Empty statistics of `sig`.
    pub fn new(sig: &Signal) -> SignalStats {
        SignalStats {
            name: sig.name.clone(),
            other_name: None,
            port: !sig.name.contains('.'),
            width: sig.width,
            signed: sig.signed,
            compared: 0,
            agreeing: 0,
            first_divergent_tick: None,
            max_abs_diff: 0,
            rms_diff: None,
            differing: 0,
            sum_sq: 0.0,
        }
    }

    /// Records a divergence at `tick` between the reference's raw value `a` and the other side's
    /// `b`.
    pub fn diverged(&mut self, tick: u64, sig: &Signal, a: u64, b: u64) {
        self.differing += 1;
        self.first_divergent_tick.get_or_insert(tick);
        let d = (i128::from(sig.value(a)) - i128::from(sig.value(b))).unsigned_abs();
        let d = u64::try_from(d).unwrap_or(u64::MAX);
        self.max_abs_diff = self.max_abs_diff.max(d);
        self.sum_sq += (d as f64) * (d as f64);
    }

    /// Closes the statistics once `compared` is set: the agreeing count and the RMS.
    pub fn finish(&mut self, sig: &Signal) {
        self.agreeing = self.compared - self.differing.min(self.compared);
        self.rms_diff = (is_q14(sig) && self.compared > 0)
            .then(|| (self.sum_sq / self.compared as f64).sqrt() / 16_384.0);
    }

    /// True when the two sides agreed at every compared sample.
    pub fn always_agreed(&self) -> bool {
        self.agreeing == self.compared
    }
}

/// The text report: one row per port word, then one line on the registers when any were
/// compared (listing those that ever differed).
pub fn table(stats: &[SignalStats], sides: &(String, String)) -> String {
    let mut s = String::new();
    let ports: Vec<&SignalStats> = stats.iter().filter(|x| x.port).collect();
    let regs: Vec<&SignalStats> = stats.iter().filter(|x| !x.port).collect();
    let label = |x: &SignalStats| match &x.other_name {
        Some(o) => format!("{} ({} {o})", x.name, sides.1),
        None => x.name.clone(),
    };
    let wname = ports
        .iter()
        .map(|x| label(x).len())
        .max()
        .unwrap_or(4)
        .max(9);
    let _ = writeln!(
        s,
        "per-port report ({} against {}; compared: the reset state and every tick):",
        sides.1, sides.0
    );
    let _ = writeln!(
        s,
        "  {:<wname$}  {:>4}  {:>17}  {:>7}  {:>10}  {:>12}  {:>10}",
        "port word", "bits", "agree / compared", "share", "first diff", "max |diff|", "rms diff"
    );
    for x in &ports {
        let pct = if x.compared == 0 {
            "-".to_string()
        } else if x.always_agreed() {
            "all".to_string()
        } else {
            format!("{:.2}%", 100.0 * x.agreeing as f64 / x.compared as f64)
        };
        let first = x
            .first_divergent_tick
            .map_or("-".to_string(), |t| format!("tick {t}"));
        let rms = x.rms_diff.map_or("-".to_string(), |r| format!("{r:.6}"));
        let _ = writeln!(
            s,
            "  {:<wname$}  {:>3}{}  {:>17}  {:>7}  {:>10}  {:>12}  {:>10}",
            label(x),
            x.width,
            if x.signed { 's' } else { 'u' },
            format!("{} / {}", x.agreeing, x.compared),
            pct,
            first,
            x.max_abs_diff,
            rms
        );
    }
    if !regs.is_empty() {
        let bad: Vec<&&SignalStats> = regs.iter().filter(|x| !x.always_agreed()).collect();
        if bad.is_empty() {
            let _ = writeln!(
                s,
                "  registers: {} compared, all agree at every compared tick",
                regs.len()
            );
        } else {
            let _ = writeln!(
                s,
                "  registers: {} compared, {} differ:",
                regs.len(),
                bad.len()
            );
            for x in bad.iter().take(20) {
                let _ = writeln!(
                    s,
                    "    {}: {} / {} agree, first diff tick {}, max |diff| {}",
                    x.name,
                    x.agreeing,
                    x.compared,
                    x.first_divergent_tick.unwrap_or(0),
                    x.max_abs_diff
                );
            }
            if bad.len() > 20 {
                let _ = writeln!(s, "    … and {} more (see --json)", bad.len() - 20);
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_q14_word_gets_an_rms_in_real_units() {
        let sig = Signal {
            name: "debug_theta".into(),
            width: 18,
            signed: true,
        };
        let mut st = SignalStats::new(&sig);
        // -2 against +2 (raw 18-bit patterns): |diff| 4 LSB, at one tick of four.
        st.diverged(3, &sig, (1 << 18) - 2, 2);
        st.compared = 4;
        st.finish(&sig);
        assert_eq!(st.agreeing, 3);
        assert_eq!(st.first_divergent_tick, Some(3));
        assert_eq!(st.max_abs_diff, 4);
        let rms = st.rms_diff.unwrap();
        assert!(
            (rms - (16.0f64 / 4.0).sqrt() / 16_384.0).abs() < 1e-12,
            "{rms}"
        );
        let flag = Signal {
            name: "beta_quiet".into(),
            width: 1,
            signed: false,
        };
        let mut f = SignalStats::new(&flag);
        f.compared = 2;
        f.finish(&flag);
        assert!(f.rms_diff.is_none() && f.always_agreed());
        let t = table(&[st, f], &("model".into(), "rtl".into()));
        assert!(
            t.contains("debug_theta") && t.contains("tick 3") && t.contains("75.00%"),
            "{t}"
        );
        assert!(t.contains("beta_quiet") && t.contains("all"), "{t}");
    }
}
