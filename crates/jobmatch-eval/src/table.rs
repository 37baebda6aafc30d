//! Side-by-side report of several methods: one row per method, one column per
//! metric, rendered as an aligned text table (best value of each column marked
//! with `*`) or JSON.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::EvalError;
use crate::market::{MARKET_TOP_K, concentration, coverage};
use crate::metrics::{Evaluation, GroupMean, Metric, MissingQueries, evaluate};
use crate::trec::{Qrels, Run};

/// Which direction of a column is better, for marking the best value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Goal {
    /// Larger values are better (e.g. nDCG, coverage).
    Maximize,
    /// Smaller values are better (e.g. concentration).
    Minimize,
    /// No best value is marked (e.g. a query count).
    Neither,
}

/// A column of a [`MetricTable`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Column header.
    pub name: String,
    /// Which values are best.
    pub goal: Goal,
    /// Decimal places shown in the text table.
    pub decimals: usize,
}

impl Column {
    /// A column with `decimals` places whose best value is the largest.
    pub fn maximize(name: impl Into<String>, decimals: usize) -> Self {
        Self {
            name: name.into(),
            goal: Goal::Maximize,
            decimals,
        }
    }

    /// A column with `decimals` places whose best value is the smallest.
    pub fn minimize(name: impl Into<String>, decimals: usize) -> Self {
        Self {
            name: name.into(),
            goal: Goal::Minimize,
            decimals,
        }
    }

    /// A column with `decimals` places and no best value.
    pub fn plain(name: impl Into<String>, decimals: usize) -> Self {
        Self {
            name: name.into(),
            goal: Goal::Neither,
            decimals,
        }
    }
}

/// One method's values, one per column (`None` = not available, shown as `-`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Method name (first column).
    pub method: String,
    /// Values in column order.
    pub values: Vec<Option<f64>>,
}

/// A table of metric values, one row per method.
///
/// ```
/// use jobmatch_eval::table::{Column, MetricTable};
/// let mut table = MetricTable::new(vec![
///     Column::maximize("nDCG@10", 4),
///     Column::minimize("gini", 3),
/// ]);
/// table.push_row("engine", vec![Some(0.61234), Some(0.40)])?;
/// table.push_row("random", vec![Some(0.1), Some(0.12)])?;
/// assert_eq!(
///     table.to_text(),
///     "method  nDCG@10    gini \n\
///      ------  --------  ------\n\
///      engine   0.6123*  0.400 \n\
///      random   0.1000   0.120*\n\
///      (* = best in column)\n"
/// );
/// let json: serde_json::Value = serde_json::from_str(&table.to_json()?)?;
/// assert_eq!(json["rows"][0]["method"], "engine");
/// assert_eq!(json["best"]["nDCG@10"][0], "engine");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricTable {
    columns: Vec<Column>,
    rows: Vec<Row>,
}

/// JSON view: the table plus, per column with a goal, the best methods.
#[derive(Serialize)]
struct TableJson<'a> {
    columns: &'a [Column],
    rows: &'a [Row],
    best: BTreeMap<&'a str, Vec<&'a str>>,
}

impl MetricTable {
    /// An empty table with the given metric columns (the method column is implicit).
    pub fn new(columns: Vec<Column>) -> Self {
        Self {
            columns,
            rows: Vec::new(),
        }
    }

    /// The metric columns.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The rows, in insertion order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Appends a row; fails unless there is exactly one value per column.
    pub fn push_row(
        &mut self,
        method: impl Into<String>,
        values: Vec<Option<f64>>,
    ) -> Result<(), EvalError> {
        let method = method.into();
        if values.len() != self.columns.len() {
            return Err(EvalError::RowLength {
                method,
                expected: self.columns.len(),
                found: values.len(),
            });
        }
        self.rows.push(Row { method, values });
        Ok(())
    }

    /// Indices of the rows holding the best value of column `column` (all of them
    /// on an exact tie; none for [`Goal::Neither`], missing or NaN values).
    pub fn best_rows(&self, column: usize) -> Vec<usize> {
        let Some(col) = self.columns.get(column) else {
            return Vec::new();
        };
        let values = self.rows.iter().enumerate().filter_map(|(i, r)| {
            let v = r.values.get(column).copied().flatten()?;
            (!v.is_nan()).then_some((i, v))
        });
        let best = match col.goal {
            Goal::Neither => None,
            Goal::Maximize => values.clone().map(|(_, v)| v).max_by(f64::total_cmp),
            Goal::Minimize => values.clone().map(|(_, v)| v).min_by(f64::total_cmp),
        };
        match best {
            Some(b) => values
                .filter(|&(_, v)| v.total_cmp(&b).is_eq())
                .map(|(i, _)| i)
                .collect(),
            None => Vec::new(),
        }
    }

