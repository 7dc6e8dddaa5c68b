//! Each command's flags, declared once. A [`Command`] is a table of [`Flag`]s:
//! the parser (lexopt) reads it to take the command line, and `--help` is
//! printed from it, so a flag cannot exist without its help, nor help without
//! its flag. A flag's default in the help is read from the command's default
//! plan where it can be, so the help cannot drift from the code either.
//!
//! This file knows nothing of the lab: the flags the commands share are in
//! `args.rs`, each command's own beside its plan.

use lexopt::Arg;
use std::ffi::OsString;
use std::fmt::Display;
use std::str::FromStr;

/// The column where a flag's help starts (after `  --name VALUE`).
const HELP_AT: usize = 24;
/// The column of a `[default]`, when the help leaves room for it.
const DEFAULT_AT: usize = 73;
/// The width the help keeps to where it can.
const WIDTH: usize = 80;

/// Sets a plan's field from a flag's value (empty for a switch); the error
/// names what is wrong with the value, and the parser prefixes the flag.
type Setter<P> = Box<dyn Fn(&mut P, &str) -> Result<(), String>>;
/// The default the help shows, read from the command's default plan (empty:
/// none shown).
type Shower<P> = Box<dyn Fn(&mut P) -> String>;

/// One flag: its name, the value it takes, its help, and what it sets.
pub struct Flag<P> {
    /// `--name`, with its dashes.
    name: &'static str,
    /// The value's placeholder in the help (`N`, `LIST`), `None` for a switch.
    value: Option<&'static str>,
    /// One line, or several joined by `\n`.
    help: &'static str,
    default: Shower<P>,
    set: Setter<P>,
    /// Applied before the other flags, wherever it stands (`--preset`, which
    /// the size flags override in any order).
    first: bool,
}

impl<P: 'static> Flag<P> {
    /// `--name VALUE`: `parse` turns the value into the field `at` selects;
    /// the help shows that field of the default plan through `show`.
    pub fn parsed<T: 'static>(
        name: &'static str,
        value: &'static str,
        help: &'static str,
        at: fn(&mut P) -> &mut T,
        parse: fn(&str) -> Result<T, String>,
        show: fn(&T) -> String,
    ) -> Self {
        Flag {
            name,
            value: Some(value),
            help,
            default: Box::new(move |p| show(at(p))),
            set: Box::new(move |p, v| {
                *at(p) = parse(v)?;
                Ok(())
            }),
            first: false,
        }
    }

    /// `--name N`: one number into the field `at` selects.
    pub fn number<T: FromStr + Display + 'static>(
        name: &'static str,
        value: &'static str,
        help: &'static str,
        at: fn(&mut P) -> &mut T,
    ) -> Self {
        Self::parsed(name, value, help, at, num, T::to_string)
    }

    /// `--name A,B,C`: a comma-separated list of numbers.
    pub fn list<T: FromStr + Display + 'static>(
        name: &'static str,
        value: &'static str,
        help: &'static str,
        at: fn(&mut P) -> &mut Vec<T>,
    ) -> Self {
        Self::parsed(name, value, help, at, list, |v| join(v))
    }

    /// `--name VALUE` with its own setter; the help shows no default until
    /// [`Flag::shows`] gives one.
    pub fn with(
        name: &'static str,
        value: &'static str,
        help: &'static str,
        set: impl Fn(&mut P, &str) -> Result<(), String> + 'static,
    ) -> Self {
        Flag { name, value: Some(value), help, default: Box::new(|_| String::new()), set: Box::new(set), first: false }
    }

    /// `--name` alone, which does what `on` does.
    pub fn on(name: &'static str, help: &'static str, on: impl Fn(&mut P) + 'static) -> Self {
        let set: Setter<P> = Box::new(move |p, _| {
            on(p);
            Ok(())
        });
        Flag { name, value: None, help, default: Box::new(|_| String::new()), set, first: false }
    }

    /// `--name` alone, which sets the field `at` selects to true.
    pub fn switch(name: &'static str, help: &'static str, at: fn(&mut P) -> &mut bool) -> Self {
        Self::on(name, help, move |p| *at(p) = true)
    }

    /// Shows `text` as the default, for what the default plan cannot say
    /// ("cores", "preset", "none").
    pub fn shows(self, text: &'static str) -> Self {
        self.shows_with(move |_| text.to_string())
    }

    /// Shows what `show` makes of the default plan as the default.
    pub fn shows_with(mut self, show: impl Fn(&mut P) -> String + 'static) -> Self {
        self.default = Box::new(show);
        self
    }

    /// Applies this flag before the others, wherever it stands.
    pub fn first(mut self) -> Self {
        self.first = true;
        self
    }

    /// The flag's lines in the help, its default read from `defaults`.
    fn help_lines(&self, defaults: &mut P) -> String {
        let left = match self.value {
            Some(value) => format!("  {} {value}", self.name),
            None => format!("  {}", self.name),
        };
        let mut out = String::new();
        let mut line = if left.chars().count() + 2 > HELP_AT { left + "  " } else { format!("{left:<HELP_AT$}") };
        for (i, text) in self.help.lines().enumerate() {
            if i > 0 {
                out += line.trim_end();
                out += "\n";
                line = " ".repeat(HELP_AT);
            }
            line += text;
        }
        let default = (self.default)(defaults);
        if !default.is_empty() {
            // in the defaults' column, or on a line of its own when it would run far past the width
            let bracket = format!("[{default}]");
            let at = DEFAULT_AT.max(line.chars().count() + 2);
            if at + bracket.len() > WIDTH + 8 {
                out += &line;
                out += "\n";
                line = format!("{bracket:>WIDTH$}");
            } else {
                line = format!("{line:<at$}{bracket}");
            }
        }
        out + &line + "\n"
    }
}

