//! Finite-difference gradient checks in f64 on tiny shapes for every layer, loss
//! and model. Each prints its label and largest error (`cargo test -- --nocapture`).

use mtl_playground::models::{ModelKind, ModelSizes, MultiTaskModel, Ple, Preset};
use mtl_playground::nn::activation::{relu, relu_backward, softmax, softmax_backward, Activation};
use mtl_playground::nn::gradcheck::check;
use mtl_playground::nn::loss::{bce_with_logits, mse};
use mtl_playground::nn::{Buffer, Dense, GateSupport, GroupedMoeLayer, MixLayout, MoeGroup, MoeLayer, ParamLayout};
use mtl_playground::rng::{seeded, SeedRng};
use ndarray::{Array1, Array2};
use rand::RngExt;
use rand_distr::StandardNormal;

const TOL: f64 = 1e-6;

fn normal(rng: &mut SeedRng, shape: (usize, usize)) -> Array2<f64> {
    Array2::from_shape_simple_fn(shape, || rng.sample(StandardNormal))
}

/// Scalar probe loss `Σ c ⊙ y` with fixed random `c`: ∂/∂y = c.
fn probe(y: &ndarray::ArrayView2<'_, f64>, c: &Array2<f64>) -> f64 {
    (y * c).sum()
}

#[test]
fn dense_weights_biases_and_inputs() {
    let mut rng = seeded(1);
    let mut layout = ParamLayout::new();
    let mut dense = Dense::<f64>::new(&mut layout, 4, 3);
    let mut params = vec![0.0; layout.len()];
    dense.init(&mut params, &mut rng);
    let x = normal(&mut rng, (5, 4));
    let c = normal(&mut rng, (5, 3));

    dense.forward(&params, x.view());
    let mut grads = vec![0.0; params.len()];
    let dx = dense.backward(&params, &mut grads, c.view(), true).to_owned();

    let mut f = dense.clone();
    check("dense dW, db", &mut params.clone(), &grads, |p| probe(&f.forward(p, x.view()), &c)).assert_below(TOL);
    let mut xs = x.as_slice().unwrap().to_vec();
    let dxs = dx.as_slice().unwrap().to_vec();
    let mut g = dense.clone();
    check("dense dx", &mut xs, &dxs, |xv| {
        let xa = ndarray::ArrayView2::from_shape((5, 4), xv).unwrap();
        probe(&g.forward(&params, xa), &c)
    })
    .assert_below(TOL);
}

#[test]
fn relu_and_softmax() {
    let mut rng = seeded(2);
    // Values kept away from the ReLU kink at 0.
    let mut z: Vec<f64> = (0..12).map(|i| if i % 2 == 0 { 0.3 } else { -0.4 } + rng.random_range(-0.2..0.2)).collect();
    let c: Vec<f64> = (0..12).map(|_| rng.sample(StandardNormal)).collect();
    let relu_loss = |z: &[f64]| {
        let mut a = z.to_vec();
        relu(&mut a);
        a.iter().zip(&c).map(|(a, c)| a * c).sum::<f64>()
    };
    let mut a = z.clone();
    relu(&mut a);
    let mut dz = c.clone();
    relu_backward(&a, &mut dz);
    check("relu", &mut z, &dz, relu_loss).assert_below(TOL);
    // leaky ReLU: the same points, the slope 0.05 below zero
    let leaky_loss = |z: &[f64]| {
        let mut a = z.to_vec();
        Activation::LeakyRelu.forward(&mut a);
        a.iter().zip(&c).map(|(a, c)| a * c).sum::<f64>()
    };
    let mut a = z.clone();
    Activation::LeakyRelu.forward(&mut a);
    let mut dz = c.clone();
    Activation::LeakyRelu.backward(&a, &mut dz);
    assert!(dz.iter().zip(&c).all(|(d, c)| d.abs() >= 0.05 * c.abs() - 1e-15), "no unit passes less than 5 % of its gradient");
    check("leaky relu", &mut z, &dz, leaky_loss).assert_below(TOL);

    let mut logits: Vec<f64> = (0..6).map(|_| rng.sample(StandardNormal)).collect();
    let c6 = &c[..6];
    let soft_loss = |z: &[f64]| {
        let mut g = z.to_vec();
        softmax(&mut g);
        g.iter().zip(c6).map(|(g, c)| g * c).sum::<f64>()
    };
    let mut g = logits.clone();
    softmax(&mut g);
    assert!((g.iter().sum::<f64>() - 1.0).abs() < 1e-12, "softmax sums to one");
    let mut dlogits = c6.to_vec();
    softmax_backward(&g, &mut dlogits);
    check("softmax", &mut logits, &dlogits, soft_loss).assert_below(TOL);
}

