//! The page's settings table (`train::params`): its defaults are the configs'
//! defaults, its ranges and options lie inside what the configs accept, and a
//! page's settings build the config they name, or an error naming the setting.

use mtl_playground::data::table::{LabelOp, LabelSpec, TableConfig};
use mtl_playground::models::ModelKind;
use mtl_playground::train::funnel::FunnelRaceConfig;
use mtl_playground::train::params::{self, config_from, Domain, Param, Value};
use mtl_playground::train::watch::WatchRaceConfig;
use mtl_playground::train::{LossWeighting, RaceConfig, Trainer};
use std::collections::BTreeMap;

fn settings(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

fn num(x: f64) -> Value {
    Value::Number(x)
}

/// Every setting at its default builds the default config: the defaults are
/// read off `C::default()` and each `set` undoes its `get`.
fn defaults_round_trip<C: Default + PartialEq + std::fmt::Debug>(table: &[Param<C>]) {
    assert_eq!(config_from(table, BTreeMap::new()).unwrap(), C::default(), "no settings: the default config");
    let all = table.iter().map(|p| (p.name.to_string(), (p.get)(&C::default()))).collect();
    assert_eq!(config_from(table, all).unwrap(), C::default(), "every setting at its default");
}

#[test]
fn every_default_is_the_configs_default() {
    defaults_round_trip(&params::race_params());
    defaults_round_trip(&params::funnel_params());
    defaults_round_trip(&params::watch_params());
    defaults_round_trip(&params::table_params());
    let specs = params::specs();
    let default_of = |name: &str| specs.iter().find(|s| s.name == name).unwrap().default.clone();
    assert_eq!(default_of("p"), num(RaceConfig::default().data.task_correlation));
    assert_eq!(default_of("lr"), num(RaceConfig::default().optimizer.lr));
    assert_eq!(default_of("clickWeight"), num(WatchRaceConfig::default().click_weight));
    assert_eq!(default_of("selection"), num(FunnelRaceConfig::default().data.selection_bias));
    assert_eq!(default_of("weighting"), Value::Text(LossWeighting::default().id().into()));
    assert_eq!(default_of("validation"), num(TableConfig::default().validation));
    assert_eq!(default_of("test"), num(TableConfig::default().test));
}

/// Each end of every range and every option, alone on the default config,
/// passes the config's own checks.
fn ranges_are_accepted<C: Default>(table: &[Param<C>], validate: fn(&C) -> mtl_playground::error::Result<()>) {
    for param in table {
        let values: Vec<Value> = match param.domain {
            Domain::Number { min, max, .. } | Domain::Int { min, max } => vec![num(min), num(max)],
            Domain::Choice(options) => options.iter().map(|&x| num(x)).collect(),
            Domain::Enum(options) => options().into_iter().map(|s| Value::Text(s.into())).collect(),
            Domain::List(options) => options().into_iter().map(|s| Value::List(vec![s.into()])).collect(),
        };
        for value in values {
            let mut pairs = vec![(param.name, value.clone())];
            if param.name == "alpha" {
                pairs.push(("weighting", Value::Text("grad_norm".into()))); // α has effect, and a value, under GradNorm only
            }
            let config = config_from(table, settings(&pairs)).unwrap();
            validate(&config).unwrap_or_else(|e| panic!("{} = {value:?} is in the page's range but the core refuses it: {e}", param.name));
            // `custom` names sizes that match no preset: choosing it changes nothing
            if value != Value::Text("custom".into()) {
                assert_eq!((param.get)(&config), value, "{}: what was set is what is read", param.name);
            }
        }
    }
}

#[test]
fn every_range_and_option_is_one_the_core_accepts() {
    ranges_are_accepted(&params::race_params(), RaceConfig::validate);
    ranges_are_accepted(&params::funnel_params(), FunnelRaceConfig::validate);
    ranges_are_accepted(&params::watch_params(), WatchRaceConfig::validate);
    // a file's split: the table's own check, which also wants two labels
    for param in params::table_params() {
        let (Domain::Number { min, max, .. } | Domain::Int { min, max }) = param.domain else { panic!("{}: a number", param.name) };
        for x in [min, max] {
            let mut config = config_from(&params::table_params(), settings(&[(param.name, num(x))])).unwrap();
            config.labels = vec![LabelSpec { column: "a".into(), op: LabelOp::Eq, value: "1".into() }; 2];
            config.validate().unwrap_or_else(|e| panic!("{} = {x} is in the page's range but the table refuses it: {e:?}", param.name));
        }
    }
}

#[test]
fn settings_set_what_they_name() {
    let table = params::race_params();
    let c = config_from(
        &table,
        settings(&[
            ("w", num(0.3)),
            ("weighting", Value::Text("grad_norm".into())),
            ("alpha", num(0.5)),
            ("preset", Value::Text("paper".into())),
            ("experts", num(4.0)),
            ("bottomUnits", num(16.0)),
            ("models", Value::List(vec!["mmoe".into(), "single".into()])),
            ("seed", num(7.0)),
        ]),
    )
    .unwrap();
    assert_eq!(c.loss_weights, vec![0.6, 1.4], "w is task A's share of weights that sum to the 2 tasks, to 4 decimals");
    assert_eq!(c.weighting, LossWeighting::grad_norm(0.5), "the kind, then its α");
    assert_eq!(c.sizes.experts, 4, "a size overrides the preset's");
    assert_eq!(c.sizes.expert_units, 16, "the paper preset's other sizes");
    assert_eq!((c.sizes.bottom_units, c.sizes.single_units), (16, 16), "single-task networks as wide as the shared bottom");
    assert_eq!(c.models.iter().map(|m| m.id()).collect::<Vec<_>>(), ["mmoe", "single"]);
    assert_eq!(c.data.seed, 7);
    let fixed = config_from(&table, settings(&[("alpha", num(0.5))])).unwrap();
    assert_eq!(fixed.weighting, LossWeighting::Fixed, "α alone leaves fixed weighting fixed");
}

#[test]
fn a_bad_setting_is_an_error_naming_it() {
    let table = params::race_params();
    let error = |pairs: &[(&str, Value)]| config_from(&table, settings(pairs)).unwrap_err().to_string();
    assert!(error(&[("p", num(1.5))]).contains("`p`"), "out of range");
    assert!(error(&[("p", num(f64::NAN))]).contains("`p`"), "not finite");
    assert!(error(&[("experts", num(2.5))]).contains("not a whole number"));
    assert!(error(&[("batch", num(100.0))]).contains("`batch`"), "not one of the options");
    assert!(error(&[("weighting", Value::Text("gradnorm".into()))]).contains("`weighting`"), "one spelling: grad_norm");
    assert!(error(&[("models", Value::List(vec![]))]).contains("`models`"), "empty");
    assert!(error(&[("models", Value::List(vec!["mmoe".into(), "<b>".into()]))]).contains("`models`"));
    assert!(error(&[("p", Value::Text("0.5".into()))]).contains("`p`"), "a name where a number belongs");
    assert!(error(&[("clickWeight", num(0.5))]).contains("no setting `clickWeight`"), "another scenario's setting");
}

#[test]
fn the_page_table_lists_each_setting_once_with_its_scenarios() {
    let specs = params::specs();
    let mut names: Vec<&str> = specs.iter().map(|s| s.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), specs.len(), "each name once");
    let seed = specs.last().unwrap();
    assert_eq!((seed.name, seed.scenarios.clone()), ("seed", vec!["tasks", "funnel", "watch", "data"]), "the shared seed, last");
    // a race on a file has the tasks' models, sizes and training settings, and its split
    let of_data: Vec<&str> = specs.iter().filter(|s| s.scenarios.contains(&"data")).map(|s| s.name).collect();
    let mut expected: Vec<&str> = params::TABLE_RACE_PARAMS.to_vec();
    expected.extend(["validation", "test", "seed"]);
    assert_eq!(of_data, expected);
    for spec in &specs[..specs.len() - 1] {
        let shared = params::TABLE_RACE_PARAMS.contains(&spec.name);
        assert_eq!(spec.scenarios, if shared { vec!["tasks", "data"] } else { vec![spec.scenarios[0]] }, "{}", spec.name);
    }
    let json = serde_json::to_value(&specs).unwrap();
    assert_eq!(
        json[0],
        serde_json::json!({"name": "p", "scenarios": ["tasks"], "type": "number", "min": -1.0, "max": 1.0, "step": 0.05, "default": 0.5, "apply": "live"})
    );
}