/// A command: the help's head, its flags in titled sections, and the help's
/// notes after them.
pub struct Command<P> {
    /// `mtl-lab funnel`: the prefix of its errors and the name its help is asked by.
    name: &'static str,
    head: String,
    sections: Vec<(&'static str, Vec<Flag<P>>)>,
    notes: String,
}

impl<P: 'static> Command<P> {
    /// A command whose help starts with `head` (what it does, how it is called).
    pub fn new(name: &'static str, head: impl Into<String>) -> Self {
        Command { name, head: head.into(), sections: Vec::new(), notes: String::new() }
    }

    /// Starts a section of the help; the flags after it belong to it.
    pub fn section(mut self, title: &'static str) -> Self {
        self.sections.push((title, Vec::new()));
        self
    }

    /// Adds a flag to the last section.
    pub fn flag(self, flag: Flag<P>) -> Self {
        self.flags(vec![flag])
    }

    /// Adds flags to the last section. A name given twice is a mistake in the
    /// table (the parser would only ever find the first), caught at once.
    pub fn flags(mut self, flags: Vec<Flag<P>>) -> Self {
        for flag in flags {
            let twice = self.sections.iter().flat_map(|(_, flags)| flags).any(|f| f.name == flag.name);
            assert!(!twice, "{} is declared twice in {}", flag.name, self.name);
            self.sections.last_mut().expect("a section before its flags").1.push(flag);
        }
        self
    }

    /// The help's text after the flags.
    pub fn notes(mut self, notes: impl Into<String>) -> Self {
        self.notes = notes.into();
        self
    }

    fn find(&self, long: &str) -> Option<&Flag<P>> {
        self.sections.iter().flat_map(|(_, flags)| flags).find(|f| f.name.strip_prefix("--") == Some(long))
    }

    /// Sets `plan` from `args` (`--k v` or `--k=v`); `None` when the help was
    /// asked for. Every flag is read before any is applied, so that the flags
    /// marked [`Flag::first`] go first wherever they stand.
    pub fn parse(&self, args: &[OsString], mut plan: P) -> Result<Option<P>, String> {
        let see = |what: String| format!("{what} (see {} --help)", self.name);
        let mut parser = lexopt::Parser::from_args(args);
        let mut given: Vec<(&Flag<P>, String)> = Vec::new();
        while let Some(arg) = parser.next().map_err(|e| see(e.to_string()))? {
            let flag = match arg {
                Arg::Short('h') | Arg::Long("help") => return Ok(None),
                Arg::Long(long) => self.find(long).ok_or_else(|| see(format!("unknown option `--{long}`")))?,
                Arg::Short(short) => return Err(see(format!("unknown option `-{short}`"))),
                Arg::Value(value) => return Err(see(format!("unexpected argument `{}`", value.to_string_lossy()))),
            };
            let value = match flag.value {
                Some(placeholder) => {
                    let value = parser.value().map_err(|_| see(format!("{} needs a value: {} {placeholder}", flag.name, flag.name)))?;
                    value.into_string().map_err(|v| format!("{}: `{}` is not UTF-8", flag.name, v.to_string_lossy()))?
                }
                None => match parser.optional_value() {
                    Some(v) => return Err(see(format!("{} takes no value, not `{}`", flag.name, v.to_string_lossy()))),
                    None => String::new(),
                },
            };
            given.push((flag, value));
        }
        let (first, rest): (Vec<_>, Vec<_>) = given.into_iter().partition(|(flag, _)| flag.first);
        for (flag, value) in first.into_iter().chain(rest) {
            (flag.set)(&mut plan, &value).map_err(|e| format!("{}: {e}", flag.name))?;
        }
        Ok(Some(plan))
    }