#[test]
fn losses() {
    let mut rng = seeded(3);
    let y = Array1::from_shape_simple_fn(9, || rng.sample::<f64, _>(StandardNormal));
    let mut pred: Vec<f64> = (0..9).map(|_| rng.sample(StandardNormal)).collect();
    let mut d = Array1::zeros(9);
    let scale = 0.7;
    mse(Array1::from(pred.clone()).view(), y.view(), scale, d.view_mut());
    let mut scratch = Array1::zeros(9);
    check("mse (scaled by a loss weight)", &mut pred, d.as_slice().unwrap(), |p| {
        scale * mse(ndarray::ArrayView1::from(p), y.view(), 1.0, scratch.view_mut())
    })
    .assert_below(TOL);

    let labels = Array1::from_shape_simple_fn(9, || if rng.random_bool(0.3) { 1.0 } else { 0.0 });
    let mut logits: Vec<f64> = (0..9).map(|_| 3.0 * rng.sample::<f64, _>(StandardNormal)).collect();
    bce_with_logits(Array1::from(logits.clone()).view(), labels.view(), 1.0, d.view_mut());
    check("binary cross-entropy with logits", &mut logits, d.as_slice().unwrap(), |z| {
        bce_with_logits(ndarray::ArrayView1::from(z), labels.view(), 1.0, scratch.view_mut())
    })
    .assert_below(TOL);
}

#[test]
fn moe_layer_experts_gates_and_inputs() {
    for gates in [1, 2, 3] {
        let mut rng = seeded(10 + gates as u64);
        let mut layout = ParamLayout::new();
        let mut moe = MoeLayer::<f64>::new(&mut layout, 4, 3, 2, gates);
        let mut params = vec![0.0; layout.len()];
        moe.init(&mut params, &mut rng);
        params.iter_mut().for_each(|p| *p *= 3.0); // sharper gates than at init
        let x = normal(&mut rng, (6, 4));
        let cs: Vec<Array2<f64>> = (0..gates).map(|_| normal(&mut rng, (6, 2))).collect();
        let loss = |moe: &mut MoeLayer<f64>, p: &[f64], x: ndarray::ArrayView2<'_, f64>| {
            moe.forward(p, x);
            moe.h.iter().zip(&cs).map(|(h, c)| probe(&h.view(), c)).sum::<f64>()
        };
        loss(&mut moe, &params, x.view());
        let dh: Vec<Buffer<f64>> = cs
            .iter()
            .map(|c| {
                let mut b = Buffer::new(2);
                b.resize(6).assign(c);
                b
            })
            .collect();
        let mut grads = vec![0.0; params.len()];
        let dx = moe.backward(&params, &mut grads, &dh, true).to_owned();
        let mut f = moe.clone();
        check(format!("mixture of experts, {gates} gate(s): params"), &mut params.clone(), &grads, |p| loss(&mut f, p, x.view()))
            .assert_below(TOL);
        let mut xs = x.as_slice().unwrap().to_vec();
        check(format!("mixture of experts, {gates} gate(s): dx"), &mut xs, dx.as_slice().unwrap(), |xv| {
            loss(&mut f, &params, ndarray::ArrayView2::from_shape((6, 4), xv).unwrap())
        })
        .assert_below(TOL);
    }
}

