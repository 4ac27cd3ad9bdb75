//! A small reader of Verilog-2005 sources, enough to check a co-simulation before anything is
//! built: a module's parameters, its ports with their direction, signedness and width (ranges
//! evaluated from the parameters), the names it declares, and the instances it holds, so that a
//! hierarchical name (`col_motor.u_l23.x`) can be looked up through a tree.
//!
//! It is not a Verilog front end. What it cannot decide it reports as unknown rather than wrong:
//! a width whose expression it cannot evaluate is `None`, and a name inside a generate block is
//! [`Lookup::Unknown`], never [`Lookup::Missing`]. Verilator still checks everything when the tree
//! is built; this reader only lets the common mistakes fail in a second instead of after a build.

use crate::error::CosimError;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Direction of a port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// `input`
    Input,
    /// `output`
    Output,
    /// `inout`
    Inout,
}

/// A port of a module header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortDecl {
    /// Port name.
    pub name: String,
    /// Direction.
    pub dir: Dir,
    /// Declared `signed` (or `integer`).
    pub signed: bool,
    /// Width in bits with the parameters in force, or `None` when the range could not be
    /// evaluated.
    pub width: Option<u32>,
}

/// A parameter of a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamDecl {
    /// Name.
    pub name: String,
    /// The default value's source text.
    pub default: String,
    /// `localparam`: not overridable.
    pub local: bool,
}

/// What the reader found in one module.
#[derive(Clone, Debug, Default)]
pub struct ModuleInfo {
    /// Module name.
    pub name: String,
    /// The file that defines it.
    pub file: PathBuf,
    /// Parameters and localparams in declaration order.
    pub params: Vec<ParamDecl>,
    /// Ports in declaration order.
    pub ports: Vec<PortDecl>,
    /// Every name declared at module level (ports, regs, wires, integers, genvars).
    pub decls: HashSet<String>,
    /// Instances: (instance name, module name).
    pub instances: Vec<(String, String)>,
    /// The module has a generate block, whose names the reader does not follow.
    pub has_generate: bool,
    // Range tokens of each port, kept to re-evaluate widths under other parameter values.
    port_ranges: Vec<Option<Vec<Tok>>>,
    // Parameter default expressions as tokens.
    param_exprs: Vec<Vec<Tok>>,
}

/// The outcome of looking a hierarchical name up in a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Declared where the name says.
    Found,
    /// Certainly not declared: names the first scope or variable that is missing.
    Missing(String),
    /// The reader cannot tell (a module it did not read, or a generate block on the way).
    Unknown,
}

/// Every module defined in a set of source files.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    /// Modules by name.
    pub modules: HashMap<String, ModuleInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Id(String),
    Num(i64),
    // A number the reader cannot value (x/z digits, reals, huge constants).
    BadNum,
    Str(String),
    Punct(String),
    // A macro use (`NAME) that no define gave a value to.
    Macro(String),
}

fn is_id_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_id(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Value of a Verilog number's digits in `base` (`_` ignored); None for x/z or overflow.
fn digits(s: &str, base: u32) -> Option<i64> {
    let mut v: i64 = 0;
    let mut any = false;
    for c in s.chars() {
        if c == '_' {
            continue;
        }
        let d = c.to_digit(base)? as i64;
        v = v.checked_mul(base as i64)?.checked_add(d)?;
        any = true;
    }
    any.then_some(v)
}

/// A Verilog integer literal (`18'sd4`, `'h1F`, `16'hFFFF`, `42`): its value, as an unsigned
/// pattern of its size when sized, or None.
pub fn parse_number(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Some((size, rest)) = s.split_once('\'') {
        let rest = rest.trim_start_matches(['s', 'S']);
        let mut ch = rest.chars();
        let base = match ch.next()?.to_ascii_lowercase() {
            'd' => 10,
            'h' => 16,
            'b' => 2,
            'o' => 8,
            _ => return None,
        };
        let v = digits(ch.as_str().trim(), base)?;
        let size: u32 = if size.trim().is_empty() {
            32
        } else {
            size.trim().parse().ok()?
        };
        if size < 63 {
            Some(v & ((1i64 << size) - 1))
        } else {
            Some(v)
        }
    } else if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        digits(h, 16)
    } else if let Some(n) = s.strip_prefix('-') {
        digits(n, 10).map(|v| -v)
    } else {
        digits(s, 10)
    }
}

struct Lexer<'a> {
    defines: &'a mut HashMap<String, Option<String>>,
    include_dirs: &'a [PathBuf],
    depth: usize,
}

