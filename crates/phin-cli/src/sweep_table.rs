//! The table of `phin sweep --config`: one row per point, sorted by point index, written as
//! CSV with a units line (`sweep.csv`), as an Arrow IPC file (`sweep.arrow`, Feather v2) and
//! with its description (`sweep.json`). Nothing in the three files depends on the machine, the
//! thread count or the time, so the same configuration gives the same bytes, and merged shards
//! give the bytes of the one-machine run.
//!
//! pandas reads the CSV with one call, `pd.read_csv("sweep.csv", comment="#")` (the first line,
//! `# units: name=unit; …`, is a comment), and the Arrow file with
//! `pd.read_feather("sweep.arrow")` (each field's unit is in its metadata, key `unit`).

use super::sweep_config::{Point, Sweep};
use crate::args::UserError;
use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// File names of a sweep's output directory.
pub const CSV: &str = "sweep.csv";
/// The Arrow IPC file.
pub const ARROW: &str = "sweep.arrow";
/// The description.
pub const META: &str = "sweep.json";

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dtype {
    /// Unsigned integer.
    U64,
    /// true / false.
    Bool,
    /// Real.
    F64,
    /// Text.
    Str,
}

/// One column: name, unit, type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Name (the CSV header).
    pub name: String,
    /// Unit (`-` for names, flags and indices; `1` for dimensionless figures).
    pub unit: String,
    /// Type.
    pub dtype: Dtype,
}

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An unsigned integer.
    U64(u64),
    /// A flag.
    Bool(bool),
    /// A real.
    F64(f64),
    /// A text without commas, quotes or line ends.
    Str(String),
}

impl Value {
    /// As written in the CSV: reals in Rust's shortest form that reads back to the same bits
    /// (`NaN` for a figure that has no value).
    fn csv(&self) -> String {
        match self {
            Value::U64(v) => v.to_string(),
            Value::Bool(v) => v.to_string(),
            Value::F64(v) => format!("{v:?}"),
            Value::Str(v) => v.clone(),
        }
    }

    fn parse(text: &str, dtype: Dtype) -> Option<Value> {
        Some(match dtype {
            Dtype::U64 => Value::U64(text.parse().ok()?),
            Dtype::Bool => Value::Bool(text.parse().ok()?),
            Dtype::F64 => Value::F64(text.parse().ok()?),
            Dtype::Str => Value::Str(text.to_string()),
        })
    }
}

/// The grid's columns, before the figures.
pub fn grid_columns() -> Vec<Column> {
    let c = |name: &str, unit: &str, dtype| Column {
        name: name.into(),
        unit: unit.into(),
        dtype,
    };
    vec![
        c("point", "-", Dtype::U64),
        c("state", "-", Dtype::Str),
        c("adaptive", "-", Dtype::Bool),
        c("sr_field", "full scale", Dtype::F64),
        c("drive_hz", "Hz", Dtype::F64),
        c("drive_amplitude", "full scale", Dtype::F64),
        c("warmup_s", "s", Dtype::F64),
        c("seed", "-", Dtype::U64),
    ]
}

/// A point's grid cells, in the order of [`grid_columns`].
pub fn grid_values(p: &Point) -> Vec<Value> {
    vec![
        Value::U64(p.index as u64),
        Value::Str(p.state.name().into()),
        Value::Bool(p.adaptive),
        Value::F64(p.sr_field),
        Value::F64(p.drive_hz),
        Value::F64(p.drive_amplitude),
        Value::F64(p.warmup_s),
        Value::U64(p.seed),
    ]
}

/// Which part of a sweep a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// This shard, 0 … n − 1 (the Slurm array task id).
    pub k: usize,
    /// Number of shards.
    pub n: usize,
}

/// `sweep.json`: what the table is of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The phin version that wrote it.
    pub phin: String,
    /// First 16 hex digits of SHA-256 of `config`.
    pub config_digest: String,
    /// The sweep file in canonical form (`phin sweep --config` reads it back).
    pub config: String,
    /// Points in the whole grid.
    pub points: usize,
    /// Measured ticks per point.
    pub ticks: u64,
    /// `null` for a whole sweep; the shard's K and N otherwise.
    pub shard: Option<Shard>,
    /// Rows in this table.
    pub rows: usize,
    /// The columns, with units and types.
    pub columns: Vec<Column>,
}

impl Meta {
    /// The description of a table of `rows` rows of `sweep`.
    pub fn of(sweep: &Sweep, shard: Option<Shard>, rows: usize, columns: &[Column]) -> Meta {
        Meta {
            phin: env!("CARGO_PKG_VERSION").into(),
            config_digest: sweep.digest.clone(),
            config: sweep.canonical.clone(),
            points: sweep.points.len(),
            ticks: sweep.ticks,
            shard,
            rows,
            columns: columns.to_vec(),
        }
    }
}