/// Checks every model's gradient end to end at `sizes`, on `rows` rows of
/// `input_dim` inputs and a weighted sum of the two tasks' MSE.
fn check_every_model(sizes: &ModelSizes, input_dim: usize, rows: usize, label: &str) {
    let weights = [0.7, 1.3];
    for kind in ModelKind::ALL {
        let mut rng = seeded(kind as u64 + 20);
        let mut model = kind.build::<f64>(sizes, input_dim, 2);
        let mut params = vec![0.0; model.num_params()];
        model.init(&mut params, &mut rng);
        let x = normal(&mut rng, (rows, input_dim));
        let y = normal(&mut rng, (rows, 2));
        let mut dout = Array2::zeros((rows, 2));
        let loss = |model: &mut dyn mtl_playground::models::MultiTaskModel<f64>, p: &[f64], dout: &mut Array2<f64>| {
            let out = model.forward(p, x.view());
            (0..2).map(|k| weights[k] * mse(out.column(k), y.column(k), weights[k], dout.column_mut(k))).sum::<f64>()
        };
        loss(model.as_mut(), &params, &mut dout);
        let mut grads = vec![0.0; params.len()];
        model.backward(&params, &mut grads, dout.view());
        let mut scratch = Array2::zeros((rows, 2));
        let result = check(format!("model {} ({label})", kind.label()), &mut params, &grads, |p| loss(model.as_mut(), p, &mut scratch));
        result.assert_below(TOL);
        assert!(grads.iter().all(|g| g.is_finite()) && grads.iter().any(|&g| g != 0.0));
    }
}

#[test]
fn every_model_end_to_end() {
    let sizes = ModelSizes {
        experts: 3,
        expert_units: 4,
        tower_units: 3,
        bottom_units: 5,
        single_units: 4,
        task_experts: 2,
        shared_experts: 2,
        ple_levels: 2,
        activation: Activation::Relu,
    };
    check_every_model(&sizes, 5, 7, "tiny");
    check_every_model(&ModelSizes { activation: Activation::LeakyRelu, ..sizes }, 5, 7, "tiny, leaky ReLU");
}

/// Every model at every size a preset uses, at the lab's input dimension
/// (d = 100): every parameter checked, on three rows (narrow's leaky ReLU, paper's ReLU).
#[test]
fn every_model_at_every_presets_sizes() {
    for preset in Preset::ALL {
        check_every_model(&preset.sizes(), 100, 3, preset.id());
    }
}

/// Uncertainty weighting's total `Σ_k term(s_k, L_k)` in both forms: its
/// gradient w.r.t. `s_k` (what Adam follows) and w.r.t. `L_k` (the effective
/// weight each task's loss gets), at several `s` and losses.
#[test]
fn uncertainty_weighted_total() {
    use mtl_playground::train::weighting::uncertainty_loss;
    use mtl_playground::train::UncertaintyForm;
    for form in [UncertaintyForm::Regression, UncertaintyForm::Classification] {
        // θ = (s_1, s_2, s_3, L_1, L_2, L_3)
        let mut theta = vec![-1.3, 0.0, 0.8, 0.05, 1.7, 0.4];
        let analytic: Vec<f64> =
            (0..3).map(|k| form.dterm_ds(theta[k], theta[3 + k])).chain((0..3).map(|k| form.weight(theta[k]))).collect();
        check(format!("uncertainty total ({form:?}) d/ds, d/dL"), &mut theta, &analytic, |t| uncertainty_loss(form, &t[..3], &t[3..]))
            .assert_below(TOL);
    }
}

/// CGC/PLE-shaped gates over 5 experts (A: 0–1, B: 2–3, shared: 4): task
/// gates over own + shared, and a shared gate over all.
fn cgc_mix(units: usize, shared_gate: bool) -> MixLayout {
    let mut gates = vec![GateSupport(vec![0..2, 4..5]), GateSupport(vec![2..4, 4..5])];
    if shared_gate {
        gates.push(GateSupport::all(5));
    }
    MixLayout::new(5, units, gates)
}

fn buffers(arrays: &[Array2<f64>]) -> Vec<Buffer<f64>> {
    arrays
        .iter()
        .map(|a| {
            let mut b = Buffer::new(a.ncols());
            b.resize(a.nrows()).assign(a);
            b
        })
        .collect()
}