impl Lexer<'_> {
    /// Tokens of `text` (from `file`), with comments removed, `ifdef`s resolved against the
    /// defines, `include`s spliced in and macros with a value replaced by it.
    fn lex(&mut self, text: &str, file: &Path) -> Result<Vec<Tok>, CosimError> {
        let mut out = Vec::new();
        // Conditional stack: (this branch active, some branch already taken).
        let mut cond: Vec<(bool, bool)> = Vec::new();
        let active = |c: &Vec<(bool, bool)>| c.iter().all(|(a, _)| *a);
        let cs: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < cs.len() {
            let c = cs[i];
            if c == '/' && cs.get(i + 1) == Some(&'/') {
                while i < cs.len() && cs[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            if c == '/' && cs.get(i + 1) == Some(&'*') {
                i += 2;
                while i + 1 < cs.len() && !(cs[i] == '*' && cs[i + 1] == '/') {
                    i += 1;
                }
                i += 2;
                continue;
            }
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            if c == '`' {
                let start = i + 1;
                let mut j = start;
                while j < cs.len() && is_id(cs[j]) {
                    j += 1;
                }
                let name: String = cs[start..j].iter().collect();
                let mut k = j;
                while k < cs.len() && cs[k] != '\n' {
                    k += 1;
                }
                let rest: String = cs[j..k].iter().collect();
                let rest = rest.split("//").next().unwrap_or("").trim().to_string();
                match name.as_str() {
                    "ifdef" | "ifndef" => {
                        let def = self.defines.contains_key(rest.as_str());
                        let on = if name == "ifdef" { def } else { !def };
                        cond.push((on, on));
                        i = k;
                    }
                    "elsif" => {
                        if let Some(top) = cond.last_mut() {
                            let on = !top.1 && self.defines.contains_key(rest.as_str());
                            *top = (on, top.1 || on);
                        }
                        i = k;
                    }
                    "else" => {
                        if let Some(top) = cond.last_mut() {
                            *top = (!top.1, true);
                        }
                        i = k;
                    }
                    "endif" => {
                        cond.pop();
                        i = k;
                    }
                    _ if !active(&cond) => i = k,
                    "define" => {
                        let (n, v) = match rest.split_once(char::is_whitespace) {
                            Some((n, v)) => (n.to_string(), Some(v.trim().to_string())),
                            None => (rest.clone(), None),
                        };
                        self.defines.entry(n).or_insert(v);
                        i = k;
                    }
                    "undef" => {
                        self.defines.remove(rest.as_str());
                        i = k;
                    }
                    "include" => {
                        let inc = rest.trim_matches(['"', '<', '>']).to_string();
                        if self.depth < 8 {
                            if let Some(p) = self.find_include(&inc, file) {
                                let t =
                                    fs::read_to_string(&p).map_err(|e| CosimError::io(&p, e))?;
                                self.depth += 1;
                                let toks = self.lex(&t, &p)?;
                                self.depth -= 1;
                                out.extend(toks);
                            }
                        }
                        i = k;
                    }
                    "timescale" | "default_nettype" | "resetall" | "celldefine"
                    | "endcelldefine" | "line" => i = k,
                    _ => {
                        match self.defines.get(&name).cloned().flatten() {
                            Some(v) if self.depth < 8 => {
                                self.depth += 1;
                                let toks = self.lex(&v, file)?;
                                self.depth -= 1;
                                out.extend(toks);
                            }
                            _ => out.push(Tok::Macro(name)),
                        }
                        i = j;
                    }
                }
                continue;
            }
            if !active(&cond) {
                i += 1;
                continue;
            }
            if c == '"' {
                let mut j = i + 1;
                while j < cs.len() && cs[j] != '"' {
                    if cs[j] == '\\' {
                        j += 1;
                    }
                    j += 1;
                }
                out.push(Tok::Str(cs[i + 1..j.min(cs.len())].iter().collect()));
                i = j + 1;
                continue;
            }
            if is_id_start(c) || c == '$' || c == '\\' {
                let mut j = i + 1;
                if c == '\\' {
                    while j < cs.len() && !cs[j].is_whitespace() {
                        j += 1;
                    }
                } else {
                    while j < cs.len() && is_id(cs[j]) {
                        j += 1;
                    }
                }
                out.push(Tok::Id(cs[i..j].iter().collect()));
                i = j;
                continue;
            }
            if c.is_ascii_digit()
                || (c == '\'' && cs.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic()))
            {
                // A number: digits, then optionally 'base and digits (spaces allowed around ').
                let mut j = i;
                while j < cs.len() && (cs[j].is_ascii_digit() || cs[j] == '_') {
                    j += 1;
                }
                let mut k = j;
                while k < cs.len() && cs[k] == ' ' {
                    k += 1;
                }
                if k < cs.len() && cs[k] == '\'' {
                    k += 1;
                    if k < cs.len() && (cs[k] == 's' || cs[k] == 'S') {
                        k += 1;
                    }
                    k += 1; // base letter
                    while k < cs.len() && cs[k] == ' ' {
                        k += 1;
                    }
                    while k < cs.len()
                        && (cs[k].is_ascii_alphanumeric() || cs[k] == '_' || cs[k] == '?')
                    {
                        k += 1;
                    }
                    j = k;
                } else if j < cs.len()
                    && cs[j] == '.'
                    && cs.get(j + 1).is_some_and(|d| d.is_ascii_digit())
                {
                    j += 1;
                    while j < cs.len() && (cs[j].is_ascii_alphanumeric() || cs[j] == '_') {
                        j += 1;
                    }
                    out.push(Tok::BadNum);
                    i = j;
                    continue;
                }
                let text: String = cs[i..j].iter().filter(|c| **c != ' ').collect();
                out.push(parse_number(&text).map_or(Tok::BadNum, Tok::Num));
                i = j;
                continue;
            }
            // Punctuation: the two- and three-character operators the reader needs whole.
            let three: String = cs[i..(i + 3).min(cs.len())].iter().collect();
            let two: String = cs[i..(i + 2).min(cs.len())].iter().collect();
            let p = if ["<<<", ">>>", "===", "!=="].contains(&three.as_str()) {
                three
            } else if [
                "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "**", "+:", "-:",
            ]
            .contains(&two.as_str())
            {
                two
            } else {
                c.to_string()
            };
            i += p.chars().count();
            out.push(Tok::Punct(p));
        }
        Ok(out)
    }

    fn find_include(&self, name: &str, from: &Path) -> Option<PathBuf> {
        let here = from.parent().map(|d| d.join(name));
        here.into_iter()
            .chain(self.include_dirs.iter().map(|d| d.join(name)))
            .find(|p| p.is_file())
    }
}