    /// Renders an aligned text table; the best value of each column is followed
    /// by `*`, and a legend line ends the table.
    pub fn to_text(&self) -> String {
        let best: Vec<Vec<usize>> = (0..self.columns.len()).map(|c| self.best_rows(c)).collect();
        let mut grid: Vec<Vec<String>> = Vec::with_capacity(self.rows.len());
        for (r, row) in self.rows.iter().enumerate() {
            let mut cells = vec![row.method.clone()];
            for (c, col) in self.columns.iter().enumerate() {
                let mark = if best[c].contains(&r) { "*" } else { " " };
                let text = match row.values.get(c).copied().flatten() {
                    Some(v) => format!("{v:.prec$}", prec = col.decimals),
                    None => "-".to_owned(),
                };
                cells.push(format!("{text}{mark}"));
            }
            grid.push(cells);
        }
        let mut headers = vec!["method".to_owned()];
        headers.extend(self.columns.iter().map(|c| format!("{} ", c.name)));
        let widths: Vec<usize> = (0..headers.len())
            .map(|i| {
                grid.iter()
                    .map(|cells| cells[i].chars().count())
                    .chain(std::iter::once(headers[i].chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        let mut push_line = |cells: &[String]| {
            let mut line = String::new();
            for (i, cell) in cells.iter().enumerate() {
                if i == 0 {
                    line.push_str(&format!("{cell:<w$}", w = widths[0]));
                } else {
                    line.push_str(&format!("  {cell:>w$}", w = widths[i]));
                }
            }
            out.push_str(&line);
            out.push('\n');
        };
        push_line(&headers);
        let rule: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(i, &w)| "-".repeat(if i == 0 { w } else { w.max(1) }))
            .collect();
        push_line(&rule);
        for cells in &grid {
            push_line(cells);
        }
        out.push_str("(* = best in column)\n");
        out
    }

    /// Renders the table as pretty JSON:
    /// `{"columns": [...], "rows": [{"method", "values"}], "best": {column: [methods]}}`.
    pub fn to_json(&self) -> Result<String, EvalError> {
        let best = self
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.goal != Goal::Neither)
            .map(|(i, c)| {
                let methods = self
                    .best_rows(i)
                    .into_iter()
                    .map(|r| self.rows[r].method.as_str())
                    .collect();
                (c.name.as_str(), methods)
            })
            .collect();
        Ok(serde_json::to_string_pretty(&TableJson {
            columns: &self.columns,
            rows: &self.rows,
            best,
        })?)
    }

    /// The benchmark table: `queries`, the [`Metric::STANDARD`] metrics, `coverage`,
    /// `gini` and one `nDCG@10[group]` column per group tag found in any summary.
    /// Rows follow the order of `summaries` (put the engine first).
    pub fn from_summaries(summaries: &[MethodSummary]) -> Self {
        let tags: BTreeSet<&str> = summaries
            .iter()
            .flat_map(|s| s.ndcg10_by_group.keys().map(String::as_str))
            .collect();
        let mut columns = vec![Column::plain("queries", 0)];
        columns.extend(
            Metric::STANDARD
                .iter()
                .map(|m| Column::maximize(m.label(), 4)),
        );
        columns.push(Column::maximize("coverage", 4));
        columns.push(Column::minimize("gini", 4));
        columns.extend(
            tags.iter()
                .map(|t| Column::maximize(format!("nDCG@10[{t}]"), 4)),
        );
        let rows = summaries
            .iter()
            .map(|s| {
                let mut values = vec![Some(to_f64(s.evaluation.num_queries))];
                values.extend(Metric::STANDARD.iter().map(|&m| s.evaluation.mean(m)));
                values.push(s.coverage);
                values.push(s.concentration);
                values.extend(
                    tags.iter()
                        .map(|t| s.ndcg10_by_group.get(*t).and_then(|g| g.mean)),
                );
                Row {
                    method: s.method.clone(),
                    values,
                }
            })
            .collect();
        Self { columns, rows }
    }
}

/// All benchmark numbers of one method on one data set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodSummary {
    /// Method name (row label).
    pub method: String,
    /// The [`Metric::STANDARD`] metrics, per query and mean.
    pub evaluation: Evaluation,
    /// Coverage of the universe in top [`MARKET_TOP_K`], if a universe was given.
    pub coverage: Option<f64>,
    /// Gini of top-[`MARKET_TOP_K`] exposure over the universe, if a universe was given.
    pub concentration: Option<f64>,
    /// Mean nDCG@10 per query group (empty if no groups were given).
    pub ndcg10_by_group: BTreeMap<String, GroupMean>,
}

impl MethodSummary {
    /// Computes every benchmark number for `run`.
    ///
    /// `universe` is the set of rankable documents (for coverage and
    /// concentration); `groups` maps query ids to group tags.
    ///
    /// ```
    /// use std::collections::{BTreeMap, BTreeSet};
    /// use jobmatch_eval::{MissingQueries, Qrels, Run, table::{MethodSummary, MetricTable}};
    /// let qrels = Qrels::parse_str("s1 0 p1 2\ns2 0 p2 1\n", "<qrels>")?;
    /// let engine = Run::parse_str("s1 Q0 p1 1 2 r\ns2 Q0 p2 1 1 r\n", "<run>")?;
    /// let random = Run::parse_str("s1 Q0 p2 1 2 r\ns2 Q0 p2 1 1 r\n", "<run>")?;
    /// let universe: BTreeSet<String> = ["p1", "p2", "p3"].map(String::from).into();
    /// let groups = BTreeMap::from([("s1".to_owned(), vec!["g".to_owned()])]);
    /// let rows = [
    ///     MethodSummary::compute("engine", &qrels, &engine, Some(&universe), Some(&groups), MissingQueries::Skip),
    ///     MethodSummary::compute("random", &qrels, &random, Some(&universe), Some(&groups), MissingQueries::Skip),
    /// ];
    /// let table = MetricTable::from_summaries(&rows);
    /// assert_eq!(table.columns().len(), 1 + 8 + 2 + 1);
    /// assert!(table.to_text().contains("1.0000*"));
    /// # Ok::<(), jobmatch_eval::EvalError>(())
    /// ```
    pub fn compute(
        method: &str,
        qrels: &Qrels,
        run: &Run,
        universe: Option<&BTreeSet<String>>,
        groups: Option<&BTreeMap<String, Vec<String>>>,
        missing: MissingQueries,
    ) -> Self {
        let evaluation = evaluate(qrels, run, &Metric::STANDARD, missing);
        let ndcg10_by_group = match groups {
            Some(groups) => evaluation.mean_by_group(Metric::Ndcg(MARKET_TOP_K), groups),
            None => BTreeMap::new(),
        };
        Self {
            method: method.to_owned(),
            coverage: universe.map(|u| coverage(run, u, MARKET_TOP_K)),
            concentration: universe.map(|u| concentration(run, u, MARKET_TOP_K)),
            ndcg10_by_group,
            evaluation,
        }
    }
}

#[allow(clippy::cast_precision_loss)]
fn to_f64(n: usize) -> f64 {
    n as f64
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ties_mark_all_and_neither_marks_none() {
        let mut t = MetricTable::new(vec![Column::maximize("a", 2), Column::plain("n", 0)]);
        t.push_row("x", vec![Some(0.5), Some(3.0)]).unwrap();
        t.push_row("y", vec![Some(0.5), Some(4.0)]).unwrap();
        t.push_row("z", vec![None, Some(f64::NAN)]).unwrap();
        assert_eq!(t.best_rows(0), [0, 1]);
        assert!(t.best_rows(1).is_empty());
        assert!(t.best_rows(7).is_empty());
        let text = t.to_text();
        assert!(text.contains("0.50*"), "{text}");
        assert!(text.lines().nth(4).unwrap().contains('-'), "{text}");
    }

    #[test]
    fn row_length_is_checked() {
        let mut t = MetricTable::new(vec![Column::maximize("a", 2)]);
        let err = t.push_row("x", vec![]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "table row `x`: expected 1 values (one per column), got 0"
        );
    }
}