#[test]
fn moe_layer_with_gates_over_part_of_the_experts() {
    for shared_gate in [false, true] {
        let mut rng = seeded(30 + shared_gate as u64);
        let mut layout = ParamLayout::new();
        let mut moe = MoeLayer::<f64>::with_gates(&mut layout, 4, cgc_mix(2, shared_gate));
        let mut params = vec![0.0; layout.len()];
        moe.init(&mut params, &mut rng);
        params.iter_mut().for_each(|p| *p *= 3.0);
        let x = normal(&mut rng, (6, 4));
        let cs: Vec<Array2<f64>> = (0..moe.gates).map(|_| normal(&mut rng, (6, 2))).collect();
        let loss = |moe: &mut MoeLayer<f64>, p: &[f64], x: ndarray::ArrayView2<'_, f64>| {
            moe.forward(p, x);
            moe.h.iter().zip(&cs).map(|(h, c)| probe(&h.view(), c)).sum::<f64>()
        };
        loss(&mut moe, &params, x.view());
        for k in 0..2 {
            let mut spread = Buffer::new(5);
            moe.spread_gate(k, &mut spread);
            for row in spread.view().rows() {
                assert!((row.sum() - 1.0).abs() < 1e-12, "a gate sums to one over its support");
                assert_eq!(row[2 - 2 * k], 0.0, "zero on the other task's experts");
                assert_eq!(row[3 - 2 * k], 0.0);
            }
        }
        let mut grads = vec![0.0; params.len()];
        let dx = moe.backward(&params, &mut grads, &buffers(&cs), true).to_owned();
        let mut f = moe.clone();
        let label = if shared_gate { "CGC-shaped gates + shared gate" } else { "CGC-shaped gates" };
        check(format!("mixture of experts, {label}: params"), &mut params.clone(), &grads, |p| loss(&mut f, p, x.view())).assert_below(TOL);
        let mut xs = x.as_slice().unwrap().to_vec();
        check(format!("mixture of experts, {label}: dx"), &mut xs, dx.as_slice().unwrap(), |xv| {
            loss(&mut f, &params, ndarray::ArrayView2::from_shape((6, 4), xv).unwrap())
        })
        .assert_below(TOL);
    }
}

#[test]
fn grouped_moe_layer_groups_and_inputs() {
    for shared_gate in [false, true] {
        let mut rng = seeded(40 + shared_gate as u64);
        let groups = vec![
            MoeGroup { experts: 0..2, gate: Some(0) },
            MoeGroup { experts: 2..4, gate: Some(1) },
            MoeGroup { experts: 4..5, gate: shared_gate.then_some(2) },
        ];
        let mut layout = ParamLayout::new();
        let mut level = GroupedMoeLayer::<f64>::new(&mut layout, 3, cgc_mix(2, shared_gate), groups);
        let mut params = vec![0.0; layout.len()];
        level.init(&mut params, &mut rng);
        params.iter_mut().for_each(|p| *p *= 3.0);
        let xs: Vec<Array2<f64>> = (0..3).map(|_| normal(&mut rng, (6, 3))).collect();
        let cs: Vec<Array2<f64>> = (0..level.h.len()).map(|_| normal(&mut rng, (6, 2))).collect();
        let loss = |level: &mut GroupedMoeLayer<f64>, p: &[f64], xs: &[Array2<f64>]| {
            level.forward(p, &buffers(xs));
            level.h.iter().zip(&cs).map(|(h, c)| probe(&h.view(), c)).sum::<f64>()
        };
        loss(&mut level, &params, &xs);
        let mut grads = vec![0.0; params.len()];
        level.backward(&params, &mut grads, &buffers(&cs));
        let dxs: Vec<Array2<f64>> = (0..3).map(|j| level.dx(j).to_owned()).collect();
        let mut f = level.clone();
        let label = if shared_gate { "grouped experts + shared gate" } else { "grouped experts" };
        check(format!("{label}: params"), &mut params.clone(), &grads, |p| loss(&mut f, p, &xs)).assert_below(TOL);
        for j in 0..3 {
            let mut xj = xs[j].as_slice().unwrap().to_vec();
            check(format!("{label}: dx of group {j}"), &mut xj, dxs[j].as_slice().unwrap(), |v| {
                let mut moved = xs.clone();
                moved[j] = Array2::from_shape_vec((6, 3), v.to_vec()).unwrap();
                loss(&mut f, &params, &moved)
            })
            .assert_below(TOL);
        }
    }
}