fn id(t: Option<&Tok>) -> Option<&str> {
    match t {
        Some(Tok::Id(s)) => Some(s.as_str()),
        _ => None,
    }
}

fn is_p(t: Option<&Tok>, p: &str) -> bool {
    matches!(t, Some(Tok::Punct(q)) if q == p)
}

/// Index just past the bracket that closes the one at `i` (`(`, `[` or `{`).
fn skip_group(t: &[Tok], i: usize) -> usize {
    let mut depth = 0i32;
    let mut j = i;
    while j < t.len() {
        if let Tok::Punct(p) = &t[j] {
            match p.as_str() {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => {
                    depth -= 1;
                    if depth == 0 {
                        return j + 1;
                    }
                }
                _ => {}
            }
        }
        j += 1;
    }
    t.len()
}

/// Index of the next `;` (or one of `stop`) at bracket depth 0, from `i`.
fn until(t: &[Tok], mut i: usize, stop: &[&str]) -> usize {
    while i < t.len() {
        match &t[i] {
            Tok::Punct(p) if p == "(" || p == "[" || p == "{" => i = skip_group(t, i),
            Tok::Punct(p) if p == ";" || stop.contains(&p.as_str()) => return i,
            _ => i += 1,
        }
    }
    i
}

const DECL_KW: &[&str] = &[
    "input", "output", "inout", "reg", "wire", "integer", "genvar", "real", "time", "tri",
    "supply0", "supply1", "wand", "wor", "logic",
];
const TYPE_KW: &[&str] = &[
    "wire", "reg", "tri", "logic", "integer", "signed", "unsigned", "var",
];

