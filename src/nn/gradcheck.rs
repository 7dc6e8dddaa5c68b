//! Central finite differences in f64: the check every backward pass is held to.
//! Public so the integration tests in `tests/` can use it; not used in training.

/// The outcome of one gradient check.
#[derive(Clone, Debug)]
pub struct GradCheck {
    pub label: String,
    /// Largest `|analytic − numeric| / max(|analytic| + |numeric|, 1e-3)`.
    pub max_error: f64,
    /// The analytic and numeric values where that error occurred.
    pub worst: (f64, f64),
    /// How many coordinates were compared.
    pub checked: usize,
}

impl GradCheck {
    /// Panics with the label and the error unless `max_error <= tol`.
    pub fn assert_below(&self, tol: f64) {
        assert!(
            self.max_error <= tol && self.checked > 0,
            "{}: largest gradient error {:.3e} exceeds {tol:.1e} ({} coordinates; analytic {:e}, numeric {:e})",
            self.label,
            self.max_error,
            self.checked,
            self.worst.0,
            self.worst.1
        );
        println!("{:<40} largest error {:.2e} over {} coordinates", self.label, self.max_error, self.checked);
    }
}

/// Compares `analytic[i]` with `(f(θ + h·e_i) − f(θ − h·e_i)) / 2h` for every
/// coordinate `i` of `theta`. Errors are relative, with a floor of 1e-3 below
/// which they are absolute: a gradient of 1e-9 is compared with 1e-9 accuracy,
/// not against rounding noise of the same size.
pub fn check(label: impl Into<String>, theta: &mut [f64], analytic: &[f64], mut f: impl FnMut(&[f64]) -> f64) -> GradCheck {
    // A central difference errs by ≈ h²·f‴/6 (truncation) plus ≈ 1e-16·|f|/h
    // (rounding). At the tests' losses of up to ≈ 10, h = 1e-6 left ≈ 1e-9 of
    // rounding, which against the floor of 1e-3 is the tests' whole tolerance of
    // 1e-6 (one draw of the grouped-experts check read 1.2e-6 there, and 4e-8 at
    // h = 1e-5). At h = 1e-5 no check of the crate errs more than at 1e-6 (largest 9e-8).
    const H: f64 = 1e-5;
    assert_eq!(theta.len(), analytic.len(), "one analytic gradient per coordinate");
    let mut max_error: f64 = 0.0;
    let mut worst = (0.0, 0.0);
    for i in 0..theta.len() {
        let orig = theta[i];
        theta[i] = orig + H;
        let plus = f(theta);
        theta[i] = orig - H;
        let minus = f(theta);
        theta[i] = orig;
        let numeric = (plus - minus) / (2.0 * H);
        let err = (analytic[i] - numeric).abs() / (analytic[i].abs() + numeric.abs()).max(1e-3);
        if err > max_error {
            max_error = err;
            worst = (analytic[i], numeric);
        }
    }
    GradCheck { label: label.into(), max_error, worst, checked: theta.len() }
}