#[test]
fn a_label_comparisons_id_is_how_a_table_config_spells_it() {
    for op in LabelOp::ALL {
        assert_eq!(serde_json::to_value(op).unwrap(), serde_json::json!(op.id()));
    }
}

/// A race small enough to train in a test.
fn small_race() -> RaceConfig {
    let mut c = RaceConfig {
        models: vec![ModelKind::Single, ModelKind::Mmoe],
        batch_size: 32,
        record_every: 10,
        eval_samples: 128,
        ..RaceConfig::default()
    };
    c.data.train_samples = 1024;
    c.data.test_samples = 256;
    c
}

#[test]
fn a_live_change_through_the_table_is_the_setters_change_at_the_same_step() {
    let live = settings(&[
        ("p", num(0.0)),
        ("w", num(0.3)),
        ("weighting", Value::Text("grad_norm".into())),
        ("alpha", num(0.5)),
        ("lr", num(0.001)),
    ]);
    let mut table = Trainer::new(small_race()).unwrap();
    let mut setters = Trainer::new(small_race()).unwrap();
    table.run(30);
    setters.run(30);
    let config = params::live_config(&params::race_params(), table.config(), live).unwrap();
    table.take_live(&config).unwrap();
    setters.set_task_correlation(0.0).unwrap();
    setters.set_loss_weights(&[0.6, 1.4]).unwrap();
    setters.set_weighting(LossWeighting::grad_norm(0.5)).unwrap();
    setters.set_learning_rate(0.001).unwrap();
    table.run(30);
    setters.run(30);
    assert_eq!(table.config(), setters.config());
    for (a, b) in table.runs.iter().zip(&setters.runs) {
        assert_eq!(a.history, b.history, "{}: the same records", a.kind.id());
    }
    // the same values again change nothing (GradNorm keeps its state)
    let again = params::live_config(
        &params::race_params(),
        table.config(),
        settings(&[("weighting", Value::Text("grad_norm".into())), ("alpha", num(0.5))]),
    )
    .unwrap();
    assert_eq!(&again, table.config());
}