/// Index past one behavioural statement starting at `i`.
fn skip_statement(t: &[Tok], i: usize) -> usize {
    match id(t.get(i)) {
        Some("begin") | Some("fork") => {
            let (open, close) = if id(t.get(i)) == Some("begin") {
                ("begin", "end")
            } else {
                ("fork", "join")
            };
            let mut depth = 0;
            let mut j = i;
            while j < t.len() {
                match id(t.get(j)) {
                    Some(w) if w == open => depth += 1,
                    Some(w) if w == close => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            t.len()
        }
        Some("case") | Some("casez") | Some("casex") => {
            let mut depth = 0;
            let mut j = i;
            while j < t.len() {
                match id(t.get(j)) {
                    Some("case") | Some("casez") | Some("casex") => depth += 1,
                    Some("endcase") => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            t.len()
        }
        Some("if") => {
            let mut j = i + 1;
            if is_p(t.get(j), "(") {
                j = skip_group(t, j);
            }
            j = skip_statement(t, j);
            if id(t.get(j)) == Some("else") {
                j = skip_statement(t, j + 1);
            }
            j
        }
        Some("for") | Some("while") | Some("repeat") => {
            let mut j = i + 1;
            if is_p(t.get(j), "(") {
                j = skip_group(t, j);
            }
            skip_statement(t, j)
        }
        Some("forever") => skip_statement(t, i + 1),
        _ if is_p(t.get(i), "@") || is_p(t.get(i), "#") => {
            let mut j = i + 1;
            if is_p(t.get(j), "(") {
                j = skip_group(t, j);
            } else {
                j += 1;
            }
            skip_statement(t, j)
        }
        _ => until(t, i, &[]) + 1,
    }
}

/// Index past the keyword `end` matching `open` at `i` (`function` … `endfunction`).
fn skip_block(t: &[Tok], i: usize, open: &str, close: &str) -> usize {
    let mut depth = 0;
    let mut j = i;
    while j < t.len() {
        match id(t.get(j)) {
            Some(w) if w == open => depth += 1,
            Some(w) if w == close => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += 1;
    }
    t.len()
}

/// An integer expression over parameter values: `+ - * / % << >> ** ( ) ?:`, comparisons and
/// `$clog2`; None when it uses anything else.
struct Eval<'a> {
    t: &'a [Tok],
    i: usize,
    vars: &'a HashMap<String, i64>,
}

impl Eval<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.i)
    }
    fn eat(&mut self, p: &str) -> bool {
        if is_p(self.peek(), p) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn ternary(&mut self) -> Option<i64> {
        let c = self.binary(0)?;
        if self.eat("?") {
            let a = self.ternary()?;
            if !self.eat(":") {
                return None;
            }
            let b = self.ternary()?;
            Some(if c != 0 { a } else { b })
        } else {
            Some(c)
        }
    }
    fn binary(&mut self, min: u8) -> Option<i64> {
        let mut lhs = self.unary()?;
        while let Some(Tok::Punct(op)) = self.peek().cloned() {
            let prec = match op.as_str() {
                "||" => 1,
                "&&" => 2,
                "|" => 3,
                "^" => 4,
                "&" => 5,
                "==" | "!=" => 6,
                "<" | ">" | "<=" | ">=" => 7,
                "<<" | ">>" | "<<<" | ">>>" => 8,
                "+" | "-" => 9,
                "*" | "/" | "%" => 10,
                "**" => 11,
                _ => break,
            };
            if prec < min {
                break;
            }
            self.i += 1;
            let rhs = self.binary(prec + 1)?;
            lhs = match op.as_str() {
                "||" => i64::from(lhs != 0 || rhs != 0),
                "&&" => i64::from(lhs != 0 && rhs != 0),
                "|" => lhs | rhs,
                "^" => lhs ^ rhs,
                "&" => lhs & rhs,
                "==" => i64::from(lhs == rhs),
                "!=" => i64::from(lhs != rhs),
                "<" => i64::from(lhs < rhs),
                ">" => i64::from(lhs > rhs),
                "<=" => i64::from(lhs <= rhs),
                ">=" => i64::from(lhs >= rhs),
                "<<" | "<<<" => lhs.checked_shl(u32::try_from(rhs).ok()?)?,
                ">>" | ">>>" => lhs.checked_shr(u32::try_from(rhs).ok()?)?,
                "+" => lhs.checked_add(rhs)?,
                "-" => lhs.checked_sub(rhs)?,
                "*" => lhs.checked_mul(rhs)?,
                "/" => lhs.checked_div(rhs)?,
                "%" => lhs.checked_rem(rhs)?,
                "**" => lhs.checked_pow(u32::try_from(rhs).ok()?)?,
                _ => return None,
            };
        }
        Some(lhs)
    }
    fn unary(&mut self) -> Option<i64> {
        if self.eat("-") {
            return self.unary()?.checked_neg();
        }
        if self.eat("+") {
            return self.unary();
        }
        if self.eat("!") {
            return Some(i64::from(self.unary()? == 0));
        }
        if self.eat("(") {
            let v = self.ternary()?;
            return self.eat(")").then_some(v);
        }
        match self.peek().cloned() {
            Some(Tok::Num(v)) => {
                self.i += 1;
                Some(v)
            }
            Some(Tok::Id(name)) if name == "$clog2" => {
                self.i += 1;
                if !self.eat("(") {
                    return None;
                }
                let v = self.ternary()?;
                if !self.eat(")") {
                    return None;
                }
                let mut r = 0;
                while (1i64 << r) < v {
                    r += 1;
                }
                Some(r)
            }
            Some(Tok::Id(name)) => {
                self.i += 1;
                self.vars.get(&name).copied()
            }
            _ => None,
        }
    }
}

fn eval(t: &[Tok], vars: &HashMap<String, i64>) -> Option<i64> {
    let mut e = Eval { t, i: 0, vars };
    let v = e.ternary()?;
    (e.i == t.len()).then_some(v)
}

/// Width of a `[msb:lsb]` range given as its inner tokens.
fn range_width(inner: &[Tok], vars: &HashMap<String, i64>) -> Option<u32> {
    let mut depth = 0;
    let colon = inner.iter().position(|t| match t {
        Tok::Punct(p) if p == "(" || p == "[" || p == "{" => {
            depth += 1;
            false
        }
        Tok::Punct(p) if p == ")" || p == "]" || p == "}" => {
            depth -= 1;
            false
        }
        Tok::Punct(p) => p == ":" && depth == 0,
        _ => false,
    })?;
    let msb = eval(&inner[..colon], vars)?;
    let lsb = eval(&inner[colon + 1..], vars)?;
    u32::try_from((msb - lsb).abs() + 1).ok()
}

fn text_of(t: &[Tok]) -> String {
    t.iter()
        .map(|k| match k {
            Tok::Id(s) | Tok::Punct(s) => s.clone(),
            Tok::Num(v) => v.to_string(),
            Tok::BadNum => "?".into(),
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Macro(m) => format!("`{m}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl ModuleInfo {
    /// Parameter values with `overrides` (name, source text) in force: defaults evaluated in
    /// declaration order. A parameter whose value cannot be evaluated is left out.
    pub fn param_values(&self, overrides: &[(String, String)]) -> HashMap<String, i64> {
        let mut vars = HashMap::new();
        for (p, expr) in self.params.iter().zip(&self.param_exprs) {
            let over = overrides
                .iter()
                .rev()
                .find(|(n, _)| *n == p.name && !p.local)
                .and_then(|(_, v)| parse_number(v));
            if let Some(v) = over.or_else(|| eval(expr, &vars)) {
                vars.insert(p.name.clone(), v);
            }
        }
        vars
    }

    /// The ports with their widths evaluated under `overrides` (parameter name, value).
    pub fn ports_with(&self, overrides: &[(String, String)]) -> Vec<PortDecl> {
        let vars = self.param_values(overrides);
        self.ports
            .iter()
            .zip(&self.port_ranges)
            .map(|(p, r)| PortDecl {
                width: match r {
                    None => p.width,
                    Some(inner) => range_width(inner, &vars),
                },
                ..p.clone()
            })
            .collect()
    }

    /// The port called `name`.
    pub fn port(&self, name: &str) -> Option<&PortDecl> {
        self.ports.iter().find(|p| p.name == name)
    }

    /// The names of the overridable parameters.
    pub fn parameter_names(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|p| !p.local)
            .map(|p| p.name.clone())
            .collect()
    }
}

/// What a declaration says of the names it declares.
#[derive(Clone, Debug, Default)]
struct Attrs {
    signed: bool,
    // The tokens inside `[ ]` of the packed range.
    range: Option<Vec<Tok>>,
    integer: bool,
}

/// A port as declared: name, direction and attributes.
type DeclaredPort = (String, Dir, Attrs);

/// Reads a declaration list after its keyword(s) at `i` (ports of an ANSI header stop at the
/// next direction keyword): the names, with signedness and range tokens. Returns the index of
/// the terminator.
fn read_decl_names(t: &[Tok], mut i: usize, ansi: bool) -> (usize, Attrs, Vec<String>) {
    let mut signed = false;
    let mut range = None;
    let mut integer = false;
    let mut names = Vec::new();
    loop {
        match t.get(i) {
            Some(Tok::Id(w)) if TYPE_KW.contains(&w.as_str()) => {
                if w == "signed" {
                    signed = true;
                }
                if w == "integer" {
                    integer = true;
                    signed = true;
                }
                i += 1;
            }
            Some(Tok::Punct(p)) if p == "[" && range.is_none() && names.is_empty() => {
                let end = skip_group(t, i);
                range = Some(t[i + 1..end.saturating_sub(1)].to_vec());
                i = end;
            }
            _ => break,
        }
    }
    while let Some(name) = id(t.get(i)) {
        if ansi && ["input", "output", "inout"].contains(&name) {
            break;
        }
        names.push(name.to_string());
        i += 1;
        // Unpacked dimensions, then an initialiser.
        while is_p(t.get(i), "[") {
            i = skip_group(t, i);
        }
        if is_p(t.get(i), "=") {
            i = until(t, i, &[",", ")"]);
        }
        if is_p(t.get(i), ",") {
            i += 1;
            continue;
        }
        break;
    }
    (
        i,
        Attrs {
            signed,
            range,
            integer,
        },
        names,
    )
}

fn parse_module(t: &[Tok], mut i: usize, file: &Path) -> (ModuleInfo, usize) {
    let mut m = ModuleInfo {
        name: id(t.get(i)).unwrap_or_default().to_string(),
        file: file.to_path_buf(),
        ..Default::default()
    };
    i += 1;
    let push_param = |m: &mut ModuleInfo, name: &str, expr: &[Tok], local: bool| {
        m.params.push(ParamDecl {
            name: name.to_string(),
            default: text_of(expr),
            local,
        });
        m.param_exprs.push(expr.to_vec());
    };
    // Parameter port list: #( parameter [type] [range] A = expr, B = expr, ... )
    if is_p(t.get(i), "#") && is_p(t.get(i + 1), "(") {
        let end = skip_group(t, i + 1);
        let mut j = i + 2;
        let mut local = false;
        while j < end - 1 {
            match t.get(j) {
                Some(Tok::Id(w)) if w == "parameter" || w == "localparam" => {
                    local = w == "localparam";
                    j += 1;
                }
                Some(Tok::Id(w))
                    if ["integer", "signed", "real", "unsigned"].contains(&w.as_str())
                        && !is_p(t.get(j + 1), "=") =>
                {
                    j += 1
                }
                Some(Tok::Punct(p)) if p == "[" => j = skip_group(t, j),
                Some(Tok::Id(name)) if is_p(t.get(j + 1), "=") => {
                    let e = until(t, j + 2, &[",", ")"]).min(end - 1);
                    push_param(&mut m, name, &t[j + 2..e], local);
                    j = e + 1;
                }
                _ => j += 1,
            }
        }
        i = end;
    }
    // Port list: ANSI declarations, or bare names declared in the body.
    let mut ansi_ports: Vec<DeclaredPort> = Vec::new();
    let mut bare: Vec<String> = Vec::new();
    if is_p(t.get(i), "(") {
        let end = skip_group(t, i);
        let mut j = i + 1;
        let mut dir: Option<Dir> = None;
        let mut attrs = Attrs::default();
        while j < end - 1 {
            match id(t.get(j)) {
                Some(d @ ("input" | "output" | "inout")) => {
                    dir = Some(match d {
                        "input" => Dir::Input,
                        "output" => Dir::Output,
                        _ => Dir::Inout,
                    });
                    let (k, a, names) = read_decl_names(t, j + 1, true);
                    attrs = a;
                    for n in names {
                        ansi_ports.push((n, dir.unwrap_or(Dir::Input), attrs.clone()));
                    }
                    j = k;
                    if is_p(t.get(j), ",") {
                        j += 1;
                    }
                }
                Some(name) => {
                    // A continuation name of the previous ANSI declaration, or a non-ANSI name.
                    if let Some(d) = dir {
                        ansi_ports.push((name.to_string(), d, attrs.clone()));
                    } else {
                        bare.push(name.to_string());
                    }
                    j += 1;
                }
                None => j += 1,
            }
        }
        i = end;
    }
    if is_p(t.get(i), ";") {
        i += 1;
    }
    let mut body_ports: HashMap<String, (Dir, Attrs)> = HashMap::new();
    // Module items.
    while i < t.len() {
        match t.get(i) {
            Some(Tok::Id(w)) => match w.as_str() {
                "endmodule" => {
                    i += 1;
                    break;
                }
                "function" => i = skip_block(t, i, "function", "endfunction"),
                "task" => i = skip_block(t, i, "task", "endtask"),
                "generate" => {
                    m.has_generate = true;
                    i = skip_block(t, i, "generate", "endgenerate");
                }
                "always" | "initial" | "always_ff" | "always_comb" | "always_latch" => {
                    i = skip_statement(t, i + 1)
                }
                "assign" | "defparam" => i = until(t, i, &[]) + 1,
                "parameter" | "localparam" => {
                    let local = w == "localparam";
                    let mut j = i + 1;
                    loop {
                        while matches!(
                            id(t.get(j)),
                            Some("integer" | "signed" | "real" | "unsigned")
                        ) && !is_p(t.get(j + 1), "=")
                        {
                            j += 1;
                        }
                        if is_p(t.get(j), "[") {
                            j = skip_group(t, j);
                        }
                        let Some(name) = id(t.get(j)).map(str::to_string) else {
                            break;
                        };
                        if !is_p(t.get(j + 1), "=") {
                            break;
                        }
                        let e = until(t, j + 2, &[","]);
                        push_param(&mut m, &name, &t[j + 2..e], local);
                        j = e;
                        if is_p(t.get(j), ",") {
                            j += 1;
                            continue;
                        }
                        break;
                    }
                    i = until(t, j, &[]) + 1;
                }
                kw if DECL_KW.contains(&kw) => {
                    let dir = match kw {
                        "input" => Some(Dir::Input),
                        "output" => Some(Dir::Output),
                        "inout" => Some(Dir::Inout),
                        _ => None,
                    };
                    let (k, a, names) = read_decl_names(t, i + 1, false);
                    for n in names {
                        if let Some(d) = dir {
                            body_ports.insert(n.clone(), (d, a.clone()));
                        }
                        m.decls.insert(n);
                    }
                    i = until(t, k, &[]) + 1;
                }
                // Generate constructs written without `generate` (allowed since 1364-2005).
                "for" | "if" | "case" => {
                    m.has_generate = true;
                    i = skip_statement(t, i);
                }
                "begin" | "end" | "else" | "endcase" | "specify" | "endspecify" => i += 1,
                _ => {
                    // An instance: MODULE [#(...)] NAME [range] (...) {, NAME (...)} ;
                    let module = w.clone();
                    let mut j = i + 1;
                    if is_p(t.get(j), "#") {
                        j = if is_p(t.get(j + 1), "(") {
                            skip_group(t, j + 1)
                        } else {
                            j + 2
                        };
                    }
                    while let Some(inst) = id(t.get(j)).map(str::to_string) {
                        j += 1;
                        while is_p(t.get(j), "[") {
                            j = skip_group(t, j);
                        }
                        if !is_p(t.get(j), "(") {
                            break;
                        }
                        j = skip_group(t, j);
                        m.instances.push((inst, module.clone()));
                        if is_p(t.get(j), ",") {
                            j += 1;
                        } else {
                            break;
                        }
                    }
                    i = until(t, j, &[]) + 1;
                }
            },
            _ => i = until(t, i, &[]) + 1,
        }
    }
    let declared = ansi_ports.into_iter().chain(bare.into_iter().map(|n| {
        let (d, a) = body_ports
            .get(&n)
            .cloned()
            .unwrap_or((Dir::Input, Attrs::default()));
        (n, d, a)
    }));
    for (n, d, a) in declared {
        m.decls.insert(n.clone());
        m.port_ranges.push(a.range);
        m.ports.push(PortDecl {
            name: n,
            dir: d,
            signed: a.signed,
            width: Some(if a.integer { 32 } else { 1 }),
        });
    }
    // Widths under the default parameters.
    let ports = m.ports_with(&[]);
    m.ports = ports;
    (m, i)
}

impl Tree {
    /// Reads every module of `files` (`.v`/`.sv`), with `defines` (`-D`) set and `include`s
    /// looked up next to the including file, then in `include_dirs`.
    pub fn read(
        files: &[PathBuf],
        include_dirs: &[PathBuf],
        defines: &[(String, Option<String>)],
    ) -> Result<Tree, CosimError> {
        let mut tree = Tree::default();
        for f in files {
            let mut defs: HashMap<String, Option<String>> = defines.iter().cloned().collect();
            let text = fs::read_to_string(f).map_err(|e| CosimError::io(f, e))?;
            let mut lx = Lexer {
                defines: &mut defs,
                include_dirs,
                depth: 0,
            };
            let toks = lx.lex(&text, f)?;
            let mut i = 0;
            while i < toks.len() {
                if matches!(id(toks.get(i)), Some("module" | "macromodule")) {
                    let (m, next) = parse_module(&toks, i + 1, f);
                    if !m.name.is_empty() {
                        tree.modules.entry(m.name.clone()).or_insert(m);
                    }
                    i = next;
                } else {
                    i += 1;
                }
            }
        }
        Ok(tree)
    }

    /// Reads the `.v`/`.sv` files of `dir` and then of each include directory (a module defined
    /// in `dir` wins over one of the same name found later, as Verilator takes the files given
    /// before searching the directories).
    pub fn read_dirs(
        dir: &Path,
        include_dirs: &[PathBuf],
        defines: &[(String, Option<String>)],
    ) -> Result<Tree, CosimError> {
        let mut files = Vec::new();
        for d in std::iter::once(dir).chain(include_dirs.iter().map(PathBuf::as_path)) {
            let mut fs_: Vec<PathBuf> = fs::read_dir(d)
                .map_err(|e| CosimError::io(d, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "v" || x == "sv"))
                .collect();
            fs_.sort();
            files.extend(fs_);
        }
        let mut incs = vec![dir.to_path_buf()];
        incs.extend(include_dirs.iter().cloned());
        Tree::read(&files, &incs, defines)
    }

    /// Looks up `path` (`scope.scope.var`, relative to module `top`).
    pub fn lookup(&self, top: &str, path: &str) -> Lookup {
        let Some(mut m) = self.modules.get(top) else {
            return Lookup::Unknown;
        };
        let parts: Vec<&str> = path.split('.').collect();
        let (scopes, var) = parts.split_at(parts.len() - 1);
        let mut so_far = String::new();
        for s in scopes {
            if !so_far.is_empty() {
                so_far.push('.');
            }
            so_far.push_str(s);
            match m.instances.iter().find(|(inst, _)| inst == s) {
                Some((_, module)) => match self.modules.get(module) {
                    Some(next) => m = next,
                    None => return Lookup::Unknown,
                },
                None if m.has_generate => return Lookup::Unknown,
                None => return Lookup::Missing(so_far),
            }
        }
        let var = crate::rtl_sim::split_slice(var[0]).0;
        if m.decls.contains(var) {
            Lookup::Found
        } else if m.has_generate {
            Lookup::Unknown
        } else if so_far.is_empty() {
            Lookup::Missing(var.to_string())
        } else {
            Lookup::Missing(format!("{so_far}.{var}"))
        }
    }

    /// Every module, sorted by name (for messages).
    pub fn module_names(&self) -> Vec<String> {
        let sorted: BTreeMap<&String, ()> = self.modules.keys().map(|k| (k, ())).collect();
        sorted.into_keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(src: &str) -> Tree {
        let mut defs = HashMap::new();
        let mut lx = Lexer {
            defines: &mut defs,
            include_dirs: &[],
            depth: 0,
        };
        let toks = lx.lex(src, Path::new("t.v")).unwrap();
        let mut t = Tree::default();
        let mut i = 0;
        while i < toks.len() {
            if id(toks.get(i)) == Some("module") {
                let (m, n) = parse_module(&toks, i + 1, Path::new("t.v"));
                t.modules.insert(m.name.clone(), m);
                i = n;
            } else {
                i += 1;
            }
        }
        t
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("18'sd4"), Some(4));
        assert_eq!(parse_number("16'h1D2B"), Some(0x1D2B));
        assert_eq!(parse_number("'b101"), Some(5));
        assert_eq!(parse_number("42"), Some(42));
        assert_eq!(parse_number("-3"), Some(-3));
        assert_eq!(parse_number("0x1f"), Some(31));
        assert_eq!(parse_number("4'bx01"), None);
        assert_eq!(parse_number("abc"), None);
    }

    #[test]
    fn an_ansi_header_with_parameters() {
        let t = tree(
            "module top #(parameter WIDTH = 18, parameter N = 5, parameter FAST_SIM = 0) (\n\
             input wire clk, rst, // two\n\
             input wire signed [WIDTH-1:0] a,\n\
             input wire signed [N*WIDTH-1:0] packed,\n\
             output reg [2:0] s, output wire f, output wire signed [WIDTH-1:0] y\n\
             );\n\
             localparam L = 3;\n\
             reg [3:0] r; wire signed [17:0] w1 = 5, w2;\n\
             sub #(.P(1)) u_a (.x(a)), u_b (.x(a));\n\
             other u_c (.q(y));\n\
             always @(posedge clk) if (rst) r <= 0; else r <= r + 1;\n\
             endmodule\n",
        );
        let m = &t.modules["top"];
        assert_eq!(m.parameter_names(), ["WIDTH", "N", "FAST_SIM"]);
        let w: Vec<(String, Option<u32>, bool)> = m
            .ports
            .iter()
            .map(|p| (p.name.clone(), p.width, p.signed))
            .collect();
        assert_eq!(
            w,
            [
                ("clk".to_string(), Some(1), false),
                ("rst".to_string(), Some(1), false),
                ("a".to_string(), Some(18), true),
                ("packed".to_string(), Some(90), true),
                ("s".to_string(), Some(3), false),
                ("f".to_string(), Some(1), false),
                ("y".to_string(), Some(18), true),
            ]
        );
        assert_eq!(m.port("s").unwrap().dir, Dir::Output);
        let over = m.ports_with(&[("WIDTH".into(), "16".into())]);
        assert_eq!(over[3].width, Some(80));
        assert!(m.decls.contains("w1") && m.decls.contains("w2") && m.decls.contains("r"));
        assert_eq!(
            m.instances,
            [
                ("u_a".to_string(), "sub".to_string()),
                ("u_b".to_string(), "sub".to_string()),
                ("u_c".to_string(), "other".to_string())
            ]
        );
    }

    #[test]
    fn a_non_ansi_header_and_lookups() {
        let t = tree(
            "module leaf(clk, q); input clk; output reg [7:0] q; reg [3:0] cnt;\n\
             function [3:0] f; input [3:0] v; begin f = v; end endfunction\n\
             endmodule\n\
             module mid(input clk); leaf u_leaf (.clk(clk), .q()); endmodule\n\
             module top(input clk); mid u_mid (.clk(clk)); endmodule\n",
        );
        assert_eq!(t.modules["leaf"].ports[1].width, Some(8));
        assert_eq!(t.lookup("top", "u_mid.u_leaf.cnt"), Lookup::Found);
        assert_eq!(t.lookup("top", "u_mid.u_leaf.q"), Lookup::Found);
        assert_eq!(
            t.lookup("top", "u_mid.u_other.cnt"),
            Lookup::Missing("u_mid.u_other".into())
        );
        assert_eq!(
            t.lookup("top", "u_mid.u_leaf.nope"),
            Lookup::Missing("u_mid.u_leaf.nope".into())
        );
        assert!(
            !t.modules["leaf"].decls.contains("v"),
            "function locals are not module names"
        );
    }

    #[test]
    fn ifdefs_follow_the_defines() {
        let src = "module m(\n`ifdef WIDE\n output wire [31:0] o\n`else\n output wire [7:0] o\n`endif\n);\nendmodule\n";
        let narrow = tree(src);
        assert_eq!(narrow.modules["m"].ports[0].width, Some(8));
        let mut defs: HashMap<String, Option<String>> = HashMap::new();
        defs.insert("WIDE".into(), None);
        let mut lx = Lexer {
            defines: &mut defs,
            include_dirs: &[],
            depth: 0,
        };
        let toks = lx.lex(src, Path::new("t.v")).unwrap();
        let (m, _) = parse_module(&toks, 1, Path::new("t.v"));
        assert_eq!(m.ports[0].width, Some(32));
    }
}