/// A table: columns and rows (sorted by point index).
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, each one value per column.
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    /// The CSV: the units line, the header, one line per row; `\n` line ends.
    pub fn to_csv(&self) -> String {
        let units: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("{}={}", c.name, c.unit))
            .collect();
        let mut s = format!("# units: {}\n", units.join("; "));
        let names: Vec<&str> = self.columns.iter().map(|c| c.name.as_str()).collect();
        s.push_str(&names.join(","));
        s.push('\n');
        for r in &self.rows {
            let cells: Vec<String> = r.iter().map(Value::csv).collect();
            s.push_str(&cells.join(","));
            s.push('\n');
        }
        s
    }

    /// Reads back a CSV this module wrote, with the columns of `meta`; errors name `what` (the
    /// file) and the line.
    pub fn from_csv(text: &str, columns: &[Column], what: &str) -> Result<Table, UserError> {
        let mut lines = text.lines().enumerate();
        let bad = |l: usize, why: &str| UserError(format!("{what}:{}: {why}", l + 1));
        match lines.next() {
            Some((_, l)) if l.starts_with("# units: ") => {}
            _ => return Err(bad(0, "expected the `# units:` line")),
        }
        let header: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        match lines.next() {
            Some((_, l)) if l == header.join(",") => {}
            _ => return Err(bad(1, "the header differs from the columns in sweep.json")),
        }
        let mut rows = Vec::new();
        for (k, line) in lines {
            let cells: Vec<&str> = line.split(',').collect();
            if cells.len() != columns.len() {
                return Err(bad(k, "wrong number of cells"));
            }
            let row = cells
                .iter()
                .zip(columns)
                .map(|(t, c)| Value::parse(t, c.dtype))
                .collect::<Option<Vec<Value>>>()
                .ok_or_else(|| bad(k, "a cell does not read as its column's type"))?;
            rows.push(row);
        }
        Ok(Table {
            columns: columns.to_vec(),
            rows,
        })
    }

    /// The Arrow IPC file (one record batch; each field's unit in its metadata).
    pub fn to_arrow(&self) -> Result<Vec<u8>, UserError> {
        let e = |err: arrow_schema::ArrowError| UserError(format!("{ARROW}: {err}"));
        let fields: Vec<Field> = self
            .columns
            .iter()
            .map(|c| {
                let t = match c.dtype {
                    // Signed, as pandas reads the CSV's integers (int64), so both files load
                    // as the same frame; every value (point index, seed) is below 2^63.
                    Dtype::U64 => DataType::Int64,
                    Dtype::Bool => DataType::Boolean,
                    Dtype::F64 => DataType::Float64,
                    Dtype::Str => DataType::Utf8,
                };
                // One key per map, so the map's iteration order cannot change the bytes.
                Field::new(&c.name, t, false)
                    .with_metadata(HashMap::from([("unit".to_string(), c.unit.clone())]))
            })
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let arrays: Vec<ArrayRef> = (0..self.columns.len())
            .map(|j| {
                let col = self.rows.iter().map(|r| &r[j]);
                let a: ArrayRef = match self.columns[j].dtype {
                    Dtype::U64 => Arc::new(Int64Array::from_iter_values(col.map(|v| match v {
                        Value::U64(x) => i64::try_from(*x).unwrap_or(i64::MAX),
                        _ => 0,
                    }))),
                    Dtype::Bool => Arc::new(BooleanArray::from_iter(col.map(|v| match v {
                        Value::Bool(x) => Some(*x),
                        _ => Some(false),
                    }))),
                    Dtype::F64 => Arc::new(Float64Array::from_iter_values(col.map(|v| match v {
                        Value::F64(x) => *x,
                        _ => f64::NAN,
                    }))),
                    Dtype::Str => Arc::new(StringArray::from_iter_values(col.map(|v| match v {
                        Value::Str(x) => x.as_str(),
                        _ => "",
                    }))),
                };
                a
            })
            .collect();
        let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(e)?;
        let mut buf = Vec::new();
        let mut w = arrow_ipc::writer::FileWriter::try_new(&mut buf, &schema).map_err(e)?;
        w.write(&batch).map_err(e)?;
        w.finish().map_err(e)?;
        drop(w);
        Ok(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_reads_back_bit_for_bit() {
        let columns = vec![
            Column {
                name: "point".into(),
                unit: "-".into(),
                dtype: Dtype::U64,
            },
            Column {
                name: "adaptive".into(),
                unit: "-".into(),
                dtype: Dtype::Bool,
            },
            Column {
                name: "x".into(),
                unit: "Hz".into(),
                dtype: Dtype::F64,
            },
        ];
        let t = Table {
            columns: columns.clone(),
            rows: vec![
                vec![Value::U64(0), Value::Bool(true), Value::F64(0.1 + 0.2)],
                vec![Value::U64(1), Value::Bool(false), Value::F64(1e-300)],
            ],
        };
        let csv = t.to_csv();
        assert!(csv.starts_with("# units: point=-; adaptive=-; x=Hz\npoint,adaptive,x\n"));
        let back = Table::from_csv(&csv, &columns, "t.csv").unwrap();
        assert_eq!(back, t);
        // NaN reads back as NaN.
        let nan = Table::from_csv(&csv.replace("1e-300", "NaN"), &columns, "t.csv").unwrap();
        assert!(matches!(nan.rows[1][2], Value::F64(v) if v.is_nan()));
        assert_eq!(t.to_arrow().unwrap(), t.to_arrow().unwrap());
    }
}
