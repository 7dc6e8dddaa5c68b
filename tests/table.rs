//! Your own data (issue 14): parsing a student's CSV/TSV, inferring column kinds,
//! labels, the split and the encoding, on hand-made files, broken ones, and a
//! seeded fuzzer. Nothing here may panic: every outcome is `Ok` or a `TableError`.

use mtl_playground::data::table::{
    describe, encode, parse, suggest_labels, Column, ColumnKind, InputKind, LabelOp, LabelSpec, Limits, Role, Table, TableConfig,
    TableError,
};
use mtl_playground::rng::seeded;
use rand::RngExt;
use std::fmt::Write;
use std::time::Instant;

fn read(text: &str) -> Table {
    parse(text.as_bytes(), &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn code(bytes: &[u8]) -> &'static str {
    parse(bytes, &Limits::default()).err().map_or("ok", |e| e.code())
}

fn label(column: &str, op: LabelOp, value: &str) -> LabelSpec {
    LabelSpec { column: column.into(), op, value: value.into() }
}

fn texts(column: &Column) -> Vec<Option<String>> {
    (0..column.len()).map(|r| column.text(r)).collect()
}

fn config(labels: [LabelSpec; 2]) -> TableConfig {
    TableConfig { labels: labels.to_vec(), ..TableConfig::default() }
}

/// A census-like file: `rows` rows of age, sex, education, hours (some missing),
/// income (" 50000+." when rich) and married (yes/no), income with a leading space.
fn census(rows: usize, seed: u64) -> String {
    let mut rng = seeded(seed);
    let mut text = String::from("age,sex,education,hours,income,married\n");
    let educations = [" Bachelors", " HS-grad", " Masters", " Doctorate", " Some-college"];
    for _ in 0..rows {
        let age = rng.random_range(17..90);
        let education = educations[rng.random_range(0..educations.len())];
        let hours = if rng.random::<f64>() < 0.1 { "?".to_string() } else { rng.random_range(1..80).to_string() };
        let rich = rng.random::<f64>() < 0.1 + (age as f64 - 17.0) / 400.0;
        let married = rng.random::<f64>() < (age as f64 - 10.0) / 80.0;
        let sex = if rng.random::<bool>() { " Male" } else { " Female" };
        let income = if rich { " 50000+." } else { " - 50000." };
        writeln!(text, "{age},{sex},{education},{hours},{income},{}", if married { "yes" } else { "no" }).unwrap();
    }
    text
}

fn census_labels() -> [LabelSpec; 2] {
    [label("income", LabelOp::Eq, " 50000+."), label("married", LabelOp::Eq, "yes")]
}

// ---- parsing ----

#[test]
fn quoted_fields_keep_delimiters_quotes_and_newlines() {
    let table = read("name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"two\nlines\",x\n");
    assert_eq!(table.header, ["name", "note"]);
    assert_eq!(table.rows, 2);
    assert_eq!(texts(&table.columns[0]), [Some("Smith, J".into()), Some("two\nlines".into())]);
    assert_eq!(texts(&table.columns[1]), [Some("said \"hi\"".into()), Some("x".into())]);
    assert_eq!(table.notes.empty_lines, 0);
}

#[test]
fn bom_crlf_and_empty_lines_are_handled_and_noted() {
    let table = parse(b"\xEF\xBB\xBFa,b\r\n1,x\r\n\r\n\r\n2,y\r\n   \r\n3,z\r\n\r\n", &Limits::default()).unwrap();
    assert_eq!(table.header, ["a", "b"], "the BOM is not part of the first name");
    assert!(table.notes.bom);
    assert_eq!(table.rows, 3);
    assert_eq!(table.notes.empty_lines, 4, "two empty lines, one of spaces, one at the end");
    assert_eq!(texts(&table.columns[1]), [Some("x".into()), Some("y".into()), Some("z".into())]);
    let table = read("a,b\n1,\"x\n\ny\"\n2,y\n");
    assert_eq!(table.notes.empty_lines, 0, "an empty line inside quotes is not skipped");
    assert_eq!(table.columns[1].text(0).as_deref(), Some("x\n\ny"));
}

#[test]
fn the_delimiter_is_sniffed_from_the_header() {
    for (text, delimiter) in [("a\tb;c\n1\t2;3\n", '\t'), ("a;b;c\n1;2;3\n", ';'), ("a,b\n1,2\n", ','), ("\"x;y;z\",b\n1,2\n", ',')] {
        let table = read(text);
        assert_eq!(table.notes.delimiter, delimiter, "{text:?}");
    }
    assert_eq!(read("a\tb;c\n1\t2;3\n").header, ["a", "b;c"]);
}

#[test]
fn ragged_rows_are_padded_or_cut_and_counted() {
    let table = read("a,b,c\n1,2,3\n4\n5,6,7,8,9\n");
    assert_eq!((table.notes.short_rows, table.notes.long_rows), (1, 1));
    assert_eq!(texts(&table.columns[1]), [Some("2".into()), None, Some("6".into())]);
    assert_eq!(table.columns[2].missing(), 1);
}

#[test]
fn invalid_utf8_is_decoded_lossily_and_counted() {
    let table = parse(b"a,b\n\xFFx,1\nok,\xC3\n", &Limits::default()).unwrap();
    assert_eq!(table.notes.invalid_utf8_fields, 2);
    assert_eq!(table.columns[0].text(0).as_deref(), Some("\u{FFFD}x"));
    assert_eq!(table.columns[1].kind(), ColumnKind::Categorical, "a lone 0xC3 is not a number");
}

#[test]
fn empty_and_header_only_files_are_errors() {
    assert_eq!(code(b""), "empty_file");
    assert_eq!(code(b"\n\r\n  \n"), "empty_file");
    assert_eq!(code(b"\xEF\xBB\xBF"), "empty_file");
    assert_eq!(code(b"a,b,c\n"), "header_only");
    assert_eq!(code(b"a,b,c\n\n\n"), "header_only");
    assert_eq!(code(b"a,b,c"), "header_only");
}

#[test]
fn empty_and_repeated_names_are_renamed() {
    let table = read("a,,a,a_2, a ,\n1,2,3,4,5,6\n");
    assert_eq!(table.header, ["a", "column_2", "a_2", "a_2_2", "a_3", "column_6"]);
    assert_eq!(table.column("a_3"), Some(4));
    assert_eq!(table.column("b"), None);
}

#[test]
fn rows_and_columns_are_limited() {
    let text: String = std::iter::once("x,y\n".to_string()).chain((0..10).map(|i| format!("{i},{}\n", i * 2))).collect();
    let limits = Limits { max_rows: 4, ..Limits::default() };
    let table = parse(text.as_bytes(), &limits).unwrap();
    assert_eq!(table.rows, 4);
    assert!(table.notes.truncated);
    assert_eq!(texts(&table.columns[0]).last().unwrap().as_deref(), Some("3"));
    let exact = parse(text.as_bytes(), &Limits { max_rows: 10, ..Limits::default() }).unwrap();
    assert!(!exact.notes.truncated, "10 rows fit a limit of 10");
    let wide = parse(b"a,b,c\n1,2,3\n", &Limits { max_columns: 2, ..Limits::default() });
    assert_eq!(wide, Err(TableError::TooManyColumns { found: 3, max: 2 }));
}

// ---- inference ----

#[test]
fn kinds_are_inferred_and_missing_tokens_counted() {
    let table = read("n,c,m\n 1.5 ,a,?\n-2,b,NA\n1e3, a,7\n?,a,N/A\nNaN,NULL,null\n-,-,\n");
    assert_eq!(
        table.columns.iter().map(Column::kind).collect::<Vec<_>>(),
        [ColumnKind::Numeric, ColumnKind::Categorical, ColumnKind::Numeric]
    );
    let Column::Numeric { values, missing } = &table.columns[0] else { unreachable!() };
    assert_eq!(values[..3], [1.5, -2.0, 1000.0]);
    assert_eq!(*missing, 3);
    let Column::Categorical { values, missing, .. } = &table.columns[1] else { unreachable!() };
    assert_eq!(values, &["a", "b", " a"], "raw texts, spaces kept: ' a' is not 'a'");
    assert_eq!(*missing, 2);
    assert_eq!(table.columns[2].missing(), 5);
    assert_eq!(table.columns[2].distinct(), 1);
}

#[test]
fn a_number_column_that_meets_text_becomes_categorical_with_its_raw_texts() {
    let mut text = String::from("code,x\n");
    for i in 0..3000 {
        writeln!(text, "{:04},{i}", i % 1500).unwrap();
    }
    text.push_str("A17,3000\n");
    let table = read(&text);
    let Column::Categorical { ids, values, missing } = &table.columns[0] else { panic!("code should be categorical") };
    assert_eq!((values.len(), *missing, ids.len()), (1501, 0, 3001));
    assert_eq!(values[..3], ["0000", "0001", "0002"], "leading zeros kept");
    assert_eq!(table.columns[0].text(1500).as_deref(), Some("0000"));
    assert_eq!(table.columns[0].text(3000).as_deref(), Some("A17"));
    assert_eq!(table.columns[1].kind(), ColumnKind::Numeric);
    // a column missing until its first text needs no second pass
    let table = read("a,b\n?,1\n,2\nx,3\n");
    assert_eq!(texts(&table.columns[0]), [None, None, Some("x".into())]);
}

#[test]
fn describe_lists_kinds_missing_distinct_and_examples() {
    let table = read(&census(500, 3));
    let columns = describe(&table);
    assert!(columns.iter().all(|c| c.role == Role::Feature && c.slots == 0));
    let hours = &columns[3];
    assert_eq!((hours.kind, hours.missing > 20), (ColumnKind::Numeric, true));
    assert!(hours.mean.is_some() && hours.sd.is_some());
    assert_eq!(columns[4].distinct, 2);
    assert_eq!(columns[4].examples[0], " - 50000.", "most frequent first");
    let json = serde_json::to_value(&columns).unwrap();
    assert_eq!(json[0]["kind"], "numeric");
    assert_eq!(json[1]["role"], "feature");
    assert_eq!(serde_json::to_value(&table.notes).unwrap()["delimiter"], ",");
}

#[test]
fn suggested_labels_are_the_binary_columns() {
    let table = read(&census(500, 3));
    let suggested = suggest_labels(&table);
    assert_eq!(suggested[1..], census_labels(), "the rarer income value, the positive married one");
    let Column::Categorical { ids, values, .. } = &table.columns[1] else { unreachable!() };
    let females = ids.iter().filter(|&&id| values[id as usize] == " Female").count();
    let rarer = if 2 * females < ids.len() { " Female" } else { " Male" };
    assert_eq!(suggested[0], label("sex", LabelOp::Eq, rarer));
    let table = read("flag,n,t\n0,5,No\n1,5,Yes\n0,6,No\n0,6,No\n");
    assert_eq!(suggest_labels(&table), [label("flag", LabelOp::Eq, "1"), label("n", LabelOp::Eq, "6"), label("t", LabelOp::Eq, "Yes")]);
}

// ---- labels ----

#[test]
fn census_conditions_compare_raw_text_and_numbers() {
    let table = read(&census(2000, 5));
    let encoded = encode(&table, &config(census_labels())).unwrap();
    let rich = table.columns[4].text(0).unwrap() == " 50000+.";
    let first = encoded.train.source_rows().iter().position(|&r| r == 0).map(|i| encoded.train.labels()[[i, 0]]);
    if let Some(y) = first {
        assert_eq!(y == 1.0, rich);
    }
    let c = &encoded.counts;
    assert!(c.positives[0][0] > 50 && c.positives[0][0] < c.train / 2, "income > 50K is the rarer class: {c:?}");

    let old = config([label("age", LabelOp::Gt, " 60 "), label("income", LabelOp::Ne, " - 50000.")]);
    let encoded = encode(&table, &old).unwrap();
    for (i, &row) in encoded.test.source_rows().iter().enumerate() {
        let age: f32 = table.columns[0].text(row).unwrap().parse().unwrap();
        assert_eq!(encoded.test.labels()[[i, 0]] == 1.0, age > 60.0);
    }
}

#[test]
fn bad_conditions_are_errors_with_codes() {
    let table = read(&census(300, 5));
    let try_labels = |a: LabelSpec, b: LabelSpec| encode(&table, &config([a, b])).err().map_or("ok", |e| e.code());
    let married = label("married", LabelOp::Eq, "yes");
    assert_eq!(try_labels(label("income", LabelOp::Eq, "50000+."), married.clone()), "label_value_not_found");
    let err = encode(&table, &config([label("income", LabelOp::Eq, "50000+."), married.clone()])).unwrap_err();
    assert!(err.to_string().contains("“ 50000+.”"), "the near miss is shown first: {err}");
    assert_eq!(try_labels(label("age", LabelOp::Gt, "old"), married.clone()), "bad_condition");
    assert_eq!(try_labels(label("education", LabelOp::Gt, "x"), married.clone()), "order_on_categorical");
    assert_eq!(try_labels(label("incme", LabelOp::Eq, "x"), married.clone()), "unknown_column");
    assert_eq!(try_labels(married.clone(), married.clone()), "label_same_column");
    assert_eq!(try_labels(label("age", LabelOp::Gt, "200"), married.clone()), "label_one_class");
    let one = encode(&table, &TableConfig { labels: vec![married.clone()], ..TableConfig::default() });
    assert_eq!(one.unwrap_err().code(), "label_count");
    let excluded = TableConfig { exclude: vec!["married".into()], ..config(census_labels()) };
    assert_eq!(encode(&table, &excluded).unwrap_err().code(), "label_excluded");
    let unknown = TableConfig { exclude: vec!["nope".into()], ..config(census_labels()) };
    assert_eq!(encode(&table, &unknown).unwrap_err(), TableError::UnknownColumn { column: "nope".into() });
    let all = TableConfig { exclude: ["age", "sex", "education", "hours"].map(String::from).to_vec(), ..config(census_labels()) };
    assert_eq!(encode(&table, &all).unwrap_err().code(), "no_features");
    for (validation, test) in [(0.0, 0.15), (0.15, 0.6), (f64::NAN, 0.1)] {
        let split = TableConfig { validation, test, ..config(census_labels()) };
        assert_eq!(encode(&table, &split).unwrap_err().code(), "bad_setting");
    }
    let few = read(&census(80, 5));
    assert_eq!(encode(&few, &config(census_labels())).unwrap_err(), TableError::TooFewRows { rows: 80, min: 100 });
}

/// The config crosses from the page as JSON: snake_case operators, defaults for
/// what is left out, and a misspelt field refused.
#[test]
fn the_config_reads_from_json() {
    let json = r#"{"labels": [{"column": "income", "op": "eq", "value": " 50000+."}, {"column": "married", "op": "eq", "value": "yes"}], "seed": 3}"#;
    let config: TableConfig = serde_json::from_str(json).unwrap();
    assert_eq!(config, TableConfig { seed: 3, ..self::config(census_labels()) });
    assert_eq!((config.vocab_cap, config.min_count, config.validation, config.test), (20, 10, 0.15, 0.15));
    assert_eq!(serde_json::to_value(LabelOp::Ge).unwrap(), "ge");
    assert!(serde_json::from_str::<TableConfig>(r#"{"vocab": 5}"#).is_err());
    assert!(serde_json::from_str::<TableConfig>(r#"{"labels": [{"column": "a", "op": "eq", "value": "1", "negate": true}]}"#).is_err());
}

#[test]
fn rows_without_a_label_are_dropped_and_counted() {
    let mut text = census(400, 8);
    text.push_str("30, Male, HS-grad,40,?,yes\n31, Male, HS-grad,40, 50000+.,\n");
    let table = read(&text);
    let encoded = encode(&table, &config(census_labels())).unwrap();
    let c = &encoded.counts;
    assert_eq!((c.rows_read, c.rows_dropped_missing_label), (402, 2));
    assert_eq!(c.train + c.validation + c.test, 400);
}

// ---- split ----

#[test]
fn split_counts_add_up_and_follow_the_seed() {
    let table = read(&census(1000, 2));
    let split = |seed| {
        let e = encode(&table, &TableConfig { seed, ..config(census_labels()) }).unwrap();
        (e.counts.clone(), e.test.source_rows().to_vec(), e)
    };
    let (counts, test_rows, encoded) = split(1);
    assert_eq!((counts.train, counts.validation, counts.test), (700, 150, 150));
    for (s, part) in [&encoded.train, &encoded.validation, &encoded.test].iter().enumerate() {
        for task in 0..2 {
            let positives = part.labels().column(task).iter().filter(|&&y| y == 1.0).count();
            assert_eq!(positives, counts.positives[s][task], "split {s} task {task}");
        }
    }
    let mut all: Vec<usize> = [&encoded.train, &encoded.validation, &encoded.test].iter().flat_map(|s| s.source_rows().to_vec()).collect();
    all.sort_unstable();
    assert_eq!(all, (0..1000).collect::<Vec<_>>(), "every row in exactly one split");
    assert_eq!(split(1).1, test_rows, "the same seed, the same split");
    assert_ne!(split(2).1, test_rows, "another seed, another split");
    let json = serde_json::to_value(&encoded).unwrap();
    assert_eq!(json["counts"]["train"], 700);
    assert!(json.get("train").is_none(), "the rows do not cross to the page");
}

// ---- no leakage ----

/// x is ordinary in 6 rows of 7 and in the thousands in the 7th: the mean and sd
/// are exactly the training rows', not the whole column's, and standardise the
/// training split's x to mean 0, sd 1.
#[test]
fn standardisation_is_fitted_on_training_rows_only() {
    let mut text = String::from("x,y,a,b\n");
    let mut rng = seeded(4);
    for i in 0..1400 {
        let x: f64 = if i % 7 == 0 { 5000.0 + rng.random::<f64>() * 1000.0 } else { rng.random::<f64>() * 10.0 };
        writeln!(text, "{x:.4},{},{},{}", rng.random_range(0..100), rng.random_range(0..2), rng.random_range(0..2)).unwrap();
    }
    let table = read(&text);
    let encoded = encode(&table, &config([label("a", LabelOp::Eq, "1"), label("b", LabelOp::Eq, "1")])).unwrap();
    let Column::Numeric { values, .. } = &table.columns[0] else { unreachable!() };
    let train_x: Vec<f64> = encoded.train.source_rows().iter().map(|&r| values[r] as f64).collect();
    let mean = train_x.iter().sum::<f64>() / train_x.len() as f64;
    let sd = (train_x.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / train_x.len() as f64).sqrt();
    let summary = &encoded.columns[0];
    assert!((summary.mean.unwrap() - mean).abs() < 1e-9 && (summary.sd.unwrap() - sd).abs() < 1e-9);
    let whole_mean = describe(&table)[0].mean.unwrap();
    assert!((whole_mean - mean).abs() > 1e-6, "the whole column's mean differs from the training rows'");

    let standardised = |split: &mtl_playground::data::table::Split| {
        let mut x = vec![0.0f32; split.len() * split.dim()];
        split.fill_rows(0..split.len(), &mut x);
        let column: Vec<f64> = x.chunks(split.dim()).map(|row| row[0] as f64).collect();
        let m = column.iter().sum::<f64>() / column.len() as f64;
        (m, (column.iter().map(|v| (v - m).powi(2)).sum::<f64>() / column.len() as f64).sqrt())
    };
    let (m, s) = standardised(&encoded.train);
    assert!(m.abs() < 1e-5 && (s - 1.0).abs() < 1e-5, "training split: mean {m}, sd {s}");
}

#[test]
fn extreme_test_rows_do_not_move_the_training_statistics() {
    // the same file twice, the second with every held-out row's age set to 100,000
    let base = census(600, 9);
    let table = read(&base);
    let labels = config(census_labels());
    let encoded = encode(&table, &labels).unwrap();
    let held: Vec<usize> = encoded.validation.source_rows().iter().chain(encoded.test.source_rows()).copied().collect();
    let mut lines: Vec<String> = base.lines().map(String::from).collect();
    for &row in &held {
        let line = &mut lines[row + 1];
        let rest = line.split_once(',').unwrap().1.to_string();
        *line = format!("100000,{rest}");
    }
    let extreme = lines.join("\n") + "\n";
    let moved = encode(&read(&extreme), &labels).unwrap();
    assert_eq!(moved.test.source_rows(), encoded.test.source_rows(), "the same rows are held out");
    assert_eq!((moved.columns[0].mean, moved.columns[0].sd), (encoded.columns[0].mean, encoded.columns[0].sd));
    let mut x = vec![0.0f32; moved.test.len() * moved.dim];
    moved.test.fill_rows(0..moved.test.len(), &mut x);
    let age = moved.inputs.iter().position(|i| i.name == "age").unwrap();
    assert!(x.chunks(moved.dim).all(|row| row[age] > 100.0), "held-out ages of 100,000 standardise far out, not to ≈ 0");
    let mut x = vec![0.0f32; moved.train.len() * moved.dim];
    moved.train.fill_rows(0..moved.train.len(), &mut x);
    let train_age: Vec<f64> = x.chunks(moved.dim).map(|row| row[age] as f64).collect();
    let mean = train_age.iter().sum::<f64>() / train_age.len() as f64;
    let sd = (train_age.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / train_age.len() as f64).sqrt();
    assert!(mean.abs() < 1e-5 && (sd - 1.0).abs() < 1e-5, "training ages: mean {mean}, sd {sd}");
}

#[test]
fn the_vocabulary_comes_from_training_rows_only() {
    let table = read(&census(1000, 6));
    let encoded = encode(&table, &config(census_labels())).unwrap();
    // the first test row's education becomes a value no other row has
    let held = encoded.test.source_rows()[0];
    let mut lines: Vec<String> = census(1000, 6).lines().map(String::from).collect();
    let fields: Vec<&str> = lines[held + 1].split(',').collect();
    lines[held + 1] = format!("{},{}, Prof-school,{},{},{}", fields[0], fields[1], fields[3], fields[4], fields[5]);
    let table = read(&(lines.join("\n") + "\n"));
    let min_one = TableConfig { min_count: 1, ..config(census_labels()) };
    let encoded = encode(&table, &min_one).unwrap();
    assert!(!encoded.inputs.iter().any(|i| i.name.contains("Prof-school")), "no input for a value seen only in test");
    let other = encoded.inputs.iter().position(|i| i.name == "education = (other)").unwrap();
    let mut x = vec![0.0f32; encoded.dim];
    encoded.test.fill_x(&[0], &mut x);
    assert_eq!(x[other], 1.0, "the test row's unseen education is other");
}

// ---- encoding ----

#[test]
fn fill_x_writes_exactly_the_one_hots_and_standardised_numbers() {
    // 120 rows so the split has room; the five hand-checked rows are the training rows we read back
    let mut text = String::from("n,c,y1,y2\n");
    // red 4 rows in 10, blue 3, green 2, missing 1: the vocabulary's order
    let cs = ["red", "blue", "red", "?", "green", "red", "blue", "red", "blue", "green"];
    for i in 0..120 {
        let n = if i % 10 == 3 { "?".to_string() } else { (i % 5).to_string() };
        writeln!(text, "{n},{},{},{}", cs[i % 10], i % 2, (i / 2) % 2).unwrap();
    }
    let table = read(&text);
    let cfg = TableConfig { min_count: 1, ..config([label("y1", LabelOp::Eq, "1"), label("y2", LabelOp::Eq, "1")]) };
    let e = encode(&table, &cfg).unwrap();
    let names: Vec<&str> = e.inputs.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["n", "n (missing)", "c = red", "c = blue", "c = green", "c = (other)", "c = (missing)"]);
    assert_eq!(e.inputs[1].kind, InputKind::Missing);
    assert_eq!(e.columns[1].slots, 5);
    let (mean, sd) = (e.columns[0].mean.unwrap(), e.columns[0].sd.unwrap());
    let rows = [0, 1, 2, 3, 4];
    let mut x = vec![f32::NAN; rows.len() * e.dim];
    e.train.fill_x(&rows, &mut x);
    for (i, &r) in rows.iter().enumerate() {
        let source = e.train.source_rows()[r];
        let mut want = vec![0.0f32; e.dim];
        match table.columns[0].text(source) {
            Some(v) => want[0] = ((v.parse::<f64>().unwrap() - mean) / sd) as f32,
            None => want[1] = 1.0,
        }
        let slot = match cs[source % 10] {
            "red" => 2,
            "blue" => 3,
            "green" => 4,
            _ => 6,
        };
        want[slot] = 1.0;
        assert_eq!(&x[i * e.dim..(i + 1) * e.dim], &want[..], "row {r} (file row {source})");
        assert_eq!(e.train.labels().row(r).to_vec(), [(source % 2) as f32, ((source / 2) % 2) as f32]);
    }
    let mut y = vec![0.0f32; 2 * e.dim];
    e.train.fill_rows(3..5, &mut y);
    assert_eq!(y[..], x[3 * e.dim..]);
}

#[test]
fn constant_columns_are_dropped_and_caps_hold() {
    let mut text = String::from("k,z,many,y1,y2\n");
    for i in 0..300 {
        writeln!(text, "same,7,v{},{},{}", i % 40, i % 2, (i / 3) % 2).unwrap();
    }
    let table = read(&text);
    let e = encode(
        &table,
        &TableConfig { vocab_cap: 5, min_count: 1, ..config([label("y1", LabelOp::Eq, "1"), label("y2", LabelOp::Eq, "1")]) },
    )
    .unwrap();
    let roles: Vec<Role> = e.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles, [Role::DroppedConstant, Role::DroppedConstant, Role::Feature, Role::Label, Role::Label]);
    assert_eq!(e.dim, 6, "5 values and other");
    assert_eq!(serde_json::to_value(&e.columns[0]).unwrap()["role"], "dropped_constant");
}

// ---- robustness ----

/// 5,000 seeded mutations of a valid file: insertions of quotes, delimiters,
/// line breaks, tabs, bad UTF-8 and NUL, deletions and truncations. Each goes
/// through parse → describe → suggest_labels → encode; any panic fails the test.
#[test]
fn mutated_files_never_panic() {
    let valid = census(150, 11).into_bytes();
    let mut rng = seeded(14);
    let inserts: [&[u8]; 8] = [b"\"", b",", b"\n", b"\r", b"\t", b"\xFF", b"\xC3", b"\0"];
    let mut outcomes = std::collections::BTreeMap::<&str, usize>::new();
    for _ in 0..5000 {
        let mut bytes = valid.clone();
        for _ in 0..rng.random_range(1..12) {
            let at = rng.random_range(0..=bytes.len());
            match rng.random_range(0..10) {
                0..=5 => {
                    let insert = inserts[rng.random_range(0..inserts.len())];
                    bytes.splice(at..at, insert.iter().copied());
                }
                6..=8 if at < bytes.len() => {
                    let end = (at + rng.random_range(1..20)).min(bytes.len());
                    bytes.drain(at..end);
                }
                _ => bytes.truncate(at),
            }
        }
        let limits = Limits { max_rows: rng.random_range(50..400), max_columns: rng.random_range(4..12) };
        let outcome: Result<(), TableError> = parse(&bytes, &limits).and_then(|table| {
            let _ = describe(&table);
            let mut labels = suggest_labels(&table);
            labels.extend(census_labels());
            let cfg =
                TableConfig { labels: labels.into_iter().take(2).collect(), min_count: rng.random_range(0..5), ..TableConfig::default() };
            let encoded = encode(&table, &cfg)?;
            let mut x = vec![0.0; encoded.dim * encoded.train.len()];
            encoded.train.fill_rows(0..encoded.train.len(), &mut x);
            assert!(x.iter().all(|v| v.is_finite()));
            Ok(())
        });
        *outcomes.entry(outcome.err().map_or("ok", |e| e.code())).or_default() += 1;
    }
    println!("5,000 mutated files: {outcomes:?}");
    assert!(outcomes["ok"] > 500, "most mutations still encode: {outcomes:?}");
}

// ---- cost ----

/// A 300,000-row × 42-column file (census-income's size and width: 12 numeric,
/// 30 categorical columns), parsed and encoded, the time printed.
#[test]
fn a_census_sized_file_parses_and_encodes() {
    let mut rng = seeded(42);
    let mut text = String::with_capacity(60_000_000);
    let header: Vec<String> = (0..12).map(|i| format!("n{i}")).chain((0..30).map(|i| format!("c{i}"))).collect();
    text.push_str(&header.join(","));
    text.push('\n');
    for _ in 0..300_000 {
        for i in 0..12 {
            if rng.random::<f64>() < 0.02 {
                text.push('?');
            } else {
                write!(text, "{}", rng.random_range(0..100_000 / (i + 1))).unwrap();
            }
            text.push(',');
        }
        for i in 0..30 {
            write!(text, " value-{}", rng.random_range(0..(3 + i * 2))).unwrap();
            text.push(if i == 29 { '\n' } else { ',' });
        }
    }
    let start = Instant::now();
    let table = parse(text.as_bytes(), &Limits::default()).unwrap();
    let parsed = start.elapsed();
    let start = Instant::now();
    let cfg = config([label("n0", LabelOp::Gt, "50000"), label("c0", LabelOp::Eq, " value-1")]);
    let encoded = encode(&table, &cfg).unwrap();
    let total = start.elapsed() + parsed;
    println!(
        "300,000 × 42 ({:.1} MB): parse {} ms, encode {} ms, total {} ms; {} inputs",
        text.len() as f64 / 1e6,
        parsed.as_millis(),
        (total - parsed).as_millis(),
        total.as_millis(),
        encoded.dim
    );
    assert_eq!(table.rows, 300_000);
    let c = &encoded.counts;
    assert_eq!(c.train + c.validation + c.test + c.rows_dropped_missing_label, 300_000);

    // the same file whose last row has text in a numeric column: a second pass re-reads that column
    let body = text.trim_end_matches('\n');
    let (rest, last) = body.rsplit_once('\n').unwrap();
    let mut fields: Vec<&str> = last.split(',').collect();
    fields[1] = "unknown";
    let text = format!("{rest}\n{}\n", fields.join(","));
    let first_raw = text.lines().nth(1).unwrap().split(',').nth(1).unwrap();
    let start = Instant::now();
    let table = parse(text.as_bytes(), &Limits::default()).unwrap();
    println!("the same with text in a numeric column's last row: parse {} ms (two passes)", start.elapsed().as_millis());
    assert_eq!(table.columns[1].kind(), ColumnKind::Categorical);
    assert_eq!(table.columns[1].text(299_999).as_deref(), Some("unknown"));
    assert_eq!(table.columns[1].text(0).as_deref().unwrap_or("?"), first_raw, "the earlier raw texts are kept");
}