    /// The help, each flag's default read from `defaults`, the command's plan
    /// before any flag.
    pub fn help(&self, mut defaults: P) -> String {
        let mut out = self.head.clone();
        out += "\n";
        for (i, (title, flags)) in self.sections.iter().enumerate() {
            out += &format!("{title}\n");
            for flag in flags {
                out += &flag.help_lines(&mut defaults);
            }
            if i + 1 == self.sections.len() {
                out += &format!("{:<HELP_AT$}this text\n", "  -h, --help");
            }
        }
        if !self.notes.is_empty() {
            out += "\n";
            out += &self.notes;
        }
        out
    }
}

/// A number, or an error that shows the value.
pub fn num<T: FromStr>(s: &str) -> Result<T, String> {
    s.trim().parse().map_err(|_| format!("`{s}` is not a valid number"))
}

/// Comma-separated numbers.
pub fn list<T: FromStr>(s: &str) -> Result<Vec<T>, String> {
    s.split(',').map(num).collect()
}

/// `1,0.5,0`: a list as the flags take it.
pub fn join<T: Display>(values: &[T]) -> String {
    values.iter().map(T::to_string).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Demo {
        n: usize,
        xs: Vec<f64>,
        on: bool,
        log: Vec<&'static str>,
    }

    type F = Flag<Demo>;

    fn demo() -> Command<Demo> {
        Command::new("demo", "demo: a head\n")
            .section("Knobs")
            .flag(F::number("--n", "N", "a number", |d| &mut d.n))
            .flag(F::list("--xs", "LIST", "numbers,\nover two lines", |d| &mut d.xs))
            .flag(F::on("--late", "logs `late`", |d| d.log.push("late")))
            .flag(F::on("--early", "logs `early`, before the others", |d| d.log.push("early")).first())
            .flag(F::with("--long", "X", "a default too long for the column", |_, _| Ok(())).shows("a default that will not fit beside it"))
            .section("Output")
            .flag(F::switch("--on", "a switch", |d| &mut d.on))
    }

    fn parse(args: &[&str]) -> Result<Option<Demo>, String> {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        demo().parse(&args, Demo { n: 3, ..Demo::default() })
    }

    #[test]
    fn both_forms_and_first_flags_first() {
        let d = parse(&["--late", "--n=7", "--xs", "1,-2", "--on", "--early"]).unwrap().unwrap();
        assert_eq!((d.n, d.xs, d.on, d.log), (7, vec![1.0, -2.0], true, vec!["early", "late"]));
        assert!(parse(&["--n", "x", "-h"]).unwrap().is_none(), "the help wins over a bad value");
        assert_eq!(parse(&["--xs=1,y"]).err().unwrap(), "--xs: `y` is not a valid number");
        assert_eq!(parse(&["--on=no"]).err().unwrap(), "--on takes no value, not `no` (see demo --help)");
        assert_eq!(parse(&["--n"]).err().unwrap(), "--n needs a value: --n N (see demo --help)");
    }

    #[test]
    fn the_help_is_the_table() {
        let help = demo().help(Demo { n: 3, xs: vec![0.5, 1.0], ..Demo::default() });
        let expected = [
            "demo: a head",
            "",
            "Knobs",
            "  --n N                 a number                                         [3]",
            "  --xs LIST             numbers,",
            "                        over two lines                                   [0.5,1]",
            "  --late                logs `late`",
            "  --early               logs `early`, before the others",
            "  --long X              a default too long for the column",
            "                                         [a default that will not fit beside it]",
            "Output",
            "  --on                  a switch",
            "  -h, --help            this text",
        ];
        assert_eq!(help.lines().collect::<Vec<_>>(), expected);
    }
}