#[test]
fn a_live_change_refuses_what_needs_a_new_race_and_names_it() {
    let current = small_race();
    let refused = |table: &[Param<RaceConfig>], pairs: &[(&str, Value)]| {
        params::live_config(table, &current, settings(pairs)).unwrap_err().to_string()
    };
    let race = params::race_params();
    assert!(refused(&race, &[("w", num(0.3)), ("batch", num(64.0))]).contains("`batch`: a running race cannot take it"));
    assert!(refused(&race, &[("seed", num(2.0))]).contains("`seed`"));
    assert!(refused(&race, &[("p", num(2.0))]).contains("`p`"), "out of range");
    assert!(refused(&race, &[("clickWeight", num(0.5))]).contains("no setting `clickWeight`"));
    // a race on a file takes the loss weight and the learning rate, not p
    let file = params::table_race_params();
    assert!(refused(&file, &[("p", num(0.0))]).contains("no setting `p`"));
    let taken = params::live_config(&file, &current, settings(&[("w", num(0.25)), ("lr", num(0.01))])).unwrap();
    assert_eq!((taken.loss_weights.clone(), taken.optimizer.lr), (vec![0.5, 1.5], 0.01));
    // watch time: the click weight
    let watch = params::live_config(&params::watch_params(), &WatchRaceConfig::default(), settings(&[("clickWeight", num(0.25))])).unwrap();
    assert_eq!(watch.click_weight, 0.25);
}
