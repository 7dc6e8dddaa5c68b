//! Ticks for the charts' log axes and their labels, shared by every chart
//! that draws one (losses, calibration, the sweeps). Not here: where a chart
//! puts them (each chart's own file).

/// Tick values for a log axis over `lo..hi`: the sparsest 1-2-5-like mantissa
/// set with at least four ticks (decades alone when they give four), thinned
/// to about `max`.
pub fn log_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    const SETS: [&[f64]; 4] =
        [&[1.0], &[1.0, 2.0, 5.0], &[1.0, 1.5, 2.0, 3.0, 5.0, 7.0], &[1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]];
    let (first, last) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let mut ticks = Vec::new();
    for set in SETS {
        ticks = (first..=last)
            .flat_map(|e| set.iter().map(move |m| if e < 0 { m / 10f64.powi(-e) } else { m * 10f64.powi(e) }))
            .filter(|v| (lo..=hi).contains(v))
            .collect();
        if ticks.len() >= 4 {
            break;
        }
    }
    let every = ticks.len().div_ceil(max.max(1)).max(1);
    ticks.into_iter().step_by(every).collect()
}

/// A tick label with as few digits as the value needs: 0.005, 0.02, 0.5, 1, 1.5;
/// empty for a value a log axis cannot show.
pub fn tick_label(v: f64) -> String {
    if !v.is_finite() || v <= 0.0 {
        return String::new();
    }
    let decimals = (1.0 - v.log10().floor()).max(0.0) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ticks_are_sparse_and_cover_the_range() {
        assert_eq!(log_ticks(0.01, 2.0, 10), vec![0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0]);
        assert_eq!(log_ticks(0.004, 0.5, 8), vec![0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5]);
        assert_eq!(log_ticks(0.004, 0.5, 4), vec![0.005, 0.02, 0.1, 0.5]);
        assert!(log_ticks(0.03, 0.06, 8).len() >= 3);
        assert_eq!(log_ticks(1e-4, 1.0, 10), vec![1e-4, 1e-3, 0.01, 0.1, 1.0]);
    }

    #[test]
    fn tick_labels_are_short() {
        for (v, label) in [(0.02, "0.02"), (0.5, "0.5"), (1.0, "1"), (1.5, "1.5"), (0.035, "0.035"), (0.005, "0.005"), (0.15, "0.15")] {
            assert_eq!(tick_label(v), label);
        }
        assert_eq!(tick_label(f64::NAN), "");
        assert_eq!(tick_label(-1.0), "");
    }
}