/// CGC and PLE at 1, 2 and 3 levels end to end, one check per parameter group
/// (each level's task experts, shared experts, task gates, shared gate; the towers).
#[test]
fn cgc_and_ple_every_parameter_group() {
    let sizes = ModelSizes { task_experts: 2, shared_experts: 2, expert_units: 3, tower_units: 3, ..ModelSizes::default() };
    let weights = [0.7, 1.3];
    for (kind, levels) in [(ModelKind::Cgc, 1), (ModelKind::Ple, 2), (ModelKind::Ple, 3)] {
        // One draw of parameters (sharper gates than at init: ×1.5; at ×2 the loss is
        // ≈ 10 and the central differences' rounding grows with it), inputs and
        // labels, with every parameter group's gradient. With 3-unit experts and
        // towers a draw can leave a whole group's ReLUs dead on every row; its check
        // would then compare zeros with zeros (ChaCha8's seed 53 does this to PLE's
        // level-3 task experts, numeric gradient 0 too). So the check uses the first
        // draw, from seed 50 + levels in steps of 1000, at which every group is live.
        let draw = |seed: u64| {
            let mut rng = seeded(seed);
            let mut model = Ple::<f64>::new(kind, 5, 2, levels, &sizes);
            let mut params = vec![0.0; model.num_params()];
            model.init(&mut params, &mut rng);
            params.iter_mut().for_each(|p| *p *= 1.5);
            let (x, y) = (normal(&mut rng, (7, 5)), normal(&mut rng, (7, 2)));
            let mut dout = Array2::zeros((7, 2));
            let out = model.forward(&params, x.view());
            (0..2).for_each(|k| _ = mse(out.column(k), y.column(k), weights[k], dout.column_mut(k)));
            let mut grads = vec![0.0; params.len()];
            model.backward(&params, &mut grads, dout.view());
            let live = model.param_groups().iter().all(|(_, ranges)| ranges.iter().cloned().flatten().any(|i| grads[i] != 0.0));
            live.then_some((model, params, x, y, grads))
        };
        let (mut model, params, x, y, grads) = (0..10)
            .find_map(|i| draw(50 + levels as u64 + 1000 * i))
            .unwrap_or_else(|| panic!("{kind} ({levels} levels): no draw in 10 gives every parameter group a gradient"));
        let loss = |model: &mut Ple<f64>, p: &[f64], dout: &mut Array2<f64>| {
            let out = model.forward(p, x.view());
            (0..2).map(|k| weights[k] * mse(out.column(k), y.column(k), weights[k], dout.column_mut(k))).sum::<f64>()
        };

        let groups = model.param_groups();
        let mut seen = vec![0; params.len()];
        groups.iter().flat_map(|(_, r)| r.iter().cloned().flatten()).for_each(|i| seen[i] += 1);
        assert!(seen.iter().all(|&c| c == 1), "{kind} ({levels} levels): parameter groups partition the parameters");
        let expected = 3 + usize::from(levels > 1) + (levels - 1) * 3 + levels.saturating_sub(2) + 1;
        assert_eq!(groups.len(), expected, "{kind} ({levels} levels): {:?}", groups.iter().map(|g| &g.0).collect::<Vec<_>>());

        let mut scratch = Array2::zeros((7, 2));
        for (name, ranges) in &groups {
            let idx: Vec<usize> = ranges.iter().cloned().flatten().collect();
            let mut sub: Vec<f64> = idx.iter().map(|&i| params[i]).collect();
            let analytic: Vec<f64> = idx.iter().map(|&i| grads[i]).collect();
            assert!(analytic.iter().any(|&g| g != 0.0), "{kind} {name}: no gradient reaches it");
            let mut full = params.clone();
            check(format!("{} ({levels} level): {name}", kind.label()), &mut sub, &analytic, |v| {
                idx.iter().zip(v).for_each(|(&i, &p)| full[i] = p);
                loss(&mut model, &full, &mut scratch)
            })
            .assert_below(TOL);
        }
    }
}
